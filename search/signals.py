"""Wiring only: reindex a page once publishing has finished.

Wagtail updates the index from ``post_save``, which modelcluster sends before it saves a page's
child relations (authors, tags); without this, a publication that changes only those reached the
index one save late.
"""

from wagtail.search import index
from wagtail.signals import page_published


def _reindex(sender, instance, **kwargs):
    index.insert_or_update_object(instance)


def connect():
    page_published.connect(_reindex, dispatch_uid="search_reindex_published")
