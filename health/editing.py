"""用词 warnings in the page editor: the latest draft checked against the term list, shown next to
the field it was found in (health/static/health/term-warnings.js) and, when the page is submitted
to 审核, as a message. A warning, never a block: the editor decides."""

from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext
from wagtail.admin import messages
from wagtail.models import Page

from .words import TermChecker, suggestion


def draft_matches(page: Page):
    draft = page.specific.get_latest_revision_as_object()
    return TermChecker.from_database().check_page(draft)


def term_warnings_view(request, page_id: int):
    page = get_object_or_404(Page, pk=page_id)
    if not page.permissions_for_user(request.user).can_edit():
        raise Http404
    warnings = [
        {
            "field": match.field,
            "text": gettext("用词提示：“%(found)s”%(suggestion)s（…%(context)s…）")
            % {"found": match.found, "suggestion": suggestion(match), "context": match.context},
        }
        for match in draft_matches(page)
    ]
    return JsonResponse({"warnings": warnings})


def warn_on_submit(request, page):
    """After 提交审核: say how many term warnings the submitted draft has."""
    if not request.POST.get("action-submit"):
        return
    matches = draft_matches(page)
    if not matches:
        return
    found = "、".join(dict.fromkeys(f"“{match.found}”" for match in matches))
    messages.warning(
        request,
        gettext("已提交审核。用词提示：%(found)s，共 %(count)d 处，请核对（不影响审核）。")
        % {"found": found, "count": len(matches)},
    )
