"""Wiring only: the work is done in news.services."""

from wagtail.signals import page_published, post_page_move

from .models import NewsPage
from .services import ensure_publish_time, follow_move


def _set_publish_time(sender, instance, **kwargs):
    ensure_publish_time(page=instance)


def _follow_move(sender, instance, parent_page_after, **kwargs):
    follow_move(article=instance, column=parent_page_after)


def connect():
    page_published.connect(_set_publish_time, sender=NewsPage, dispatch_uid="news_publish_time")
    post_page_move.connect(_follow_move, sender=NewsPage, dispatch_uid="news_column_moved")
