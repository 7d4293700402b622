"""What the public may see of the pages: one definition, read both as an ORM condition (lists,
feeds, the API, search) and as a fragment of hand-written SQL (``news/statements.py``).

A page is visible when it is live, not past its expiry time (even before ``publish_scheduled``
has unpublished it) and not in a private section (a page with a view restriction, and its
subtree); a type with an embargo field (an article's 发布时间) is visible only once that moment
has come. ``tests/news/test_visibility.py`` checks that the two readings agree on generated pages.
"""

import functools
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime

from django.db.models import Q
from django.utils import timezone

from .cache.lookups import restricted_paths
from .db import column, db_datetime

# How each rule tests its field. Every rule is one of these, and each has one ORM and one SQL
# reading below: a new rule reuses them (or adds a test with both readings side by side).
IS_TRUE = "is true"
UNSET_OR_AFTER = "unset or after"
AT_OR_BEFORE = "at or before"
NOT_UNDER = "not under"


@dataclass(frozen=True)
class Visibility:
    """The rules of visibility for a kind of page; ``embargo_field``: a date before which a
    page of that kind is not public (``None``: no embargo)."""

    embargo_field: str | None = None

    def rules(self, *, now: datetime | None, restricted) -> Iterator[tuple[str, str, object]]:
        """(field, test, value) for each rule: all must hold."""
        yield "live", IS_TRUE, None
        yield "expire_at", UNSET_OR_AFTER, now
        if self.embargo_field:
            yield self.embargo_field, AT_OR_BEFORE, now
        for path in restricted:
            yield "path", NOT_UNDER, path

    def q(self, *, now: datetime | None = None) -> Q:
        """The rules as an ORM condition. The restricted paths come from the list kept per site
        generation (``home.cache.lookups.restricted_paths``; any change to a restriction, or a move,
        replaces the generation): Wagtail's ``PageQuerySet.public()`` would load every view
        restriction each time, and the usual case — no private section — adds no condition."""
        now = timezone.now() if now is None else now
        condition, private = Q(), Q()
        for field, test, value in self.rules(now=now, restricted=restricted_paths()):
            if test == IS_TRUE:
                condition &= Q(**{field: True})
            elif test == UNSET_OR_AFTER:
                condition &= Q(**{f"{field}__isnull": True}) | Q(**{f"{field}__gt": value})
            elif test == AT_OR_BEFORE:
                condition &= Q(**{f"{field}__lte": value})
            else:  # NOT_UNDER: one NOT (… OR …) for all private sections
                private |= Q(**{f"{field}__startswith": value})
        return condition & ~private if private else condition

    def sql(
        self, model, aliases: dict, *, now: datetime | None = None, using: str = "default"
    ) -> tuple[str, list]:
        """The rules as SQL on the tables of ``model`` (``aliases``: {concrete model: alias},
        e.g. {Page: "p", NewsPage: "n"}) read from database ``using``, and its parameters. The
        text depends only on the tables and the private sections: it is written once for each."""
        now = timezone.now() if now is None else now
        restricted = restricted_paths()
        text = _sql_text(self, model, tuple(aliases.items()), restricted, using)
        params = []
        for _field, test, value in self.rules(now=now, restricted=restricted):
            if test in (UNSET_OR_AFTER, AT_OR_BEFORE):
                params.append(db_datetime(value, using=using))
            elif test == NOT_UNDER:  # tree paths are letters and digits: nothing to escape
                params.append(f"{value}%")
        return text, params


@functools.lru_cache(maxsize=256)
def _sql_text(visibility: Visibility, model, aliases: tuple, restricted: tuple, using: str) -> str:
    """``Visibility.sql``'s text, each rule's test read as SQL (its values are parameters)."""
    parts = []
    for field, test, _value in visibility.rules(now=None, restricted=restricted):
        name = column(model, field, dict(aliases), using=using)
        if test == IS_TRUE:
            parts.append(name)
        elif test == UNSET_OR_AFTER:
            parts.append(f"({name} IS NULL OR {name} > %s)")
        elif test == AT_OR_BEFORE:
            parts.append(f"{name} <= %s")
        else:  # NOT_UNDER
            parts.append(f"{name} NOT LIKE %s")
    return " AND ".join(parts)


# Every page type: live, not expired, not private.
PUBLIC_PAGES = Visibility()


def publicly_visible(queryset):
    """What the public may see of a page queryset (``PUBLIC_PAGES``)."""
    return queryset.filter(PUBLIC_PAGES.q())
