"""Query helpers and editorial set-up shared by every app."""

from django.contrib.auth.models import Group, Permission
from django.db.models import Exists, OuterRef, Q
from django.db.models.functions import Length, Substr
from django.utils import timezone
from wagtail.models import (
    Collection,
    GroupCollectionPermission,
    GroupPagePermission,
    Page,
    PageViewRestriction,
)


def exclude_private(queryset):
    """Pages not inside a private section, in the same query.

    Wagtail's ``PageQuerySet.public()`` first loads every view restriction (one more query each
    time it is used); this expresses the same rule as a correlated ``NOT EXISTS`` instead.
    """
    restricted = PageViewRestriction.objects.filter(
        page__path=Substr(OuterRef("path"), 1, Length("page__path"))
    )
    return queryset.exclude(Exists(restricted))


def publicly_visible(queryset):
    """What the public may see of a page queryset: live, not in a private section, not past its
    expiry time (even before ``publish_scheduled`` has unpublished it)."""
    now = timezone.now()
    return exclude_private(queryset.live().filter(Q(expire_at__isnull=True) | Q(expire_at__gt=now)))


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


SITE_ADMIN_GROUP = "站点管理员"


def can_publish_directly(user) -> bool:
    """Only site administrators publish without the 审核发布 workflow; 签发 signs off through it."""
    return user.is_superuser or user.groups.filter(name=SITE_ADMIN_GROUP).exists()
