from rest_framework.filters import BaseFilterBackend
from wagtail.api.v2.filters import FieldsFilter, OrderingFilter, SearchFilter
from wagtail.api.v2.utils import BadRequestError

from home.api import DateRangeFilter, PublicPagesAPIViewSet, parse_id_param
from home.services import publicly_visible

from .models import NewsIndexPage, NewsPage


class ColumnFilter(BaseFilterBackend):
    """``column=<id>``: articles in that column and its sub-columns."""

    def filter_queryset(self, request, queryset, view):
        column_id = parse_id_param(request, "column")
        if column_id is None:
            return queryset
        column = publicly_visible(NewsIndexPage.objects.filter(pk=column_id)).first()
        if column is None:
            raise BadRequestError("column does not exist")
        return queryset.descendant_of(column)


class NewsAPIViewSet(PublicPagesAPIViewSet):
    """/api/v2/news/: published articles, newest first."""

    model = NewsPage
    name = "news"
    date_field = "publish_time"
    filter_backends = [
        FieldsFilter,
        ColumnFilter,
        DateRangeFilter,
        OrderingFilter,
        SearchFilter,
    ]
    known_query_parameters = PublicPagesAPIViewSet.known_query_parameters.union(["column"])
    listing_default_fields = PublicPagesAPIViewSet.listing_default_fields + [
        "publish_time",
        "summary",
        "source",
        "authors",
    ]

    def get_queryset(self):
        ids = self.get_base_queryset().values_list("pk", flat=True)
        return NewsPage.objects.visible().filter(pk__in=ids).order_by("-publish_time", "-pk")
