"""网上联络站 in the admin: the message list, a message's page (text, photos, history, the steps
its status allows, the reply and its review), its photos and the XLSX export.

Every view starts from ``permissions.visible_messages``: a message of another station is a 404,
not a 403, so that its existence is not revealed either. Contact details are shown only on
request (查看联系方式) to holders of ``liaison.view_contact``, and each reading is logged
(``participation.models.log_contact_access``), as is each export that includes them.
"""

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.generic import TemplateView
from wagtail.admin import messages
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn
from wagtail.admin.views import generic
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.widgets.button import HeaderButton

from participation.forms import HOLD_REASON_LABELS
from participation.models import log_contact_access

from . import lifecycle
from .admin_filters import MessageFilterSet
from .deadlines import accept_deadline, overdue_label, reply_deadline
from .models import Message, MessageEvent, MessagePhoto, Rating, Reply
from .permissions import (
    can_handle_messages,
    can_review_replies,
    can_view_contact,
    visible_messages,
)

INSPECT_URL = "liaison_message:inspect"


def message_url(message) -> str:
    return reverse(INSPECT_URL, args=[message.pk])


class MessageIndexView(generic.IndexView):
    any_permission_required = ["handle_message"]
    page_title = gettext_lazy("网上联络站")
    filterset_class = MessageFilterSet
    default_ordering = "-received_at"
    paginate_by = 50

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        # The list's own spreadsheet export would bypass the contact rules: ours is "export".
        self.is_export = False

    def get_base_queryset(self):
        return visible_messages(
            self.request.user,
            Message.objects.select_related("station", "representative"),
        )

    @cached_property
    def columns(self):
        now = timezone.now()
        return [
            TitleColumn(
                "case_number", label=_("编号"), get_url=message_url, sort_key="case_number"
            ),
            Column("subject", label=_("主题")),
            Column("station", label=_("联络站"), accessor="station.title"),
            Column("representative", label=_("代表"), accessor="representative.name"),
            Column("category", label=_("类别"), accessor="get_category_display"),
            Column("status", label=_("状态"), accessor="get_status_display", sort_key="status"),
            DateColumn("received_at", label=_("收到时间"), sort_key="received_at"),
            Column("overdue", label=_("超期"), accessor=lambda m: overdue_label(m, now)),
        ]

    @cached_property
    def header_buttons(self):
        query = self.request.GET.copy()
        query.pop("p", None)
        url = reverse("liaison_message:export")
        if query:
            url += "?" + query.urlencode()
        return [HeaderButton(_("导出电子表格"), url=url, icon_name="download")]


class ReferForm(forms.Form):
    referred_to = forms.CharField(
        label=gettext_lazy("承办单位"),
        max_length=Message._meta.get_field("referred_to").max_length or 200,
    )


class RejectForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("不予受理的理由"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ReplyForm(forms.Form):
    text = forms.CharField(
        label=gettext_lazy("答复内容（公开）"),
        help_text=gettext_lazy(
            "将在审核通过后公开显示；不得包含留言人的姓名、手机号码或电子邮箱。"
        ),
        max_length=Reply._meta.get_field("text").max_length,
        widget=forms.Textarea(attrs={"rows": 8}),
    )


class ReturnForm(forms.Form):
    note = forms.CharField(
        label=gettext_lazy("退回意见"), max_length=500, widget=forms.Textarea(attrs={"rows": 3})
    )


# POST "action" → (form class or None, the lifecycle call with the cleaned data)
ACTIONS = {
    "release": (None, lambda m, u, d: lifecycle.release(m, user=u)),
    "accept": (None, lambda m, u, d: lifecycle.accept(m, user=u)),
    "refer": (ReferForm, lambda m, u, d: lifecycle.refer(m, user=u, to=d["referred_to"])),
    "reject": (RejectForm, lambda m, u, d: lifecycle.reject(m, user=u, reason=d["reason"])),
    "close": (None, lambda m, u, d: lifecycle.close(m, user=u)),
    "save_reply": (
        ReplyForm,
        lambda m, u, d: lifecycle.save_reply(m, user=u, text=d["text"], submit=False),
    ),
    "submit_reply": (
        ReplyForm,
        lambda m, u, d: lifecycle.save_reply(m, user=u, text=d["text"], submit=True),
    ),
    "approve_reply": (None, lambda m, u, d: lifecycle.approve_reply(m, user=u)),
    "return_reply": (ReturnForm, lambda m, u, d: lifecycle.return_reply(m, user=u, note=d["note"])),
}
SUCCESS = {
    "release": gettext_lazy("留言已通过审核，转为待受理。"),
    "accept": gettext_lazy("留言已受理。"),
    "refer": gettext_lazy("留言已转办。"),
    "reject": gettext_lazy("留言已不予受理。"),
    "close": gettext_lazy("留言已办结。"),
    "save_reply": gettext_lazy("答复草稿已保存。"),
    "submit_reply": gettext_lazy("答复已提交审核。"),
    "approve_reply": gettext_lazy("答复已审核通过，留言已答复。"),
    "return_reply": gettext_lazy("答复已退回修改。"),
}
FORM_PREFIX = {ReplyForm: "reply", ReferForm: "refer", RejectForm: "reject", ReturnForm: "review"}


class MessageDetailView(WagtailAdminTemplateMixin, TemplateView):
    """A message's page; POST takes one step (``action``) and comes back here."""

    template_name = "liaison/admin/message_detail.html"
    header_icon = "mail"

    def dispatch(self, request, *args, **kwargs):
        if not can_handle_messages(request.user):
            raise PermissionDenied
        self.object = get_object_or_404(
            visible_messages(
                request.user, Message.objects.select_related("station", "representative")
            ),
            pk=kwargs["pk"],
        )
        response = super().dispatch(request, *args, **kwargs)
        response["Cache-Control"] = "private, no-store"
        return response

    def get_page_title(self):
        return _("留言 %(case)s") % {"case": self.object.case_number}

    def get_breadcrumbs_items(self):
        return [
            {"url": reverse("wagtailadmin_home"), "label": _("仪表板")},
            {"url": reverse("liaison_message:index"), "label": _("网上联络站")},
            {"url": "", "label": self.object.case_number},
        ]

    def post(self, request, *args, **kwargs):
        action = request.POST.get("action", "")
        if action not in ACTIONS:
            messages.error(request, _("未知的操作。"))
            return redirect(message_url(self.object))
        form_class, step = ACTIONS[action]
        form = None
        if form_class is not None:
            form = form_class(request.POST, prefix=FORM_PREFIX[form_class])
            if not form.is_valid():
                messages.error(request, _("请检查下面填写的内容。"))
                return self.render_to_response(self.get_context_data(bound=form), status=400)
        try:
            step(self.object, request.user, form.cleaned_data if form else {})
        except lifecycle.TransitionError as error:
            messages.error(request, str(error))
            context = self.get_context_data(bound=form)
            return self.render_to_response(context, status=400 if form else 409)
        messages.success(request, SUCCESS[action])
        return redirect(message_url(self.object))

    def get_context_data(self, bound=None, **kwargs):
        context = super().get_context_data(**kwargs)
        message = self.object
        user = self.request.user
        show_contact = self.request.GET.get("contact") == "1" and can_view_contact(user)
        if show_contact and self.request.method == "GET":
            log_contact_access(user, message, "view")
        reply = Reply.objects.filter(message=message).select_related("written_by").first()
        is_reviewer = can_review_replies(user)
        context.update(
            message=message,
            photos=MessagePhoto.objects.filter(message=message).order_by("pk"),
            events=[
                (event, lifecycle.ACTION_LABELS.get(event.action, event.action), _note(event))
                for event in MessageEvent.objects.filter(message=message)
                .select_related("actor")
                .order_by("at", "pk")
            ],
            reply=reply,
            allowed=lifecycle.allowed_actions(message),
            can_write_reply=message.status in lifecycle.REPLY_STATUSES_OPEN
            and not (reply and reply.status == "approved"),
            can_review=is_reviewer
            and reply is not None
            and reply.status == "submitted"
            and reply.written_by_id != user.pk,
            may_view_contact=can_view_contact(user),
            show_contact=show_contact,
            accept_deadline=accept_deadline(message),
            reply_deadline=reply_deadline(message),
            overdue=overdue_label(message, timezone.now()),
            hold_reasons=[str(HOLD_REASON_LABELS.get(r, r)) for r in message.hold_reasons or []],
            forms=_forms(message, bound),
        )
        return context


@never_cache
def photo_view(request, pk, photo_pk):
    """A message's photo, for those who may see the message (private storage, never public)."""
    if not can_handle_messages(request.user):
        raise PermissionDenied
    message = get_object_or_404(visible_messages(request.user, Message.objects.all()), pk=pk)
    photo = get_object_or_404(MessagePhoto, message=message, pk=photo_pk)
    try:
        handle = photo.file.open("rb")
    except FileNotFoundError as error:
        raise Http404 from error
    response = FileResponse(handle, content_type=photo.content_type)
    response["Content-Disposition"] = "inline"
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


def _note(event) -> str:
    """An event's note as staff read it: the public side writes codes (hold reasons, ratings)."""
    if event.action == "submitted":
        codes = [code.strip() for code in event.note.split(",") if code.strip()]
        return "、".join(str(HOLD_REASON_LABELS.get(code, code)) for code in codes)
    if event.action == "rated":
        return str(dict(Rating.choices).get(event.note, event.note))
    return event.note


def _forms(message, bound=None):
    """The step forms, one bound to the data just posted when it failed."""
    reply = Reply.objects.filter(message=message).first()
    forms_ = {
        "reply": ReplyForm(prefix="reply", initial={"text": reply.text if reply else ""}),
        "refer": ReferForm(prefix="refer", initial={"referred_to": message.referred_to}),
        "reject": RejectForm(prefix="reject"),
        "review": ReturnForm(prefix="review"),
    }
    if bound is not None:
        forms_[bound.prefix] = bound
    return forms_
