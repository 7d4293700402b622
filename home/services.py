"""Query helpers and editorial set-up shared by every app."""

import logging

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from wagtail.models import (
    Collection,
    GroupCollectionPermission,
    GroupPagePermission,
    Page,
)

# The publishing rules live with the page permission tester that applies them (home/publishing.py),
# visibility with its SQL reading (home/visibility.py); the apps import them from here too.
from .publishing import SITE_ADMIN_GROUP, can_publish_directly  # noqa: F401
from .visibility import publicly_visible  # noqa: F401

logger = logging.getLogger(__name__)


def is_expired(page) -> bool:
    return page.expire_at is not None and page.expire_at <= timezone.now()


REGIONAL_PAGE_PERMISSIONS = ["add_page", "change_page", "lock_page"]
REGIONAL_MEDIA_PERMISSIONS = ["add_image", "choose_image", "add_document", "choose_document"]


def ensure_regional_editor_group(*, column: Page) -> Group:
    """A group (e.g. 绍兴市编辑) whose members may create and edit pages only below ``column``;
    their pages go through the same 审核发布 workflow as everyone's."""
    group, _created = Group.objects.get_or_create(name=f"{column.title}编辑")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    for codename in REGIONAL_PAGE_PERMISSIONS:
        GroupPagePermission.objects.get_or_create(
            group=group,
            page=column,
            permission=Permission.objects.get(
                content_type__app_label="wagtailcore", codename=codename
            ),
        )
    root_collection = Collection.get_first_root_node()
    for codename in REGIONAL_MEDIA_PERMISSIONS:
        GroupCollectionPermission.objects.get_or_create(
            group=group,
            collection=root_collection,
            permission=Permission.objects.get(
                content_type__app_label__in=["wagtailimages", "wagtaildocs"], codename=codename
            ),
        )
    return group


# --- Image renditions prepared when a page is published ----------------------------------------

# What templates/components/picture.html asks for (format × width), and the sharing image.
PICTURE_WIDTHS = (480, 800, 1200)
PICTURE_FORMATS = ("avif", "webp", "jpeg")


def picture_widths(image_width: int) -> list[int]:
    """The widths a picture is shown in, each once and none past the image: a 720-px upload gets
    [480, 720] (``width-800`` and ``width-1200`` of it would both be 720 px)."""
    if not image_width:
        return [PICTURE_WIDTHS[0]]
    return sorted({min(width, image_width) for width in PICTURE_WIDTHS})


def picture_filters(image_width: int) -> list[str]:
    return [
        f"format-{image_format}|width-{width}"
        for image_format in PICTURE_FORMATS
        for width in picture_widths(image_width)
    ]


SHARE_IMAGE_FILTER = "fill-1200x630|format-jpeg"


def _images_in(value):
    """Images inside a StreamField value: in blocks, structs and lists, at any depth."""
    from wagtail.blocks import StreamValue
    from wagtail.blocks.list_block import ListValue
    from wagtail.images.models import AbstractImage

    if isinstance(value, AbstractImage):
        yield value
    elif isinstance(value, dict):  # StructValue
        for item in value.values():
            yield from _images_in(item)
    elif isinstance(value, (StreamValue, ListValue, list, tuple)):
        for item in value:
            yield from _images_in(getattr(item, "value", item))


def page_images(page) -> list:
    """The images a page shows: its image fields, those in its StreamFields and those of its
    child objects (a station's photos)."""
    from modelcluster.models import get_all_child_relations
    from wagtail.fields import StreamField
    from wagtail.images import get_image_model

    image_model = get_image_model()

    def image_fields(obj):
        for field in obj._meta.concrete_fields:
            if field.is_relation and field.related_model is image_model:
                image = getattr(obj, field.name)
                if image is not None:
                    yield image
            elif isinstance(field, StreamField):
                yield from _images_in(getattr(obj, field.name))

    images = list(image_fields(page))
    for relation in get_all_child_relations(page):
        for child in getattr(page, relation.get_accessor_name()).all():
            images.extend(image_fields(child))
    return list({image.pk: image for image in images}.values())


def prepare_renditions(*, page) -> None:
    """Create the renditions a page's images are shown in, so that no public request has to.
    A full or failing media disk does not stop the publication: the pages are served without
    the pictures that could not be made (``image_tags``), and the next view tries again."""
    for image in page_images(page):
        try:
            image.get_renditions(*picture_filters(image.width), SHARE_IMAGE_FILTER)
        except OSError:
            logger.exception("Renditions of image %s could not be written", image.pk)
            storage_failed_before_sql()


def storage_failed_before_sql() -> None:
    """After a rendition's file could not be written (``OSError``: a full media disk).

    Wagtail saves the files inside ``bulk_create``'s ``atomic(savepoint=False)``, which marks an
    enclosing transaction (a publication, a test) for rollback, although the error came from the
    storage before any statement was sent. The transaction is unharmed, so it stays usable; a
    savepoint around each rendition instead cost every first view of a page two statements."""
    if transaction.get_connection().in_atomic_block:
        transaction.set_rollback(False)


def pk_in_any(subqueries) -> Q:
    """``pk`` in any of the ordered, limited ``subqueries`` (``.values("pk")[:n]``), as one
    condition the database answers from its indexes whatever the table size: a UNION ALL where
    limits inside a compound query are allowed (PostgreSQL); OR-ed ``IN`` conditions elsewhere
    (SQLite, which plans those well). PostgreSQL turns OR-ed ``IN`` sub-queries into a scan of the
    whole table."""
    from django.db import connection
    from django.db.models import Subquery

    subqueries = list(subqueries)
    if len(subqueries) > 1 and connection.features.supports_slicing_ordering_in_compound:
        first, *rest = subqueries
        return Q(pk__in=first.union(*rest, all=True))
    condition = Q()
    for subquery in subqueries:
        condition |= Q(pk__in=Subquery(subquery))
    return condition
