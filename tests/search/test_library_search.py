"""Chinese search in the image and document libraries (the admin lists and choosers): their
titles are declared by Wagtail as plain ``SearchField``s, and the backends analyse them like our
own fields (``search.index.analysed_value``)."""

import pytest
import wagtail_factories
from django.urls import reverse
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.search.backends import get_search_backend

from search.backends.engines import ElasticsearchMapping, OpenSearchMapping

pytestmark = pytest.mark.django_db


@pytest.fixture
def images():
    titles = ["演示图片 1", "演示图片 2", "嵊州市金庭镇人大代表联络站", "联络站活动现场", "风景"]
    return {title: wagtail_factories.ImageFactory(title=title) for title in titles}


@pytest.fixture
def documents():
    titles = ["2024年代表建议办理情况报告", "联络站工作制度", "annual report"]
    return {title: wagtail_factories.DocumentFactory(title=title) for title in titles}


def titles(results):
    return sorted(item.title for item in results)


def test_images_are_found_by_chinese_words(images):
    backend = get_search_backend()
    image = get_image_model()
    assert titles(backend.search("演示图片", image)) == ["演示图片 1", "演示图片 2"]
    assert titles(backend.search("联络站", image)) == [
        "嵊州市金庭镇人大代表联络站",
        "联络站活动现场",
    ]
    assert titles(backend.search("嵊州市金庭镇人大代表联络站", image)) == [
        "嵊州市金庭镇人大代表联络站"
    ]
    assert titles(backend.autocomplete("联络", image)) == [
        "嵊州市金庭镇人大代表联络站",
        "联络站活动现场",
    ]


def test_documents_are_found_by_chinese_words(documents):
    backend = get_search_backend()
    document = get_document_model()
    assert titles(backend.search("代表建议", document)) == ["2024年代表建议办理情况报告"]
    assert titles(backend.search("工作制度", document)) == ["联络站工作制度"]
    assert titles(backend.search("reports", document)) == ["annual report"]


def test_admin_image_list_and_chooser_find_chinese_titles(admin_client, images):
    listing = admin_client.get(reverse("wagtailimages:index"), {"q": "演示图片"})
    assert listing.status_code == 200
    assert "演示图片 1" in listing.text and "演示图片 2" in listing.text
    assert "风景" not in listing.text
    chooser = admin_client.get(reverse("wagtailimages_chooser:choose_results"), {"q": "联络站"})
    assert chooser.status_code == 200
    assert "联络站活动现场" in chooser.text and "演示图片 1" not in chooser.text


def test_admin_document_list_finds_a_full_chinese_title(admin_client, documents):
    response = admin_client.get(reverse("wagtaildocs:index"), {"q": "2024年代表建议办理情况报告"})
    assert response.status_code == 200
    assert "2024年代表建议办理情况报告" in response.text
    assert "联络站工作制度" not in response.text


@pytest.mark.parametrize("mapping_class", [OpenSearchMapping, ElasticsearchMapping])
def test_engine_documents_hold_analysed_library_titles(images, mapping_class):
    """What a search engine receives for an image: the title cut into bigrams as on the
    database backend (the engine's whitespace analyzer keeps each token as it is)."""
    image = images["演示图片 1"]
    document = mapping_class(type(image)).get_document(image)
    title_field = mapping_class(type(image)).get_field_column_name(
        next(f for f in type(image).get_search_fields() if f.field_name == "title")
    )
    assert document[title_field] == "演示 示图 图片 片 1"
    assert "演示 示图 图片 片 1" in document["_edgengrams"]
