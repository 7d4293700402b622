"""The 网上联络站 in the admin: each station's staff see their own messages only, an editor sees
none, contact details are shown on request to those allowed and each reading is logged."""

import io

import openpyxl
import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from liaison.models import Message, MessageEvent, MessagePhoto
from participation.models import ContactAccess
from tests.home.admin_text import english_words
from tests.liaison.staff_fixtures import MOBILE, days_ago, make_message

pytestmark = pytest.mark.django_db

INDEX = "/admin/liaison/"
NATIONAL = MOBILE[3:]


@pytest.fixture
def messages(stations):
    return {
        "ganlin": make_message(stations["ganlin"], subject="甘霖镇的路灯"),
        "room": make_message(stations["room"], subject="苍岩村的道路"),
        "shihuang": make_message(stations["shihuang"], subject="石璜镇的垃圾站"),
    }


def detail(message):
    return reverse("liaison_message:inspect", args=[message.pk])


def test_station_staff_see_their_stations_messages_only(client, staff, messages):
    client.force_login(staff["ganlin"])
    page = client.get(INDEX).content.decode()
    assert "甘霖镇的路灯" in page and "苍岩村的道路" in page
    assert "石璜镇的垃圾站" not in page
    assert client.get(detail(messages["shihuang"])).status_code == 404
    assert client.get(detail(messages["ganlin"])).status_code == 200


def test_site_administrators_see_every_message(client, staff, messages):
    client.force_login(staff["site"])
    page = client.get(INDEX).content.decode()
    assert all(m.subject in page for m in messages.values())


def test_an_editor_sees_no_message_nor_the_menu(client, staff, messages):
    client.force_login(staff["editor"])
    assert client.get(INDEX).status_code in {302, 403}
    assert client.get(detail(messages["ganlin"])).status_code in {302, 403}
    assert client.get(reverse("liaison_overdue_report")).status_code in {302, 403}
    home = client.get("/admin/").content.decode()
    assert "网上联络站" not in home and "超期留言" not in home


def test_photos_are_shown_only_to_those_who_may_see_the_message(client, staff, messages):
    photo = MessagePhoto.objects.create(
        message=messages["shihuang"],
        file=ContentFile(b"\x89PNG\r\n\x1a\nphoto", name="photo.png"),
        content_type="image/png",
        size=14,
    )
    url = reverse("liaison_message:photo", args=[messages["shihuang"].pk, photo.pk])
    client.force_login(staff["ganlin"])
    assert client.get(url).status_code == 404
    client.force_login(staff["shihuang"])
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).endswith(b"photo")
    assert "no-store" in response["Cache-Control"]
    # The photo of another message is not reachable through this message's address.
    other = reverse("liaison_message:photo", args=[messages["ganlin"].pk, photo.pk])
    client.force_login(staff["site"])
    assert client.get(other).status_code == 404


def test_contact_details_are_shown_on_request_and_each_reading_is_logged(client, staff, messages):
    message = messages["ganlin"]
    client.force_login(staff["ganlin"])
    page = client.get(detail(message)).content.decode()
    assert NATIONAL not in page and "张三丰" not in page and "查看联系方式" in page
    assert not ContactAccess.objects.exists()
    page = client.get(detail(message) + "?contact=1").content.decode()
    assert MOBILE in page and "张三丰" in page
    access = ContactAccess.objects.get()
    assert (access.user, access.object_id, access.action) == (staff["ganlin"], message.pk, "view")


def test_without_view_contact_the_details_stay_hidden(client, staff, messages):
    client.force_login(staff["handler"])
    page = client.get(detail(messages["ganlin"]) + "?contact=1").content.decode()
    assert "甘霖镇的路灯" in page
    assert NATIONAL not in page and "张三丰" not in page
    assert not ContactAccess.objects.exists()


def test_steps_are_taken_from_the_message_page(client, staff, messages):
    message = messages["ganlin"]
    client.force_login(staff["ganlin"])
    response = client.post(detail(message), {"action": "accept"})
    assert response.status_code == 302
    message.refresh_from_db()
    assert message.status == "accepted"
    # A missing reason keeps the message as it was and says why, next to the field.
    response = client.post(detail(message), {"action": "refer", "refer-referred_to": ""})
    assert response.status_code == 400
    assert "该字段是必填项" in response.content.decode()
    # A step the status does not allow: refused with the reason, nothing changes.
    response = client.post(detail(message), {"action": "close"})
    assert response.status_code == 409
    assert "不能办结" in response.content.decode()
    message.refresh_from_db()
    assert message.status == "accepted"
    # A reply with the sender's number is refused and keeps the text typed.
    text = f"请致电{NATIONAL}"
    response = client.post(detail(message), {"action": "submit_reply", "reply-text": text})
    assert response.status_code == 400 and text in response.content.decode()


def test_the_reply_is_reviewed_on_the_message_page(client, staff, messages):
    message = messages["ganlin"]
    client.force_login(staff["ganlin"])
    client.post(detail(message), {"action": "accept"})
    client.post(detail(message), {"action": "submit_reply", "reply-text": "路灯已修复。"})
    approve = 'value="approve_reply"'
    assert approve not in client.get(detail(message)).content.decode()  # not a reviewer
    client.force_login(staff["site"])
    assert approve in client.get(detail(message)).content.decode()
    client.post(detail(message), {"action": "approve_reply"})
    message.refresh_from_db()
    assert message.status == "replied" and message.replied_at is not None


def _sheet(response):
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    return [list(row) for row in book.worksheets[0].iter_rows(values_only=True)]


def test_the_export_holds_the_filtered_list_with_contacts_only_for_those_allowed(
    client, staff, stations, messages
):
    export = reverse("liaison_message:export")
    client.force_login(staff["ganlin"])
    rows = _sheet(client.get(export))
    assert "手机号码" in rows[0]
    numbers = {row[0] for row in rows[1:]}
    assert numbers == {messages["ganlin"].case_number, messages["room"].case_number}
    assert NATIONAL in rows[1] and "张三丰" in rows[1]
    assert ContactAccess.objects.filter(action="export", user=staff["ganlin"]).count() == 2
    # The list's filters apply: one station without its rooms' neighbours.
    rows = _sheet(client.get(export, {"station": stations["room"].pk}))
    assert [row[0] for row in rows[1:]] == [messages["room"].case_number]

    client.force_login(staff["handler"])
    rows = _sheet(client.get(export))
    assert "手机号码" not in rows[0]
    assert not any(NATIONAL in str(value) for row in rows for value in row)
    assert not ContactAccess.objects.filter(user=staff["handler"]).exists()

    client.force_login(staff["editor"])
    assert client.get(export).status_code in {302, 403}


def test_the_overdue_report_lists_late_messages_with_their_band(client, staff, stations):
    fresh = make_message(stations["ganlin"], subject="新留言")
    late_accept = make_message(stations["ganlin"], received_at=days_ago(4))
    old = make_message(stations["ganlin"], status="accepted", received_at=days_ago(65))
    answered = make_message(stations["ganlin"], status="replied", received_at=days_ago(70))
    elsewhere = make_message(stations["shihuang"], received_at=days_ago(95))
    client.force_login(staff["ganlin"])
    page = client.get(reverse("liaison_overdue_report")).content.decode()
    assert late_accept.case_number in page and old.case_number in page
    assert "受理超期" in page and "超过60天未答复" in page
    for hidden in (fresh, answered, elsewhere):
        assert hidden.case_number not in page
    client.force_login(staff["site"])
    page = client.get(reverse("liaison_overdue_report"), {"band": "90"}).content.decode()
    assert elsewhere.case_number in page and old.case_number not in page
    assert "超过90天未答复" in page


def test_the_list_filters_by_overdue_status_and_case_number(client, staff, stations, messages):
    late = make_message(stations["ganlin"], received_at=days_ago(20), subject="迟迟未办")
    client.force_login(staff["ganlin"])
    page = client.get(INDEX, {"overdue": "reply"}).content.decode()
    assert "迟迟未办" in page and "甘霖镇的路灯" not in page
    page = client.get(INDEX, {"q": late.case_number}).content.decode()
    assert "迟迟未办" in page and "甘霖镇的路灯" not in page
    page = client.get(INDEX, {"status": "accepted"}).content.decode()
    assert "迟迟未办" not in page


def test_the_admin_screens_read_in_chinese(client, staff, stations, messages):
    message = messages["ganlin"]
    held = make_message(stations["ganlin"], status="held", hold_reasons=["challenge", "sensitive"])
    # The public side's history entries carry codes (hold reasons, ratings).
    MessageEvent.objects.create(message=held, action="submitted", to_status="held",
                                note="challenge, sensitive")  # fmt: skip
    MessageEvent.objects.create(message=held, action="rated", note="satisfied")
    MessageEvent.objects.create(message=held, action="accepted", note="演示数据")  # liaison.demo
    client.force_login(staff["site"])
    screens = [
        detail(held),
        INDEX,
        INDEX + "?overdue=any&status=pending",
        detail(message),
        detail(message) + "?contact=1",
        reverse("liaison_overdue_report"),
    ]
    for url in screens:
        response = client.get(url)
        assert response.status_code == 200, url
        assert english_words(response.content.decode()) == {}, url
    page = client.get(detail(held)).content.decode()
    assert "收到留言" in page and "含敏感词" in page and "留言人评价" in page and "满意" in page
    assert Message.objects.count() == 4
