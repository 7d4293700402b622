"""``?page=`` of the site's paginated listings: a page that exists, or 404.

Django's ``Paginator.get_page`` answers anything (``abc``, ``-1``, ``1e9``) with the first or
the last page: each made-up value was then a page of its own for the page cache (a new entry for
the same HTML). Here only the spelling the listing's own links use (a whole number from 1, no
sign, no leading zero) names a page, and only pages that exist; the rest is no page (404).
"""

from django.core.paginator import InvalidPage
from django.http import Http404

from .page_cache import use_query_value

MAX_PAGE_DIGITS = 9


def page_or_404(paginator, request, *, name: str = "page"):
    """The page of ``paginator`` that ``?page=`` names (the first when absent), else Http404."""
    values = request.GET.getlist(name)
    if not values:
        return paginator.page(1)
    value = values[-1]
    if len(values) > 1 or not _is_page_number(value):
        raise Http404("no such page")
    try:
        page = paginator.page(int(value))
    except InvalidPage as error:
        raise Http404("no such page") from error
    use_query_value(request, name)
    return page


def _is_page_number(value: str) -> bool:
    return (
        value.isascii()
        and value.isdigit()
        and not value.startswith("0")
        and len(value) <= MAX_PAGE_DIGITS
    )
