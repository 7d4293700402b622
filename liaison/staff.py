"""A station's own staff: the group 站点管理员（甘霖镇） that handles the messages of one station
and its 联络室, and may edit its pages (through the same 审核发布 workflow as everyone).

A site administrator creates one for any station in 设置 › 用户组 (page permissions on the
station, plus 办理留言 and 查看留言人联系方式), or with ``ensure_station_staff_group``; the demo
makes one for every Shengzhou township station (``load_demo``), and ``create_demo_users`` puts
the user ``ganlin`` in 甘霖镇's.
"""

from django.contrib.auth.models import Group, Permission
from wagtail.models import GroupPagePermission, Locale

from home.publishing import SITE_ADMIN_GROUP
from stations.models import StationLevel, StationPage

STATION_PAGE_PERMISSIONS = ["add_page", "change_page", "lock_page"]
STATION_STAFF_PERMISSIONS = ["handle_message", "view_contact"]
# Site administrators may do everything, including reviewing replies.
SITE_ADMIN_PERMISSIONS = ["handle_message", "view_contact", "review_reply"]


def station_staff_group_name(station) -> str:
    return f"{SITE_ADMIN_GROUP}（{station.township or station.title}）"


def ensure_station_staff_group(*, station) -> Group:
    group, _created = Group.objects.get_or_create(name=station_staff_group_name(station))
    group.permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"),
        *Permission.objects.filter(
            content_type__app_label="liaison", codename__in=STATION_STAFF_PERMISSIONS
        ),
    )
    for codename in STATION_PAGE_PERMISSIONS:
        GroupPagePermission.objects.get_or_create(
            group=group,
            page=station,
            permission=Permission.objects.get(
                content_type__app_label="wagtailcore", codename=codename
            ),
        )
    return group


def load_demo(*, stdout) -> None:
    """One staff group per Shengzhou township station (DEMO_LOADERS)."""
    stations = StationPage.objects.filter(level=StationLevel.TOWNSHIP, locale=Locale.get_default())
    for station in stations.order_by("path"):
        group = ensure_station_staff_group(station=station)
        stdout.write(f"  = {group.name}")
