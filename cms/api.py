"""The read-only JSON API (Wagtail API v2): /api/v2/{news,stations,activities,representatives}/."""

from wagtail.api.v2.router import WagtailAPIRouter

from news.api import NewsAPIViewSet
from stations.api import ActivitiesAPIViewSet, RepresentativesAPIViewSet, StationsAPIViewSet

api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("news", NewsAPIViewSet)
api_router.register_endpoint("stations", StationsAPIViewSet)
api_router.register_endpoint("activities", ActivitiesAPIViewSet)
api_router.register_endpoint("representatives", RepresentativesAPIViewSet)
