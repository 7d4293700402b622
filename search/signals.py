"""Wiring only: reindex a page once publishing has finished; reload the synonyms when an editor
changes them.

Wagtail updates the index from ``post_save``, which modelcluster sends before it saves a page's
child relations (authors, tags); without this, a publication that changes only those reached the
index one save late.
"""

from django.db.models.signals import post_delete, post_save
from wagtail.search import index
from wagtail.signals import page_published

from . import synonyms
from .models import Synonym


def _reindex(sender, instance, **kwargs):
    index.insert_or_update_object(instance)


def _synonyms_changed(sender, **kwargs):
    synonyms.forget()


def connect():
    page_published.connect(_reindex, dispatch_uid="search_reindex_published")
    post_save.connect(_synonyms_changed, sender=Synonym, dispatch_uid="search_synonyms_saved")
    post_delete.connect(_synonyms_changed, sender=Synonym, dispatch_uid="search_synonyms_deleted")
