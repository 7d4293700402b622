"""The public comment form: the shared public-input form (challenge, honeypot, consent, limits)
with the comment's own fields."""

from django import forms
from django.utils.translation import gettext_lazy as _

from participation.forms import MainlandMobileField, PublicInputForm

TEXT_MAX_LENGTH = 2000


class CommentForm(PublicInputForm):
    text = forms.CharField(
        label=_("意见内容"),
        max_length=TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("不超过 2000 字。意见不公开发布，供起草单位研究参考。"),
    )
    contact_name = forms.CharField(label=_("姓名（选填）"), max_length=50, required=False)
    contact_mobile = MainlandMobileField(
        label=_("手机号码"),
        help_text=_("仅供工作人员联系核实，不会公开。"),
    )

    rate_scope = "consultations"
    screened_fields = ("text", "contact_name")
    field_order = ["text", "contact_name", "contact_mobile"]

    def own_fields(self):
        """The comment's fields (the shared ones are rendered by participation/common_fields)."""
        return [self[name] for name in ("text", "contact_name", "contact_mobile")]
