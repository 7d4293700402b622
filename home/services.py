"""Query helpers shared by every app."""

from django.db.models import Exists, OuterRef
from django.db.models.functions import Length, Substr
from wagtail.models import PageViewRestriction


def exclude_private(queryset):
    """Pages not inside a private section, in the same query.

    Wagtail's ``PageQuerySet.public()`` first loads every view restriction (one more query each
    time it is used); this expresses the same rule as a correlated ``NOT EXISTS`` instead.
    """
    restricted = PageViewRestriction.objects.filter(
        page__path=Substr(OuterRef("path"), 1, Length("page__path"))
    )
    return queryset.exclude(Exists(restricted))
