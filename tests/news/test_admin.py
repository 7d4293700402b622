import pytest
from django.contrib.auth import get_user_model

from news.models import NewsPage
from tests.factories import NewsPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, home_page):
    user = get_user_model().objects.create_superuser("editor", "editor@example.com", "password")
    client.force_login(user)
    return client


def test_article_add_and_edit_forms_render(admin_client, column):
    assert admin_client.get(f"/admin/pages/add/news/newspage/{column.pk}/").status_code == 200
    page = NewsPageFactory(parent=column, authors=["沈丽华"])
    response = admin_client.get(f"/admin/pages/{page.pk}/edit/")
    assert response.status_code == 200
    html = response.content.decode()
    for label in "引题 副题 发布时间 来源 作者 责任编辑 图片新闻 正文 主题".split():
        assert label in html, label


def test_saving_a_draft_from_the_admin_does_not_publish(admin_client, column, client):
    data = {
        "title": "后台新建的稿件",
        "slug": "admin-draft",
        "kicker": "",
        "subtitle": "",
        "summary": "",
        "publish_time": "",
        "source": "研究室",
        "responsible_editor": "",
        "feature_image_caption": "",
        "tags": "",
        "body-count": "0",
        "authors-TOTAL_FORMS": "1",
        "authors-INITIAL_FORMS": "0",
        "authors-MIN_NUM_FORMS": "0",
        "authors-MAX_NUM_FORMS": "1000",
        "authors-0-name": "沈丽华",
        "authors-0-ORDER": "1",
        "authors-0-id": "",
        "authors-0-DELETE": "",
    }
    response = admin_client.post(f"/admin/pages/add/news/newspage/{column.pk}/", data)

    assert response.status_code == 302, response.content.decode()[:2000]
    page = NewsPage.objects.get(slug="admin-draft")
    assert not page.live
    assert page.get_latest_revision_as_object().author_names == ["沈丽华"]
    assert "后台新建的稿件" not in client.get("/releases/").content.decode()
