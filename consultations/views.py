"""The public side of a consultation: the comment form (on the whole draft or one 条) and the
feedback report (意见采纳情况)."""

from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.generic import View

from home.services import publicly_visible

from . import services
from .forms import CommentForm
from .models import DraftRegulationPage, Status


def draft_or_404(page_id: int) -> DraftRegulationPage:
    draft = publicly_visible(DraftRegulationPage.objects.filter(pk=page_id)).first()
    if draft is None:
        raise Http404
    return draft


@method_decorator(never_cache, name="dispatch")
@method_decorator(sensitive_post_parameters("contact_mobile", "contact_name"), name="dispatch")
class CommentView(View):
    """GET: the form for the 条 named by ``?article=第十二条`` (or the whole draft); POST: a
    comment, refused with the reason outside the consultation's dates."""

    template_name = "consultations/comment_page.html"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.draft = draft_or_404(kwargs["page_id"])
        data = request.POST if request.method == "POST" else request.GET
        self.anchor = data.get("article", "")[:30]
        self.article = self.draft.article(self.anchor) if self.anchor else None
        if self.anchor and self.article is None:
            raise Http404

    def get(self, request, page_id):
        return self.respond(CommentForm())

    def post(self, request, page_id):
        now = timezone.now()
        form = CommentForm(request.POST)
        if self.draft.closed_message(now):
            # Checked at the moment the submission arrives, to the second (Asia/Shanghai).
            return self.respond(form, status=403, now=now)
        if not form.is_valid():
            return self.respond(form, status=400)
        if not form.check_limits(request):
            return self.respond(form, status=429)
        outcome = services.submit_comment(draft=self.draft, article=self.anchor, form=form, now=now)
        return render(
            request,
            "consultations/comment_sent.html",
            {
                "page": self.draft,
                "draft": self.draft,
                "article": self.article,
                "duplicate": outcome == services.DUPLICATE,
                "held": outcome == services.HELD,
            },
        )

    def respond(self, form, *, status=200, now=None):
        return render(
            self.request,
            self.template_name,
            {
                "page": self.draft,
                "draft": self.draft,
                "article": self.article,
                "anchor": self.anchor,
                "form": form,
                "closed_message": self.draft.closed_message(now or timezone.now()),
            },
            status=status,
        )


def feedback(request, page_id: int):
    """意见采纳情况: per 条 the decision and its reasons, with totals; once the draft is 已反馈."""
    draft = draft_or_404(page_id)
    if draft.current_status != Status.REPORTED:
        raise Http404
    return render(
        request,
        "consultations/feedback.html",
        {"page": draft, "draft": draft, "report": services.feedback_report(draft=draft)},
    )
