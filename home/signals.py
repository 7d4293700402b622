"""Wiring only: page-cache invalidation and front-end cache purges live in home.cache."""

from django.db.models.signals import post_delete, post_save
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Locale, Page, PageViewRestriction, Site
from wagtail.signals import page_published, page_unpublished, post_page_move, pre_page_move

from . import services
from .cache.generation import bump_generation
from .cache.purge import purge_after_commit, site_urls, urls_showing

# Apps whose models (other than pages, which change through the signals below) are shown on
# public pages: site settings, authors, tags, representatives, station photos.
CONTENT_APPS = {"home", "news", "stations"}


def _is_content(model) -> bool:
    if issubclass(model, Page):
        return False
    if model in (Site, Locale, PageViewRestriction, get_image_model(), get_document_model()):
        return True
    return model._meta.app_label in CONTENT_APPS


def _page_changed(sender, instance, **kwargs):
    """Published, unpublished (also just before a live page is deleted) or moved."""
    bump_generation()
    purge_after_commit(urls_showing(instance))


def _page_published(sender, instance, **kwargs):
    services.prepare_renditions(page=instance)
    _page_changed(sender, instance)


def _page_moving(sender, instance, **kwargs):
    purge_after_commit(urls_showing(instance))  # its old address and parents


def _page_moved(sender, instance, **kwargs):
    instance.refresh_from_db()
    _page_changed(sender, instance)


# What saving a draft (a new revision, a lock) writes on the page row: the public sees none of it.
DRAFT_ONLY_FIELDS = {
    "draft_title",
    "latest_revision",
    "latest_revision_created_at",
    "has_unpublished_changes",
    "locked",
    "locked_at",
    "locked_by",
}


def _content_saved(sender, instance, update_fields=None, **kwargs):
    if isinstance(instance, Page):
        # A live page saved directly (created live, changed without a new revision).
        if instance.live and not (update_fields and set(update_fields) <= DRAFT_ONLY_FIELDS):
            bump_generation()
            purge_after_commit(site_urls())
    elif _is_content(sender):
        bump_generation()
        purge_after_commit(site_urls())


def connect():
    page_published.connect(_page_published, dispatch_uid="page_cache_published")
    page_unpublished.connect(_page_changed, dispatch_uid="page_cache_unpublished")
    pre_page_move.connect(_page_moving, dispatch_uid="page_cache_moving")
    post_page_move.connect(_page_moved, dispatch_uid="page_cache_moved")
    post_save.connect(_content_saved, dispatch_uid="page_cache_content_saved")
    post_delete.connect(_content_saved, dispatch_uid="page_cache_content_deleted")
