"""Index fields whose value is segmented Chinese text (see search.analysis).

They keep the model field's name, so the backends still treat ``title`` as the title (boosted) and
everything else as the body. Use them in ``search_fields`` instead of ``index.SearchField`` and
``index.AutocompleteField``; ``page_search_fields()`` gives Wagtail's page fields with the title
segmented.
"""

from django.conf import settings
from django.utils.encoding import force_str
from wagtail.models import Page
from wagtail.search import index

from .analysis import segment


def segmentation_enabled() -> bool:
    """On unless a benchmark measures stock Wagtail (``SEARCH_SEGMENTATION = False``)."""
    return getattr(settings, "SEARCH_SEGMENTATION", True)


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, list | tuple):
        return "\n".join(_text(item) for item in value)
    if isinstance(value, dict):
        return "\n".join(_text(item) for item in value.values())
    return force_str(value)


class SegmentedValueMixin:
    stemmed = True

    def get_value(self, obj):
        value = super().get_value(obj)
        if not segmentation_enabled():
            return value
        return segment(_text(value), stemmed=self.stemmed)


class ChineseSearchField(SegmentedValueMixin, index.SearchField):
    """A full-text field indexed as segmented text."""


class ChineseAutocompleteField(SegmentedValueMixin, index.AutocompleteField):
    """An as-you-type field indexed as segmented text (whole English words, not stems)."""

    stemmed = False


def page_search_fields() -> list:
    """``Page.search_fields`` with the title segmented (same name and boost)."""
    fields = []
    for field in Page.search_fields:
        if type(field) is index.SearchField and field.field_name == "title":
            field = ChineseSearchField("title", boost=field.boost)
        elif type(field) is index.AutocompleteField and field.field_name == "title":
            field = ChineseAutocompleteField("title")
        fields.append(field)
    return fields
