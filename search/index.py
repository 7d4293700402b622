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


def analysed_value(field, value):
    """The value the index stores for one full-text or as-you-type ``field`` of any model:
    segmented text. The backends call it for every field they index, so the fields Wagtail and
    other apps declare (image and document titles, tags, snippets) are analysed like ours, which
    do it themselves (``SegmentedValueMixin``); other fields (filters) keep their value."""
    if isinstance(field, SegmentedValueMixin) or not segmentation_enabled():
        return value
    if isinstance(field, index.AutocompleteField):
        return segment(_text(value), stemmed=False)
    if isinstance(field, index.SearchField):
        return segment(_text(value))
    return value


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
