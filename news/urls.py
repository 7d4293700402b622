from django.urls import path

from .feeds import ArticleFeed, AtomArticleFeed

urlpatterns = [
    path("rss/", ArticleFeed(), name="feed_rss"),
    path("atom/", AtomArticleFeed(), name="feed_atom"),
    path("rss/<int:column_id>/", ArticleFeed(), name="feed_rss_column"),
    path("atom/<int:column_id>/", AtomArticleFeed(), name="feed_atom_column"),
]
