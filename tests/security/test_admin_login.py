"""Admin login: throttling with lockout and unlock (django-axes), two-factor codes (django-otp)."""

import pytest
from django.core.management import call_command
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

pytestmark = pytest.mark.django_db

PASSWORD = "浙江人大-editor-2026"


@pytest.fixture
def editor(django_user_model):
    return django_user_model.objects.create_superuser(
        username="editor", email="editor@example.gov.cn", password=PASSWORD
    )


def log_in(client, password):
    return client.post(reverse("wagtailadmin_login"), {"username": "editor", "password": password})


def test_repeated_failures_lock_the_login_until_it_is_reset(client, editor, settings):
    for _attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        assert log_in(client, "wrong-password").status_code == 200  # the form again, with an error
    locked = log_in(client, "wrong-password")
    assert locked.status_code == 429
    assert "登录已暂时锁定" in locked.content.decode()
    # Even the right password is refused while locked.
    assert log_in(client, PASSWORD).status_code == 429
    assert not client.get(reverse("wagtailadmin_home")).status_code == 200

    call_command("axes_reset_username", "editor")
    response = log_in(client, PASSWORD)
    assert response.status_code == 302
    assert client.get(reverse("wagtailadmin_home")).status_code == 200


def test_a_success_clears_earlier_failures(client, editor, settings):
    for _attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        log_in(client, "wrong-password")
    assert log_in(client, PASSWORD).status_code == 302
    client.logout()
    for _attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        assert log_in(client, "wrong-password").status_code == 200


def current_code(device) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def test_an_editor_with_an_authenticator_app_must_enter_a_code(client, editor):
    device = TOTPDevice.objects.create(user=editor, name="phone", confirmed=True)
    assert log_in(client, PASSWORD).status_code == 302

    response = client.get(reverse("wagtailadmin_explore_root"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("two_factor_verify"))

    wrong = client.post(reverse("two_factor_verify"), {"token": "000000"})
    if current_code(device) != "000000":
        assert "验证码不正确" in wrong.content.decode()
    assert client.get(reverse("wagtailadmin_home")).status_code == 302
    # django-otp makes the next try wait a moment after a wrong code; the wait is over.
    device.refresh_from_db()
    assert device.throttling_failure_count == 1
    device.throttle_reset()

    right = client.post(
        reverse("two_factor_verify"), {"token": current_code(device), "next": "/admin/pages/"}
    )
    assert right.status_code == 302 and right["Location"] == "/admin/pages/"
    assert client.get(reverse("wagtailadmin_home")).status_code == 200


def test_two_factor_is_optional_by_default(client, editor):
    log_in(client, PASSWORD)
    assert client.get(reverse("wagtailadmin_home")).status_code == 200


def test_two_factor_can_be_made_mandatory(client, editor, settings):
    settings.ADMIN_2FA_REQUIRED = True
    log_in(client, PASSWORD)
    response = client.get(reverse("wagtailadmin_home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("two_factor_setup"))

    page = client.get(reverse("two_factor_setup"))
    assert page.status_code == 200
    assert "data:image/svg+xml" in page.content.decode()
    device = TOTPDevice.objects.get(user=editor, confirmed=False)
    confirmed = client.post(reverse("two_factor_setup"), {"token": current_code(device)})
    assert confirmed.status_code == 302
    device.refresh_from_db()
    assert device.confirmed
    assert client.get(reverse("wagtailadmin_home")).status_code == 200


def test_the_next_address_cannot_leave_the_site(client, editor):
    device = TOTPDevice.objects.create(user=editor, name="phone", confirmed=True)
    log_in(client, PASSWORD)
    response = client.post(
        reverse("two_factor_verify"),
        {"token": current_code(device), "next": "https://evil.example.com/"},
    )
    assert response["Location"] == reverse("wagtailadmin_home")


def test_a_lost_phone_is_reset_by_command(editor):
    TOTPDevice.objects.create(user=editor, name="phone", confirmed=True)
    call_command("reset_two_factor", "editor")
    assert not TOTPDevice.objects.filter(user=editor).exists()


def test_public_pages_do_not_ask_for_a_code(client, editor, home_page):
    TOTPDevice.objects.create(user=editor, name="phone", confirmed=True)
    log_in(client, PASSWORD)
    assert client.get("/").status_code == 200
