"""The client's address behind the documented proxy: login lockouts hold for the attacker's
address, not for everyone behind nginx, and a forged X-Forwarded-For moves nothing."""

import pytest
from django.test import RequestFactory
from django.urls import reverse

from home.client_address import client_ip

pytestmark = pytest.mark.django_db

PASSWORD = "浙江人大-editor-2026"
PROXY = "127.0.0.1"  # nginx on the same machine: every request arrives from here
ATTACKER = "203.0.113.5"
EDITOR = "198.51.100.7"


@pytest.fixture
def editor(django_user_model):
    return django_user_model.objects.create_superuser(
        username="editor", email="editor@example.gov.cn", password=PASSWORD
    )


def log_in(client, password, **meta):
    return client.post(
        reverse("wagtailadmin_login"), {"username": "editor", "password": password}, **meta
    )


def through_nginx(address: str, forged: str = "") -> dict:
    """What Django sees of a request nginx forwarded ($proxy_add_x_forwarded_for appends the
    address the request came from to whatever the client sent)."""
    header = f"{forged}, {address}" if forged else address
    return {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": header}


def test_behind_nginx_a_lockout_keeps_out_the_attacker_only(client, editor, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        log_in(client, "wrong-password", **through_nginx(ATTACKER))
    assert log_in(client, PASSWORD, **through_nginx(ATTACKER)).status_code == 429

    # The editor, at the office, types the right password: in.
    assert log_in(client, PASSWORD, **through_nginx(EDITOR)).status_code == 302


def test_behind_nginx_forged_entries_do_not_escape_the_lockout(client, editor, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        forged = f"10.0.0.{attempt}, 192.0.2.{attempt}"
        log_in(client, "wrong-password", **through_nginx(ATTACKER, forged=forged))
    # Only the entry nginx appended counts: a fresh forged chain is the same attacker.
    locked = log_in(client, PASSWORD, **through_nginx(ATTACKER, forged="192.0.2.200"))
    assert locked.status_code == 429


def test_without_a_trusted_proxy_the_header_is_ignored(client, editor, settings):
    settings.TRUSTED_PROXY_COUNT = 0
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        forged = {"HTTP_X_FORWARDED_FOR": f"192.0.2.{attempt}"}
        log_in(client, "wrong-password", REMOTE_ADDR=ATTACKER, **forged)
    assert log_in(client, PASSWORD, REMOTE_ADDR=ATTACKER).status_code == 429
    assert (
        log_in(client, PASSWORD, REMOTE_ADDR=ATTACKER, HTTP_X_FORWARDED_FOR=EDITOR).status_code
        == 429
    )
    assert log_in(client, PASSWORD, REMOTE_ADDR=EDITOR).status_code == 302


@pytest.mark.parametrize(
    "count, meta, expected",
    [
        (0, {"REMOTE_ADDR": ATTACKER}, ATTACKER),
        (0, {"REMOTE_ADDR": ATTACKER, "HTTP_X_FORWARDED_FOR": EDITOR}, ATTACKER),
        (1, through_nginx(ATTACKER), ATTACKER),
        (1, through_nginx(ATTACKER, forged=EDITOR), ATTACKER),
        (1, through_nginx(ATTACKER, forged="not-an-address"), ATTACKER),
        (1, {"REMOTE_ADDR": ATTACKER}, ATTACKER),  # reached the app server directly
        # Two proxies (a CDN, then nginx): the client is second from the right.
        (
            2,
            {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": f"{EDITOR}, {ATTACKER}, 192.0.2.9"},
            ATTACKER,
        ),
    ],
)
def test_the_client_address_is_read_from_the_trusted_end(settings, count, meta, expected):
    settings.TRUSTED_PROXY_COUNT = count
    assert client_ip(RequestFactory().get("/", **meta)) == expected
