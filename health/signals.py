"""Wiring only: a published page is checked at once (health.checks.check_pages); the pages that
link to a page, document or image are checked again when it is unpublished or deleted."""

import logging

from django.db import transaction
from django.db.models.signals import pre_delete
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page, ReferenceIndex
from wagtail.signals import page_published, page_unpublished

from . import checks

logger = logging.getLogger(__name__)


def _check_quietly(check, *args):
    """A check must never stop a publication: on failure it is logged, and the daily run
    (content_health) checks the page again."""
    try:
        with transaction.atomic():
            check(*args)
    except Exception:
        logger.exception("content health check failed for %r", args)


def _published(sender, instance, **kwargs):
    _check_quietly(checks.check_pages, [instance.specific])


def _linking_pages(instance) -> set[int]:
    page_type = ReferenceIndex._get_base_content_type(Page)
    return {
        int(ref.object_id)
        for ref in ReferenceIndex.get_references_to(instance).filter(base_content_type=page_type)
    }


def _target_gone(sender, instance, **kwargs):
    # Read now: deleting the target removes its references from the index.
    sources = _linking_pages(instance) - {instance.pk if isinstance(instance, Page) else None}
    if sources:
        transaction.on_commit(lambda: _check_quietly(checks.check_page_ids, sources))


def connect():
    page_published.connect(_published, dispatch_uid="health_published")
    page_unpublished.connect(_target_gone, dispatch_uid="health_unpublished")
    for model in (Page, get_document_model(), get_image_model()):
        pre_delete.connect(_target_gone, sender=model, dispatch_uid=f"health_gone_{model.__name__}")
