import json

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import Client

from home.services import ensure_regional_editor_group
from tests.factories import NewsIndexPageFactory


def make_user(username, group_name):
    user = get_user_model().objects.create_user(
        username, f"{username}@example.com", "password", first_name=username
    )
    user.groups.add(Group.objects.get(name=group_name))
    return user


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def shaoxing(home_page, site_settings):
    local = NewsIndexPageFactory(parent=home_page, title="市县人大", slug="local")
    return NewsIndexPageFactory(parent=local, title="绍兴市", slug="shaoxing")


@pytest.fixture
def editor(db):
    return make_user("editor", "编辑")


@pytest.fixture
def reviewer(db):
    return make_user("reviewer", "审核")


@pytest.fixture
def signer(db):
    return make_user("signer", "签发")


@pytest.fixture
def regional_editor(shaoxing):
    ensure_regional_editor_group(column=shaoxing)
    return make_user("shaoxing", "绍兴市编辑")


def article_form(**overrides):
    data = {
        "title": "工作流测试稿件",
        "slug": "workflow-article",
        "kicker": "",
        "subtitle": "",
        "summary": "工作流测试摘要。",
        "publish_time": "",
        "source": "研究室",
        "responsible_editor": "",
        "feature_image_caption": "",
        "tags": "",
        "body-count": "1",
        "body-0-type": "paragraph",
        "body-0-deleted": "",
        "body-0-order": "0",
        "body-0-id": "p1",
        "body-0-value": json.dumps(
            {
                "blocks": [
                    {
                        "key": "a1",
                        "text": "代表联络站工作流正文。",
                        "type": "unstyled",
                        "depth": 0,
                        "inlineStyleRanges": [],
                        "entityRanges": [],
                    }
                ],
                "entityMap": {},
            }
        ),
        "authors-TOTAL_FORMS": "0",
        "authors-INITIAL_FORMS": "0",
        "authors-MIN_NUM_FORMS": "0",
        "authors-MAX_NUM_FORMS": "1000",
        "comments-TOTAL_FORMS": "0",
        "comments-INITIAL_FORMS": "0",
        "comments-MIN_NUM_FORMS": "0",
        "comments-MAX_NUM_FORMS": "1000",
        "go_live_at": "",
        "expire_at": "",
    }
    data.update(overrides)
    return data
