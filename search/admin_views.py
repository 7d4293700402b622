"""搜索统计 (Reports): what readers searched and what found nothing, from the anonymous query log,
with one click to add a synonym or a promotion for a query, and a switch to keep a query out of
热门搜索. Open to whoever may manage promotions (站点管理员 and 编辑 are given it, see migration
0005); anyone else gets Wagtail's "no permission" answer."""

from functools import cached_property

from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import TemplateView
from wagtail.admin import messages
from wagtail.admin.views.generic import PermissionCheckedMixin, WagtailAdminTemplateMixin
from wagtail.contrib.search_promotions.models import Query, SearchPromotion
from wagtail.contrib.search_promotions.views import CreateView as PromotionCreateView
from wagtail.permissions import policy_registry

from . import querylog

PROMOTION_ACTIONS = ["add", "change", "delete"]


def can_see_search_stats(user) -> bool:
    return policy_registry.get_by_type(SearchPromotion).user_has_any_permission(
        user, PROMOTION_ACTIONS
    )


class PromotionPermission(PermissionCheckedMixin):
    any_permission_required = PROMOTION_ACTIONS

    @cached_property
    def permission_policy(self):
        return policy_registry.get_by_type(SearchPromotion)


def _days(value) -> int:
    return int(value) if value in {str(days) for days in querylog.REPORT_DAYS} else 30


class SearchStatsView(PromotionPermission, WagtailAdminTemplateMixin, TemplateView):
    template_name = "search/admin/search_stats.html"
    page_title = _("搜索统计")
    header_icon = "search"

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.get_page_title()}]

    def get_context_data(self, **kwargs):
        days = _days(self.request.GET.get("days"))
        return super().get_context_data(
            days=days,
            day_choices=querylog.REPORT_DAYS,
            report=querylog.report(days=days),
            popular_min=querylog.POPULAR_MIN_SEARCHES,
            **kwargs,
        )


class HideQueryView(PromotionPermission, View):
    """POST: keep a query out of 热门搜索 (``hidden=1``) or show it again."""

    def post(self, request):
        query = request.POST.get("query", "")
        hidden = request.POST.get("hidden") == "1"
        if querylog.normalise(query):
            querylog.set_hidden(query, hidden)
            message = (
                _("“%(q)s”不再显示在热门搜索中。") if hidden else _("“%(q)s”可以显示在热门搜索中。")
            )
            messages.success(request, message % {"q": querylog.normalise(query)})
        back = request.POST.get("next", "")
        if not url_has_allowed_host_and_scheme(back, {request.get_host()}):
            back = reverse("search_stats")
        return redirect(back)


class PromoteQueryView(PromotionCreateView):
    """添加推荐 with the query filled in (Wagtail's add view takes no prefill); a query that has
    promotions already opens them for editing instead."""

    def dispatch(self, request, *args, **kwargs):
        if not can_see_search_stats(request.user):
            raise PermissionDenied
        key = querylog.normalise(request.GET.get("q", ""))
        existing = Query.objects.filter(query_string=key, editors_picks__isnull=False).first()
        if existing is not None:
            return redirect("wagtailsearchpromotions:edit", existing.pk)
        return super().dispatch(request, *args, **kwargs)

    def get_initial(self):
        return {"query_string": querylog.normalise(self.request.GET.get("q", ""))}
