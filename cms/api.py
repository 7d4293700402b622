"""The read-only JSON API (Wagtail API v2): /api/v2/{news,stations,activities,representatives,
consultations}/, and /api/v2/ itself: an index of those endpoints (docs/api.md)."""

from django.http import JsonResponse
from django.urls import reverse
from django.views.decorators.http import require_safe
from wagtail.api.v2.router import WagtailAPIRouter

from consultations.api import ConsultationsAPIViewSet
from news.api import NewsAPIViewSet
from stations.api import ActivitiesAPIViewSet, RepresentativesAPIViewSet, StationsAPIViewSet

api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("news", NewsAPIViewSet)
api_router.register_endpoint("stations", StationsAPIViewSet)
api_router.register_endpoint("activities", ActivitiesAPIViewSet)
api_router.register_endpoint("representatives", RepresentativesAPIViewSet)
api_router.register_endpoint("consultations", ConsultationsAPIViewSet)

COMMON_PARAMETERS = ["fields", "order", "search", "limit", "offset"]
PAGE_PARAMETERS = ["locale"]
# What each endpoint lists and the filters it takes besides the common ones (as in docs/api.md).
ENDPOINTS = {
    "news": (
        "Articles (新闻稿件), newest 发布时间 (publish_time) first",
        PAGE_PARAMETERS + ["column", "from", "to"],
    ),
    "stations": (
        "Liaison stations and rooms (代表联络站), in tree order",
        PAGE_PARAMETERS + ["level", "township"],
    ),
    "activities": (
        "Station activities (联络站活动), newest first",
        PAGE_PARAMETERS + ["station", "activity_type", "from", "to"],
    ),
    "representatives": ("Representatives serving at a published station (人大代表)", []),
    "consultations": (
        "Draft regulations open for comment (法规草案征求意见), with counts; no comments",
        PAGE_PARAMETERS + ["status"],
    ),
}


@require_safe
def api_index(request):
    """/api/v2/: the endpoints, what they list and their parameters, with links."""
    endpoints = [
        {
            "name": name,
            "url": request.build_absolute_uri(f"{request.path}{name}/"),
            "description": description,
            "parameters": parameters + COMMON_PARAMETERS,
        }
        for name, (description, parameters) in ENDPOINTS.items()
    ]
    return JsonResponse(
        {
            "endpoints": endpoints,
            "locale": "Lists are in the site's default language (zh-hans) unless locale= "
            "names another (en); a detail (/<endpoint>/<id>/) answers in any language.",
            "documentation": request.build_absolute_uri(reverse("open_data")),
        },
        json_dumps_params={"ensure_ascii": False, "indent": 2},
    )
