from django.urls import path

from home import converters  # noqa: F401  (registers <id:…>)

from .feeds import ArticleFeed, AtomArticleFeed

urlpatterns = [
    path("rss/", ArticleFeed(), name="feed_rss"),
    path("atom/", AtomArticleFeed(), name="feed_atom"),
    path("rss/<id:column_id>/", ArticleFeed(), name="feed_rss_column"),
    path("atom/<id:column_id>/", AtomArticleFeed(), name="feed_atom_column"),
]
