from rest_framework.filters import BaseFilterBackend
from wagtail.api.v2.filters import FieldsFilter, OrderingFilter, SearchFilter
from wagtail.api.v2.utils import BadRequestError

from home.api import PublicPagesAPIViewSet

from .models import DraftRegulationPage, Status


class StatusFilter(BaseFilterBackend):
    """``status=open`` (征求意见中), ``upcoming``, ``closed`` or ``reported``: from the dates."""

    def filter_queryset(self, request, queryset, view):
        status = request.GET.get("status")
        if not status:
            return queryset
        if status not in Status.values:
            raise BadRequestError(f"status must be one of {', '.join(Status.values)}")
        ids = [draft.pk for draft in queryset if draft.current_status == status]
        return queryset.filter(pk__in=ids)


class ConsultationsAPIViewSet(PublicPagesAPIViewSet):
    """/api/v2/consultations/: drafts of local regulations open (or once open) for comment,
    with their counts of participants and comments; never the comments themselves."""

    model = DraftRegulationPage
    name = "consultations"
    filter_backends = [FieldsFilter, StatusFilter, OrderingFilter, SearchFilter]
    known_query_parameters = PublicPagesAPIViewSet.known_query_parameters.union(["status"])
    listing_default_fields = PublicPagesAPIViewSet.listing_default_fields + [
        "organiser",
        "opens_at",
        "closes_at",
        "status",
        "participants",
        "comments",
    ]

    def get_queryset(self):
        ids = self.get_base_queryset().values_list("pk", flat=True)
        return DraftRegulationPage.objects.filter(pk__in=ids).order_by("-closes_at", "-pk")
