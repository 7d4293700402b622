"""Who sees which messages of the 网上联络站, and who may read the senders' contact details.

- Site administrators (superusers and the 站点管理员 group, ``home.publishing``) see every message.
- Anyone else sees the messages of a station S only when they hold ``liaison.handle_message`` and
  a group of theirs has a page permission on S or on an ancestor of S below the site root: a
  station's own staff group (站点管理员（甘霖镇）, ``liaison.staff``) is scoped to that station's
  subtree (its 联络室 included). Permissions on the tree root or a site's home page are the
  editorial roles' (编辑, 审核 …), which therefore see no message at all.
- Contact details (name, number, e-mail) only with ``liaison.view_contact``; replies are approved
  only with ``liaison.review_reply``.
"""

from django.contrib.auth import get_user_model
from django.db.models import Q
from wagtail.models import Page, Site
from wagtail.permission_policies.base import BasePermissionPolicy

from home.publishing import SITE_ADMIN_GROUP, can_publish_directly

HANDLE_MESSAGE = "liaison.handle_message"
VIEW_CONTACT = "liaison.view_contact"
REVIEW_REPLY = "liaison.review_reply"


def is_site_administrator(user) -> bool:
    return can_publish_directly(user)


def _has(user, permission: str) -> bool:
    if not (user.is_authenticated and user.is_active):
        return False
    return is_site_administrator(user) or user.has_perm(permission)


def can_handle_messages(user) -> bool:
    return _has(user, HANDLE_MESSAGE)


def can_view_contact(user) -> bool:
    return _has(user, VIEW_CONTACT)


def can_review_replies(user) -> bool:
    return _has(user, REVIEW_REPLY)


def _below_site_roots(paths) -> list[str]:
    """The tree paths of ``paths`` that lie below every site's root page (the root itself and
    the home pages, and anything above them, grant nothing)."""
    site_roots = list(Site.objects.values_list("root_page__path", flat=True))
    return [
        path
        for path in paths
        if len(path) > Page.steplen and not any(root.startswith(path) for root in site_roots)
    ]


def station_scope(user) -> list[str] | None:
    """The tree paths whose subtrees' messages ``user`` sees; ``None`` means every station.
    Kept on the user object: asked for every message of a listing (one request)."""
    if not hasattr(user, "_liaison_scope"):
        if not can_handle_messages(user):
            scope = []
        elif is_site_administrator(user):
            scope = None
        else:
            paths = (
                Page.objects.filter(group_permissions__group__user=user)
                .values_list("path", flat=True)
                .distinct()
            )
            scope = _below_site_roots(paths)
        user._liaison_scope = scope
    return user._liaison_scope


def visible_messages(user, queryset):
    """The messages of ``queryset`` that ``user`` may see and handle."""
    scope = station_scope(user)
    if scope is None:
        return queryset
    if not scope:
        return queryset.none()
    condition = Q()
    for path in scope:
        condition |= Q(station__path__startswith=path)
    return queryset.filter(condition)


def visible_stations(user, queryset):
    """The stations of ``queryset`` whose messages ``user`` sees (the list's station filter)."""
    scope = station_scope(user)
    if scope is None:
        return queryset
    if not scope:
        return queryset.none()
    condition = Q()
    for path in scope:
        condition |= Q(path__startswith=path)
    return queryset.filter(condition)


def can_see_message(user, message) -> bool:
    return visible_messages(user, type(message).objects.filter(pk=message.pk)).exists()


def site_administrators():
    """Active site administrators with an e-mail address (escalations go to them)."""
    return (
        get_user_model()
        .objects.filter(is_active=True)
        .filter(Q(is_superuser=True) | Q(groups__name=SITE_ADMIN_GROUP))
        .exclude(email="")
        .distinct()
        .order_by("pk")
    )


def station_staff(station):
    """Active users with an e-mail address who handle ``station``'s messages through a group
    scoped to it (site administrators are not counted: they are the escalation)."""
    ancestors = Page.objects.ancestor_of(station, inclusive=True).values_list("path", flat=True)
    scoped = _below_site_roots(ancestors)
    users = (
        get_user_model()
        .objects.filter(is_active=True, groups__page_permissions__page__path__in=scoped)
        .exclude(email="")
        .distinct()
        .order_by("pk")
    )
    return [
        user for user in users if user.has_perm(HANDLE_MESSAGE) and not is_site_administrator(user)
    ]


class MessagePermissionPolicy(BasePermissionPolicy):
    """The admin's view of the rules above: "view"/"handle_message" open the list and a message,
    "view_contact" and "review_reply" the parts they name; nothing is added, edited or deleted
    through generic views (the lifecycle is the only way a message changes)."""

    CHECKS = {
        "view": can_handle_messages,
        "handle_message": can_handle_messages,
        "view_contact": can_view_contact,
        "review_reply": can_review_replies,
    }

    def user_has_permission(self, user, action):
        check = self.CHECKS.get(action)
        return bool(check and check(user))

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)

    def users_with_any_permission(self, actions):
        users = get_user_model().objects.filter(is_active=True)
        return users.filter(
            pk__in=[u.pk for u in users if self.user_has_any_permission(u, actions)]
        )

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_permission(user, action) and can_see_message(user, instance)

    def user_has_any_permission_for_instance(self, user, actions, instance):
        return self.user_has_any_permission(user, actions) and can_see_message(user, instance)

    def instances_user_has_any_permission_for(self, user, actions):
        queryset = self.model._default_manager.all()
        if not self.user_has_any_permission(user, actions):
            return queryset.none()
        return visible_messages(user, queryset)

    def users_with_any_permission_for_instance(self, actions, instance):
        users = self.users_with_any_permission(actions)
        return users.filter(pk__in=[u.pk for u in users if can_see_message(u, instance)])
