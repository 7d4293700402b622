"""Wiring only: the work is done in news.services."""

from wagtail.signals import page_published

from .models import NewsPage
from .services import ensure_publish_time


def _set_publish_time(sender, instance, **kwargs):
    ensure_publish_time(page=instance)


def connect():
    page_published.connect(_set_publish_time, sender=NewsPage, dispatch_uid="news_publish_time")
