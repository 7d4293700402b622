"""The figures of the content-health panel on the admin home page (site administrators only)."""

from django.db.models import Count
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.components import Component

from home.publishing import can_publish_directly

from .document_status import replacement_problems
from .freshness import column_freshness
from .messages import unanswered_counts
from .models import Check, Finding


def finding_counts() -> dict[str, int]:
    rows = Finding.objects.filter(page__live=True).values("kind").annotate(n=Count("pk"))
    counts = dict.fromkeys(Check.values, 0)
    counts.update({row["kind"]: row["n"] for row in rows})
    return counts


def summary() -> list[dict]:
    """One item per check: label, count, the report's address."""
    rows = column_freshness()
    home_stale = sum(1 for row in rows if row.is_home and row.is_stale)
    counts = finding_counts()
    return [
        {"label": _("首页超期未更新"), "count": home_stale,
         "url": reverse("health_freshness_report")},
        {"label": _("超期未更新的栏目"),
         "count": sum(1 for row in rows if row.is_stale and not row.is_home),
         "url": reverse("health_freshness_report")},
        {"label": _("空栏目"), "count": sum(1 for row in rows if row.is_due and row.is_empty),
         "url": reverse("health_freshness_report")},
        {"label": _("用词问题"), "count": counts[Check.TERM],
         "url": reverse("health_terms_report")},
        {"label": _("站内断链"), "count": counts[Check.INTERNAL_LINK],
         "url": reverse("health_internal_links_report")},
        {"label": _("外部断链"), "count": counts[Check.EXTERNAL_LINK],
         "url": reverse("health_external_links_report")},
        {"label": _("替代文件链接失效"), "count": len(replacement_problems()),
         "url": reverse("health_document_status_report") + "?problems=1"},
    ] + [
        {"label": _("超过 %(days)d 天未答复的留言") % {"days": days}, "count": count, "url": None}
        for days, count in unanswered_counts().items()
    ]  # fmt: skip


class ContentHealthPanel(Component):
    name = "content_health"
    template_name = "health/dashboard_panel.html"
    order = 90  # above Wagtail's own panels: what an inspector would find first

    def get_context_data(self, parent_context):
        return {"items": summary()}


def add_panel(request, panels):
    if can_publish_directly(request.user):
        panels.append(ContentHealthPanel())
