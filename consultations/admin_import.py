"""导入正文: a draft's text from a .docx or pasted text, previewed before it replaces the text."""

from django import forms
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView
from wagtail.admin import messages
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from .models import DraftRegulationPage
from .parsing import docx_lines, parse_lines
from .services import import_text

MAX_DOCX_BYTES = 5 * 1024 * 1024


class ImportTextForm(forms.Form):
    document = forms.FileField(
        label=_("Word 文件（.docx）"),
        required=False,
        help_text=_("不超过 5 MB。"),
        widget=forms.ClearableFileInput(attrs={"accept": ".docx"}),
    )
    text = forms.CharField(
        label=_("或粘贴正文"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text=_("每行一段；章、节、条单独起行，如“第一章　总则”“第一条　……”。"),
    )

    def clean(self):
        cleaned = super().clean()
        document = cleaned.get("document")
        if document:
            if document.size > MAX_DOCX_BYTES:
                raise forms.ValidationError({"document": _("文件超过 5 MB。")})
            try:
                cleaned["lines"] = docx_lines(document.read())
            except ValueError as error:
                raise forms.ValidationError(
                    {"document": _("无法读取该文件：请上传 Word（.docx）格式的文件。")}
                ) from error
        elif cleaned.get("text", "").strip():
            cleaned["lines"] = cleaned["text"].splitlines()
        else:
            raise forms.ValidationError(_("请上传 .docx 文件或粘贴正文。"))
        return cleaned


class ImportTextView(WagtailAdminTemplateMixin, FormView):
    """POST without ``apply``: the preview (structure, unrecognised lines, numbering warnings)
    and the lines carried in a hidden field; POST with ``apply``: those lines replace the text
    in a new revision of the draft, and the editor goes back to the edit form."""

    form_class = ImportTextForm
    template_name = "consultations/admin/import_text.html"
    header_icon = "doc-full"

    def dispatch(self, request, page_id):
        self.draft = get_object_or_404(DraftRegulationPage, pk=page_id)
        if not self.draft.permissions_for_user(request.user).can_edit():
            raise PermissionDenied
        return super().dispatch(request, page_id)

    def get_page_title(self):
        return gettext("导入正文：%(title)s") % {"title": self.draft.title}

    def get_breadcrumbs_items(self):
        return [*super().get_breadcrumbs_items(), {"url": "", "label": self.get_page_title()}]

    def form_valid(self, form):
        lines = form.cleaned_data["lines"]
        parsed = parse_lines(lines)
        if self.request.POST.get("apply") and parsed.articles:
            import_text(draft=self.draft, parsed=parsed, user=self.request.user)
            message = gettext("已导入 %(count)d 条：请校对后提交审核。")
            messages.success(self.request, message % {"count": len(parsed.articles)})
            return redirect("wagtailadmin_pages:edit", self.draft.pk)
        confirm = ImportTextForm(initial={"text": "\n".join(lines)})
        return self.render_to_response(
            self.get_context_data(form=form, parsed=parsed, confirm=confirm)
        )

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "draft": self.draft,
            "edit_url": reverse("wagtailadmin_pages:edit", args=[self.draft.pk]),
        }
