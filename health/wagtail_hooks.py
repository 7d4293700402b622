from django.templatetags.static import static
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from . import dashboard, document_status, editing, views
from .models import ColumnHealth, Term

REPORTS = [
    ("freshness", views.ColumnFreshnessReportView, _("栏目更新"), "time", 160),
    ("terms", views.TermReportView, _("用词检查"), "warning", 161),
    ("internal_links", views.InternalLinkReportView, _("站内链接检查"), "link", 162),
    ("external_links", views.ExternalLinkReportView, _("外部链接检查"), "link-external", 163),
    ("document_status", document_status.DocumentStatusReportView, _("文件状态"), "doc-full", 164),
]


@hooks.register("register_admin_urls")
def register_health_urls():
    urls = [
        path("health/terms/<int:page_id>/", editing.term_warnings_view, name="health_term_warnings")
    ]
    for name, view, _label, _icon, _order in REPORTS:
        urls += [
            path(f"reports/{name}/", view.as_view(), name=f"health_{name}_report"),
            path(f"reports/{name}/results/", view.as_view(results_only=True),
                 name=f"health_{name}_report_results"),
        ]  # fmt: skip
    return urls


def _report_menu_item(name, label, icon, order):
    @hooks.register("register_reports_menu_item")
    def register():
        return MenuItem(label, reverse(f"health_{name}_report"), icon_name=icon, order=order)


for _name, _view, _label, _icon, _order in REPORTS:
    _report_menu_item(_name, _label, _icon, _order)


class TermViewSet(SnippetViewSet):
    model = Term
    icon = "edit"
    list_display = ["correct", "kind", "wrong_forms", "note"]
    list_filter = ["kind"]
    search_fields = ["correct", "wrong_forms", "note"]


class ColumnHealthViewSet(SnippetViewSet):
    model = ColumnHealth
    icon = "time"
    list_display = ["page", "kind", "interval_days", "responsible_group"]


class ContentHealthGroup(SnippetViewSetGroup):
    items = (TermViewSet, ColumnHealthViewSet)
    menu_label = _("内容健康")
    menu_icon = "warning"
    menu_order = 250


register_snippet(ContentHealthGroup)


@hooks.register("insert_editor_js")
def term_warnings_js():
    return format_html(
        '<script src="{}" data-url="{}" defer></script>',
        static("health/term-warnings.js"),
        reverse("health_term_warnings", args=[0]),
    )


@hooks.register("insert_global_admin_css")
def health_css():
    return format_html('<link rel="stylesheet" href="{}">', static("health/health.css"))


hooks.register("after_edit_page", editing.warn_on_submit)
hooks.register("construct_homepage_panels", dashboard.add_panel)
