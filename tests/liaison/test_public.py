"""The public side of 网上联络站: sending, the receipt, lookup, rating, 代表码."""

import re

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile

from liaison.models import Message, MessageEvent, Rating, Reply, Status
from participation.models import SensitiveTerm

from .factories import MessageFactory, ReplyFactory

pytestmark = pytest.mark.django_db


def form_data(**overrides):
    return {
        "category": "advice",
        "subject": "村口路灯不亮",
        "text": "村口的路灯坏了两个月，晚上出行不便。",
        "contact_name": "李四",
        "contact_mobile": "139 1234 5678",
        "contact_email": "",
        "reply_public": "yes",
        "consent": "on",
        **overrides,
    }


def send(client, station, **overrides):
    return client.post(f"/liaison/?station={station.pk}", form_data(**overrides))


def receipt(response) -> tuple[str, str]:
    html = response.content.decode()
    case = re.search(r'class="liaison__case">([^<]+)<', html).group(1)
    code = re.search(r'class="liaison__code">(\d{6})<', html).group(1)
    return case, code


def test_the_station_page_has_the_form_figures_and_qr(client, station):
    html = client.get(station.url).content.decode()
    assert "给代表留言" in html
    assert f'action="/liaison/?station={station.pk}"' in html
    assert f'name="station" value="{station.pk}"' in html
    assert "网上留言办理情况" in html
    assert f"/liaison/qr/station-{station.pk}.png" in html


def test_sending_gives_a_case_number_and_code_once(client, station):
    response = send(client, station)
    assert response.status_code == 200, response.context["form"].errors
    assert "no-cache" in response["Cache-Control"]
    case, code = receipt(response)
    assert re.fullmatch(r"SZ-\d{4}-\d{6}", case)
    message = Message.objects.get(case_number=case)
    assert message.station == station and message.status == Status.PENDING
    assert message.contact_mobile == "+8613912345678"
    assert message.check_lookup_code(code)
    assert code not in message.lookup_code_hash
    assert MessageEvent.objects.filter(message=message, action="submitted").exists()
    assert mail.outbox == []


def test_case_numbers_count_up(client, station):
    first, _ = receipt(send(client, station))
    second, _ = receipt(send(client, station, text="另一件事：垃圾桶满了。"))
    assert int(second[-6:]) == int(first[-6:]) + 1


def test_the_receipt_is_mailed_when_an_address_is_given(
    client, station, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        case, code = receipt(send(client, station, contact_email="li@example.cn"))
    (sent,) = mail.outbox
    assert sent.to == ["li@example.cn"]
    assert case in sent.subject and code in sent.body


def test_a_duplicate_is_not_stored_twice(client, station):
    send(client, station)
    response = send(client, station)
    assert "已收到相同内容" in response.content.decode()
    assert Message.objects.count() == 1


def test_the_honeypot_answers_as_if_accepted_and_stores_nothing(client, station):
    response = send(client, station, website="http://spam.example")
    assert response.status_code == 200
    assert "留言已提交" in response.content.decode()
    assert Message.objects.count() == 0


def test_sensitive_words_hold_the_message(client, station):
    SensitiveTerm.objects.get_or_create(term="代开发票")
    case, _code = receipt(send(client, station, text="代开发票，联系我"))
    message = Message.objects.get(case_number=case)
    assert message.status == Status.HELD and message.hold_reasons == ["sensitive"]


def test_without_a_solved_challenge_it_is_held(client, station, settings):
    settings.PARTICIPATION_CHALLENGE = True
    case, _code = receipt(send(client, station))
    assert Message.objects.get(case_number=case).hold_reasons == ["challenge"]


def test_bad_input_keeps_everything_typed(client, station):
    response = send(client, station, contact_mobile="12345", reply_public="")
    html = response.content.decode()
    assert response.status_code == 400
    assert "手机号码格式不正确" in html and "请选择答复是否公开" in html
    assert "村口的路灯坏了两个月，晚上出行不便。" in html and "村口路灯不亮" in html
    assert 'aria-invalid="true"' in html
    assert Message.objects.count() == 0


def test_a_bad_photo_keeps_the_text(client, station):
    fake = SimpleUploadedFile("a.jpg", b"not an image", content_type="image/jpeg")
    response = client.post(f"/liaison/?station={station.pk}", {**form_data(), "photos": [fake]})
    html = response.content.decode()
    assert response.status_code == 400
    assert "无法识别为图片" in html and "村口的路灯坏了两个月" in html


def test_rate_limit_per_address(client, station, settings):
    settings.PARTICIPATION_RATE_LIMITS = {
        **settings.PARTICIPATION_RATE_LIMITS,
        "address": {"limit": 2, "window": 600},
    }
    for n in range(2):
        assert (
            send(client, station, text=f"第{n}件事", contact_mobile=f"1391234560{n}").status_code
            == 200
        )
    response = send(client, station, text="第三件事", contact_mobile="13912345609")
    assert response.status_code == 429
    assert "提交过于频繁" in response.content.decode() and "第三件事" in response.content.decode()
    assert Message.objects.count() == 2


def test_rate_limit_per_mobile_number(client, station, settings):
    settings.PARTICIPATION_RATE_LIMITS = {
        **settings.PARTICIPATION_RATE_LIMITS,
        "mobile": {"limit": 1, "window": 3600},
    }
    assert send(client, station, text="第一件").status_code == 200
    assert send(client, station, text="第二件", REMOTE_ADDR="10.1.1.1").status_code == 429


def test_representative_must_be_at_the_station(client, station, other_station, representative):
    response = client.post(
        "/liaison/", form_data(station=other_station.pk, representative=representative.pk)
    )
    assert "该代表不在所选联络站" in response.content.decode()
    ok = client.post("/liaison/", form_data(representative=representative.pk))
    case, _code = receipt(ok)
    message = Message.objects.get(case_number=case)
    assert (message.station, message.representative) == (station, representative)


def test_the_general_page_lists_stations(client, station, other_station):
    html = client.get("/liaison/").content.decode()
    assert "甘霖镇人大代表联络站" in html and "三界镇人大代表联络站" in html
    assert client.get("/liaison/?station=999999").status_code == 404


def lookup(client, case, code, **extra):
    return client.post("/liaison/lookup/", {"case_number": case, "code": code}, **extra)


def test_lookup_with_the_right_code_shows_status_and_reply(client, station):
    reply = ReplyFactory(
        message__station=station, message__status=Status.REPLIED, text="路灯已修好。"
    )
    html = lookup(client, reply.message.case_number, "123456").content.decode()
    assert "已答复" in html and "路灯已修好。" in html
    assert reply.message.text not in html and "王小明" not in html  # nothing else


def test_a_reply_not_yet_approved_is_not_shown(client, station):
    reply = ReplyFactory(message__station=station, message__status=Status.ACCEPTED,
                         status=Reply.Status.SUBMITTED, text="草稿答复")  # fmt: skip
    html = lookup(client, reply.message.case_number, "123456").content.decode()
    assert "草稿答复" not in html and "答复尚未发布" in html


def test_wrong_code_and_unknown_case_read_the_same(client, station):
    message = MessageFactory(station=station)
    wrong_code = lookup(client, message.case_number, "000000")
    unknown = lookup(client, "SZ-2026-999999", "123456", REMOTE_ADDR="10.9.9.9")
    assert wrong_code.status_code == unknown.status_code == 400
    for response in (wrong_code, unknown):
        assert "留言编号或查询码不正确" in response.content.decode()


def test_wrong_codes_are_rate_limited(client, station, settings):
    message = MessageFactory(station=station)
    for n in range(5):
        assert (
            lookup(client, message.case_number, f"00000{n}", REMOTE_ADDR=f"10.0.0.{n}").status_code
            == 400
        )
    # The case's limit is reached: even the right code is refused now, from a new address.
    limited = lookup(client, message.case_number, "123456", REMOTE_ADDR="10.0.1.1")
    assert limited.status_code == 429
    assert "查询错误次数过多" in limited.content.decode()
    # Per address too: another case from an address that failed ten times.
    for n in range(10):
        lookup(client, f"SZ-2026-00{n:04d}", "111111", REMOTE_ADDR="10.0.2.2")
    other = MessageFactory(station=station)
    assert lookup(client, other.case_number, "123456", REMOTE_ADDR="10.0.2.2").status_code == 429
    assert lookup(client, other.case_number, "123456", REMOTE_ADDR="10.0.3.3").status_code == 200


def test_rating_once_after_the_reply(client, station):
    reply = ReplyFactory(message__station=station, message__status=Status.REPLIED)
    html = lookup(client, reply.message.case_number, "123456").content.decode()
    token = re.search(r'name="token" value="([^"]+)"', html).group(1)
    response = client.post("/liaison/lookup/rate/", {"token": token, "rating": "satisfied"})
    assert "感谢您的评价" in response.content.decode()
    again = client.post("/liaison/lookup/rate/", {"token": token, "rating": "unsatisfied"})
    assert "感谢您的评价" not in again.content.decode()
    reply.message.refresh_from_db()
    assert reply.message.rating == Rating.SATISFIED
    assert (
        client.post("/liaison/lookup/rate/", {"token": "forged", "rating": "satisfied"}).status_code
        == 400
    )


def test_no_rating_before_the_reply(client, station):
    message = MessageFactory(station=station, status=Status.ACCEPTED)
    html = lookup(client, message.case_number, "123456").content.decode()
    assert 'name="rating"' not in html


@pytest.mark.parametrize("fmt", ["png", "svg"])
def test_station_and_representative_qr_codes(client, station, representative, fmt):
    response = client.get(f"/liaison/qr/station-{station.pk}.{fmt}")
    assert response.status_code == 200
    assert response["Content-Type"] == ("image/png" if fmt == "png" else "image/svg+xml")
    response = client.get(f"/liaison/qr/representative-{representative.pk}.{fmt}")
    assert response.status_code == 200
    assert client.get(f"/liaison/qr/station-{station.pk}.gif").status_code == 404


def test_the_qr_code_opens_the_form_with_the_station_chosen(client, station):
    import io

    from PIL import Image

    png = client.get(f"/liaison/qr/station-{station.pk}.png").content
    assert Image.open(io.BytesIO(png)).size[0] >= 300  # print-ready
    svg = client.get(f"/liaison/qr/station-{station.pk}.svg").content.decode()
    assert f"http://testserver/liaison/?station={station.pk}" in svg
    html = client.get(f"/liaison/?station={station.pk}").content.decode()
    assert f"给{station.title}留言" in html


def test_cross_site_posts_are_refused(client, station):
    response = client.post(
        f"/liaison/?station={station.pk}", form_data(), HTTP_ORIGIN="https://evil.example"
    )
    assert response.status_code == 403
    assert Message.objects.count() == 0


def test_the_form_in_english(client, station):
    html = client.get(f"/en/liaison/?station={station.pk}").content.decode()
    assert "Send message" in html and "Mobile number" in html and 'lang="en"' in html
    response = client.post(f"/en/liaison/?station={station.pk}", form_data(contact_mobile="1"))
    assert "This mobile number is not valid" in response.content.decode()
    lookup = client.post("/en/liaison/lookup/", {"case_number": "SZ-2026-000001", "code": "1"})
    assert "The lookup code has 6 digits." in lookup.content.decode()
    case, code = receipt(client.post(f"/en/liaison/?station={station.pk}", form_data()))
    assert (
        "Message sent"
        in client.post(
            f"/en/liaison/?station={station.pk}", form_data(text="another")
        ).content.decode()
    )


def test_the_representative_page_has_the_form(client, station, representative):
    url = station.get_parent().url + f"representatives/{representative.pk}/"
    html = client.get(url).content.decode()
    assert f"给{representative.name}代表留言" in html
    assert f'action="/liaison/?representative={representative.pk}"' in html
    assert f"/liaison/qr/representative-{representative.pk}.svg" in html
    case, _code = receipt(client.post(f"/liaison/?representative={representative.pk}", form_data()))
    message = Message.objects.get(case_number=case)
    assert (message.station, message.representative) == (station, representative)


def test_photos_are_kept_privately_without_metadata(client, station, private_storage):
    from tests.participation.test_forms import jpeg_with_exif

    photo = SimpleUploadedFile("IMG_1.jpg", jpeg_with_exif(), content_type="image/jpeg")
    case, _code = receipt(
        client.post(f"/liaison/?station={station.pk}", {**form_data(), "photos": [photo]})
    )
    (stored,) = Message.objects.get(case_number=case).photos.all()
    path = private_storage / stored.file.name
    assert path.exists() and b"SecretCam" not in path.read_bytes()
    assert stored.content_type == "image/jpeg" and "IMG_1" not in stored.file.name


def test_the_station_form_is_rendered_once_per_generation(client, station, monkeypatch, settings):
    """The empty form is the same for every reader: kept like the menu (7.8 ms of a station page),
    rendered again only after a publication retires the generation."""
    from home.cache.generation import bump_generation
    from liaison.templatetags import liaison_tags

    settings.PAGE_CACHE_ENABLED = False
    built = []
    real_form = liaison_tags.MessageForm
    monkeypatch.setattr(
        liaison_tags, "MessageForm", lambda *a, **k: built.append(1) or real_form(*a, **k)
    )
    first = client.get(station.url).content.decode()
    second = client.get(station.url).content.decode()
    assert len(built) == 1
    assert 'name="contact_mobile"' in second and first.count("<form") == second.count("<form")
    bump_generation()
    client.get(station.url)
    assert len(built) == 2
