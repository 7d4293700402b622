from .activities import (
    ActivityFollowUp,
    ActivityIndexPage,
    ActivityPage,
    ActivityType,
    FollowUpStatus,
)
from .fields import ChoiceListField
from .network import (
    ALLOWED_PARENT_LEVELS,
    FACILITY_CHOICES,
    FUNCTION_CHOICES,
    StationIndexPage,
    StationLevel,
    StationPage,
    StationPhoto,
    StationRepresentative,
)
from .representatives import CongressLevel, Representative

__all__ = [
    "ALLOWED_PARENT_LEVELS",
    "FACILITY_CHOICES",
    "FUNCTION_CHOICES",
    "ActivityFollowUp",
    "ActivityIndexPage",
    "ActivityPage",
    "ActivityType",
    "ChoiceListField",
    "CongressLevel",
    "FollowUpStatus",
    "Representative",
    "StationIndexPage",
    "StationLevel",
    "StationPage",
    "StationPhoto",
    "StationRepresentative",
]
