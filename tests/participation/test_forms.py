"""The shared form parts: mobile numbers, honeypot, hold for review, rate limits, photos."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import RequestFactory
from PIL import Image

from participation import ratelimit
from participation.forms import HELD_NO_CHALLENGE, HELD_SENSITIVE, MainlandMobileField
from participation.models import SensitiveTerm
from participation.screening import screen

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("typed", "cleaned"),
    [
        ("13812345678", "+8613812345678"),
        ("138 1234 5678", "+8613812345678"),
        ("+86 138-1234-5678", "+8613812345678"),
        ("８６１３８１２３４５６７８", "+8613812345678"),
    ],
)
def test_mainland_mobile_numbers_are_cleaned_to_e164(typed, cleaned):
    assert MainlandMobileField().clean(typed) == cleaned


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("", "请填写手机号码"),
        ("12345", "手机号码格式不正确"),
        ("abc", "手机号码格式不正确"),
        ("1381234567", "手机号码格式不正确"),
        ("057583000000", "固定电话"),
        ("+1 202 555 0100", "中国大陆"),
    ],
)
def test_wrong_numbers_get_a_chinese_message(typed, message):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as error:
        MainlandMobileField().clean(typed)
    assert message in " ".join(error.value.messages)


def test_english_messages(sample_form):
    from django.utils import translation

    with translation.override("en"):
        form = sample_form(data={"text": "x", "contact_mobile": "12345", "consent": "on"})
        assert not form.is_valid()
        assert "mobile" in form.errors["contact_mobile"][0].lower()


def data(**overrides):
    return {"text": "路灯坏了", "contact_mobile": "13812345678", "consent": "on", **overrides}


def test_filled_honeypot_is_spam(sample_form, settings):
    settings.PARTICIPATION_CHALLENGE = False
    form = sample_form(data=data(website="http://spam.example"))
    assert form.is_valid()
    assert form.is_spam


def test_consent_is_required(sample_form, settings):
    settings.PARTICIPATION_CHALLENGE = False
    form = sample_form(data=data(consent=""))
    assert not form.is_valid()
    assert "个人信息保护说明" in form.errors["consent"][0]


def test_without_a_solution_it_is_held_not_refused(sample_form, quick_challenge):
    form = sample_form(data=data())
    assert form.is_valid()
    assert form.is_held and form.hold_reasons == [HELD_NO_CHALLENGE]


def test_a_solved_challenge_is_not_held(sample_form, quick_challenge, solve):
    form = sample_form(data=data(altcha=solve()))
    assert form.is_valid(), form.errors
    assert not form.is_held


def test_a_forged_or_replayed_solution_is_refused(sample_form, quick_challenge, solve):
    payload = solve()
    assert sample_form(data=data(altcha=payload)).is_valid()
    replay = sample_form(data=data(altcha=payload))
    assert not replay.is_valid()
    assert "人机验证未通过" in replay.non_field_errors()[0]
    forged = sample_form(data=data(altcha=payload[:-8] + "AAAAAAA="))
    assert not forged.is_valid()


def test_sensitive_words_hold_for_review(sample_form, settings):
    settings.PARTICIPATION_CHALLENGE = False
    SensitiveTerm.objects.update_or_create(term="加微信")
    form = sample_form(data=data(text="兼职请 加 微 信 abc"))
    assert form.is_valid()
    assert form.is_held and form.hold_reasons == [HELD_SENSITIVE]
    assert form.sensitive_terms == ["加微信"]


def test_the_term_list_is_read_again_when_it_changes():
    assert screen("测试词语出现") == []
    SensitiveTerm.objects.create(term="测试词语")
    assert screen("测试词语出现") == ["测试词语"]
    SensitiveTerm.objects.filter(term="测试词语").delete()
    assert screen("测试词语出现") == []


def test_starter_terms_are_shipped():
    assert SensitiveTerm.objects.filter(term="代开发票").exists()


def test_rate_limit_per_address_and_per_number(sample_form, settings):
    settings.PARTICIPATION_CHALLENGE = False
    settings.PARTICIPATION_RATE_LIMITS = {
        "address": {"limit": 2, "window": 600},
        "address_unverified": {"limit": 1, "window": 600},
        "mobile": {"limit": 1, "window": 3600},
    }
    request = RequestFactory().post("/", REMOTE_ADDR="10.0.0.1")
    first = sample_form(data=data())
    assert first.is_valid() and first.check_limits(request)
    same_number = sample_form(data=data())
    assert same_number.is_valid() and not same_number.check_limits(request)
    assert "提交过于频繁" in same_number.non_field_errors()[0]
    assert same_number.rate_limited
    # The address's limit (2) is reached now too, with another number.
    other_number = sample_form(data=data(contact_mobile="13912345678"))
    assert other_number.is_valid() and not other_number.check_limits(request)
    # Another address is counted on its own.
    elsewhere = RequestFactory().post("/", REMOTE_ADDR="10.0.0.2")
    third = sample_form(data=data(contact_mobile="13712345678"))
    assert third.is_valid() and third.check_limits(elsewhere)


def test_stricter_limit_without_a_solved_challenge(sample_form, quick_challenge):
    request = RequestFactory().post("/", REMOTE_ADDR="10.0.0.3")
    first = sample_form(data=data())
    assert first.is_valid() and first.check_limits(request)
    second = sample_form(data=data(contact_mobile="13912345678"))
    assert second.is_valid() and not second.check_limits(request)


def test_fixed_window_counts():
    assert [ratelimit.allow("k", "a", limit=3, window=60) for _ in range(5)] == [
        True, True, True, False, False,
    ]  # fmt: skip


def jpeg_with_exif() -> bytes:
    image = Image.new("RGB", (40, 30), "red")
    exif = Image.Exif()
    exif[0x010F] = "SecretCam"  # camera maker
    output = io.BytesIO()
    image.save(output, "JPEG", exif=exif)
    return output.getvalue()


def test_photos_are_stripped_of_metadata(sample_form, settings):
    settings.PARTICIPATION_CHALLENGE = False
    upload = SimpleUploadedFile("IMG_0001.jpg", jpeg_with_exif(), content_type="image/jpeg")
    form = sample_form(data=data(), files={"photos": [upload]})
    assert form.is_valid(), form.errors
    (photo,) = form.cleaned_data["photos"]
    assert b"SecretCam" not in photo.read()
    assert photo.name.endswith(".jpg") and "IMG_0001" not in photo.name


def test_a_bad_photo_is_a_field_error_and_keeps_the_text(sample_form, settings):
    settings.PARTICIPATION_CHALLENGE = False
    fake = SimpleUploadedFile("photo.jpg", b"<?php echo 1; ?>", content_type="image/jpeg")
    form = sample_form(data=data(text="要保留的文字"), files={"photos": [fake]})
    assert not form.is_valid()
    assert "无法识别为图片" in form.errors["photos"][0]
    assert form["text"].value() == "要保留的文字"


def test_too_large_and_too_many_photos(sample_form, settings):
    settings.PARTICIPATION_CHALLENGE = False
    settings.PARTICIPATION_PHOTO_MAX_MB = 0
    big = SimpleUploadedFile("a.jpg", jpeg_with_exif(), content_type="image/jpeg")
    form = sample_form(data=data(), files={"photos": [big]})
    assert not form.is_valid() and "太大" in form.errors["photos"][0]
    settings.PARTICIPATION_PHOTO_MAX_MB = 5
    many = [SimpleUploadedFile(f"{n}.jpg", jpeg_with_exif()) for n in range(4)]
    form = sample_form(data=data(), files={"photos": many})
    assert not form.is_valid() and "最多上传 3 张" in form.errors["photos"][0]
