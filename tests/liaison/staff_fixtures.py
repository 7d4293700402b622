"""Stations, staff and messages for the tests of the 网上联络站's staff side."""

import itertools
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.utils import timezone
from wagtail.models import GroupPagePermission

from liaison.models import Message
from liaison.staff import ensure_station_staff_group
from stations.models import StationLevel
from tests.factories import StationIndexPageFactory, StationPageFactory

MOBILE = "+8613812345678"
_numbers = itertools.count(1)


def make_message(station, *, status="pending", received_at=None, **fields):
    number = next(_numbers)
    values = {
        "case_number": f"SZ-2026-{number:06d}",
        "lookup_code_hash": f"hash-{number}",
        "station": station,
        "category": "advice",
        "subject": f"关于路灯的建议{number}",
        "text": "村口路灯坏了很久，希望尽快修复。",
        "reply_public": True,
        "status": status,
        "received_at": received_at or timezone.now(),
        "contact_name": "张三丰",
        "contact_mobile": MOBILE,
        "contact_email": "zhang@example.com",
        "fingerprint": f"fp-{number}",
    }
    values.update(fields)
    return Message.objects.create(**values)


def make_user(username, *groups, **fields):
    user = get_user_model().objects.create_user(
        username, f"{username}@example.com", "password", first_name=username, **fields
    )
    for group in groups:
        user.groups.add(group)
    return user


@pytest.fixture
def stations(home_page, site_settings):
    """甘霖镇 (with its 苍岩 room) and 石璜镇 below the 嵊州 总站."""
    network = StationIndexPageFactory(parent=home_page, slug="stations")
    city = StationPageFactory(parent=network, title="总站", slug="city", level=StationLevel.CITY)
    ganlin = StationPageFactory(parent=city, title="甘霖镇人大代表联络站", slug="ganlin",
                                township="甘霖镇")  # fmt: skip
    room = StationPageFactory(parent=ganlin, title="甘霖镇苍岩代表联络室", slug="cangyan",
                              level=StationLevel.ROOM, township="甘霖镇")  # fmt: skip
    shihuang = StationPageFactory(parent=city, title="石璜镇人大代表联络站", slug="shihuang",
                                  township="石璜镇")  # fmt: skip
    return {"city": city, "ganlin": ganlin, "room": room, "shihuang": shihuang}


@pytest.fixture
def staff(stations):
    """站点管理员 (site), each station's 站点管理员, a second site administrator (a reviewer other
    than the writer), a handler without 查看联系方式, and an 编辑."""
    site_group = Group.objects.get(name="站点管理员")
    ganlin_group = ensure_station_staff_group(station=stations["ganlin"])
    handler_only = Group.objects.create(name="甘霖镇办理员")
    handler_only.permissions.add(
        Permission.objects.get(codename="access_admin"),
        Permission.objects.get(content_type__app_label="liaison", codename="handle_message"),
    )
    GroupPagePermission.objects.create(
        group=handler_only,
        page=stations["ganlin"],
        permission=Permission.objects.get(content_type__app_label="wagtailcore",
                                          codename="change_page"),
    )  # fmt: skip
    return {
        "site": make_user("siteadmin", site_group),
        "reviewer": make_user("siteadmin2", site_group),
        "ganlin": make_user("ganlin", ganlin_group),
        "shihuang": make_user("shihuang", ensure_station_staff_group(station=stations["shihuang"])),
        "handler": make_user("handler", handler_only),
        "editor": make_user("editor", Group.objects.get(name="编辑")),
    }


def days_ago(days, now=None):
    return (now or timezone.now()) - timedelta(days=days)
