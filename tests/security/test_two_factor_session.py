"""A session that passed the password but not the second factor is logged in for nothing:
not for login-restricted pages, not for documents in restricted collections."""

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from wagtail.documents import get_document_model
from wagtail.models import Collection, CollectionViewRestriction, PageViewRestriction

from tests.factories import NewsPageFactory

pytestmark = pytest.mark.django_db

PASSWORD = "浙江人大-editor-2026"
SECRET = "内部通报：仅限登录用户"


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def editor(django_user_model, settings):
    settings.ADMIN_2FA_REQUIRED = True
    return django_user_model.objects.create_superuser(
        username="editor", email="editor@example.gov.cn", password=PASSWORD
    )


@pytest.fixture
def members_only_page(column):
    page = NewsPageFactory(parent=column, title=SECRET, slug="internal", feature_image=None)
    page.save_revision().publish()
    PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.LOGIN)
    return page


@pytest.fixture
def members_only_document():
    root = Collection.get_first_root_node()
    collection = root.add_child(name="内部文件")
    CollectionViewRestriction.objects.create(
        collection=collection, restriction_type=CollectionViewRestriction.LOGIN
    )
    return get_document_model().objects.create(
        title="内部文件",
        collection=collection,
        file=ContentFile(SECRET.encode(), name="internal.txt"),
    )


def log_in_with_password_only(client):
    response = client.post(
        reverse("wagtailadmin_login"), {"username": "editor", "password": PASSWORD}
    )
    assert response.status_code == 302


def current_code(device) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def test_a_login_restricted_page_is_closed_before_the_second_factor(
    client, editor, members_only_page
):
    log_in_with_password_only(client)
    response = client.get(members_only_page.url)
    assert response.status_code == 302 and SECRET not in response.content.decode()


def test_a_restricted_document_is_closed_before_the_second_factor(
    client, editor, members_only_document
):
    log_in_with_password_only(client)
    response = client.get(members_only_document.url)
    assert response.status_code == 302
    assert SECRET.encode() not in b"".join(getattr(response, "streaming_content", [b""]))


def test_an_enrolled_user_who_has_not_entered_the_code_is_anonymous_too(
    client, editor, members_only_page, settings
):
    settings.ADMIN_2FA_REQUIRED = False  # optional, but this editor has an app
    device = TOTPDevice.objects.create(user=editor, name="phone", confirmed=True)
    log_in_with_password_only(client)
    assert client.get(members_only_page.url).status_code == 302

    client.post(reverse("two_factor_verify"), {"token": current_code(device)})
    response = client.get(members_only_page.url)
    assert response.status_code == 200 and SECRET in response.content.decode()


def test_after_the_second_factor_the_session_is_logged_in(
    client, editor, members_only_page, members_only_document
):
    log_in_with_password_only(client)
    assert client.get(reverse("two_factor_setup")).status_code == 200  # the set-up page opens
    device = TOTPDevice.objects.get(user=editor, confirmed=False)
    assert (
        client.post(reverse("two_factor_setup"), {"token": current_code(device)}).status_code == 302
    )

    assert SECRET in client.get(members_only_page.url).content.decode()
    document = client.get(members_only_document.url)
    assert document.status_code == 200
    assert b"".join(document.streaming_content) == SECRET.encode()


def test_logging_out_works_before_the_second_factor(client, editor):
    log_in_with_password_only(client)
    client.post(reverse("wagtailadmin_logout"))
    assert "_auth_user_id" not in client.session
