"""Staff side of the comments: by draft and by 条, moderation, contact details, XLSX export."""

from django.contrib.auth.decorators import permission_required
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from wagtail.admin import messages
from wagtail.models import Locale

from participation.models import log_contact_access

from . import services
from .export import comments_workbook
from .models import MODERATION_STATUSES, Comment, CommentStatus, DraftRegulationPage

MODERATE = "consultations.moderate_comment"
VIEW_CONTACT = "consultations.view_contact"
COMMENTS_PER_PAGE = 50


def _drafts():
    """The drafts in the default language (comments of a translation count with its original)."""
    return DraftRegulationPage.objects.filter(locale=Locale.get_default()).order_by("-closes_at")


def _draft(draft_id: int) -> DraftRegulationPage:
    return get_object_or_404(_drafts(), pk=draft_id)


@permission_required(MODERATE, raise_exception=True)
@never_cache
def index(request):
    drafts = list(_drafts())
    by_key = {
        row["draft_key"]: row
        for row in Comment.objects.values("draft_key").annotate(
            total=Count("id"),
            new=Count("id", filter=Q(status=CommentStatus.NEW)),
            held=Count("id", filter=Q(status=CommentStatus.HELD)),
        )
    }
    empty = {"total": 0, "new": 0, "held": 0}
    rows = [(draft, by_key.get(draft.translation_key, empty)) for draft in drafts]
    return render(
        request,
        "consultations/admin/index.html",
        {"rows": rows, "page_title": gettext("法规草案意见"), "header_icon": "comment"},
    )


@permission_required(MODERATE, raise_exception=True)
@never_cache
def draft_comments(request, draft_id: int):
    """A draft's comments in the order of its text (整体意见 last), filterable by 条 and status."""
    draft = _draft(draft_id)
    order = {value.anchor(): index for index, value in enumerate(draft.articles)}
    comments = Comment.objects.for_draft(draft.translation_key)
    article = request.GET.get("article")
    if article is not None and article != "*":
        comments = comments.filter(article=article[:30])
    status = request.GET.get("status", "")
    if status in CommentStatus.values:
        comments = comments.filter(status=status)
    comments = sorted(
        comments.only("article", "text", "status", "hold_reasons", "submitted_at", "draft_key"),
        key=lambda c: (order.get(c.article, len(order)) if c.article else len(order) + 1, c.pk),
    )
    page = Paginator(comments, COMMENTS_PER_PAGE).get_page(request.GET.get("p"))
    counts = dict(
        Comment.objects.for_draft(draft.translation_key)
        .values_list("article")
        .annotate(n=Count("id"))
    )
    articles = [
        (value.anchor(), value.label(), counts.get(value.anchor(), 0)) for value in draft.articles
    ]
    return render(
        request,
        "consultations/admin/draft_comments.html",
        {
            "draft": draft,
            "page_obj": page,
            "articles": articles,
            "general_count": counts.get("", 0),
            "article": article,
            "status": status,
            "statuses": CommentStatus.choices,
            "moderation_statuses": [(s.value, s.label) for s in MODERATION_STATUSES],
            "can_view_contact": request.user.has_perm(VIEW_CONTACT),
            "page_title": gettext("草案意见：%(title)s") % {"title": draft.title},
            "header_icon": "comment",
        },
    )


@permission_required(MODERATE, raise_exception=True)
@require_POST
def moderate(request, comment_id: int):
    comment = get_object_or_404(Comment, pk=comment_id)
    status = request.POST.get("status", "")
    if status not in [s.value for s in MODERATION_STATUSES]:
        raise Http404
    services.moderate(
        comments=Comment.objects.filter(pk=comment.pk),
        status=status,
        user=request.user,
        now=timezone.now(),
    )
    label = CommentStatus(status).label
    messages.success(request, gettext("已标记为“%(status)s”。") % {"status": label})
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = reverse("consultations_admin_draft", args=[comment.draft_id])
    return HttpResponseRedirect(target)


@permission_required(VIEW_CONTACT, raise_exception=True)
@never_cache
def contact(request, comment_id: int):
    """The commenter's contact details, for the owning staff only; every look is logged."""
    comment = get_object_or_404(Comment, pk=comment_id)
    log_contact_access(request.user, comment, "view")
    return render(
        request,
        "consultations/admin/contact.html",
        {
            "comment": comment,
            "page_title": gettext("提意见人联系方式"),
            "header_icon": "user",
        },
    )


@permission_required(MODERATE, raise_exception=True)
@never_cache
def export(request, draft_id: int):
    """One workbook, grouped by 条: the 条's text, then its comments (spam left out). Contact
    details are included, and the access logged, only for staff allowed to see them."""
    draft = _draft(draft_id)
    with_contact = request.user.has_perm(VIEW_CONTACT)
    comments = Comment.objects.for_draft(draft.translation_key).exclude(status=CommentStatus.SPAM)
    if with_contact:
        log_contact_access(request.user, comments, "export")
    return comments_workbook(draft=draft, comments=comments, with_contact=with_contact)
