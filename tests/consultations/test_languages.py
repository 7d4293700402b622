import pytest
from django.utils import translation

from consultations.labels import article_anchor, article_display, heading_display

pytestmark = pytest.mark.django_db


def test_labels_follow_the_language_and_anchors_do_not():
    assert article_display(12) == "第十二条"
    assert article_display(10, 1) == "第十条之一"
    assert heading_display("chapter", 3) == "第三章"
    with translation.override("en"):
        assert article_display(12) == "Article 12"
        assert article_display(10, 1) == "Article 10-1"
        assert heading_display("chapter", 3) == "Chapter 3"
        assert heading_display("section", 2) == "Section 2"
        assert article_anchor(12) == "第十二条"


def test_the_comment_form_in_english(client, draft):
    html = client.get(f"/en/consultations/{draft.pk}/comment/?article=第二条").content.decode()
    assert "Comment on this article" in html
    assert "Mobile number" in html
    assert "Article 2" in html


def test_the_comment_form_in_chinese(client, draft):
    html = client.get(f"/consultations/{draft.pk}/comment/?article=第二条").content.decode()
    assert "对本条提意见" in html and "手机号码" in html and "第二条" in html
