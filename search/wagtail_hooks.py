from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from .admin_views import HideQueryView, PromoteQueryView, SearchStatsView, can_see_search_stats
from .viewsets import SynonymViewSet


@hooks.register("register_admin_urls")
def register_search_stats_urls():
    return [
        path("reports/search-stats/", SearchStatsView.as_view(), name="search_stats"),
        path("reports/search-stats/hide/", HideQueryView.as_view(), name="search_stats_hide"),
        path(
            "reports/search-stats/promote/", PromoteQueryView.as_view(), name="search_stats_promote"
        ),
    ]


class SearchStatsMenuItem(MenuItem):
    def is_shown(self, request):
        return can_see_search_stats(request.user)


@hooks.register("register_reports_menu_item")
def register_search_stats_menu_item():
    return SearchStatsMenuItem(
        _("搜索统计"), reverse("search_stats"), name="search-stats", icon_name="search", order=170
    )


@hooks.register("construct_reports_menu")
def hide_wagtail_search_terms(request, menu_items):
    # Wagtail's own 搜索词 report reads Query.add_hit, which the site does not feed (the
    # anonymous log is search.querylog); 搜索统计 replaces it.
    menu_items[:] = [item for item in menu_items if item.name != "search-terms"]


@hooks.register("register_admin_viewset")
def register_synonym_viewset():
    return SynonymViewSet()
