"""English search: Latin words are stemmed in Python (search.analysis, Snowball's English stemmer)
before any backend sees them, so PostgreSQL's ``simple`` configuration, SQLite and the engines
all get stems: an English page is found by any form of its words — on the backend, in the
admin's page search and on the English search page. Run on SQLite and on PostgreSQL
(``bin/with-postgres``), and on the engines."""

import pytest
from django.urls import reverse
from django.utils import translation
from wagtail.models import Locale, Page

from search.analysis import query_terms
from search.views import search_pages
from tests.factories import NewsPageFactory, paragraph, publish_translations, translated

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("search_backend")]

TITLE = "Representatives visited the liaison stations"


@pytest.fixture
def english_page(home_page, column):
    chinese = NewsPageFactory(
        parent=column,
        title="代表走访联络站",
        body=paragraph("代表走访甘霖镇联络站。"),
        source="本网",
    )
    publish_translations(home_page, column)
    return translated(
        chinese,
        Locale.objects.get(language_code="en"),
        title=TITLE,
        body=paragraph("Deputies listened to voters in Ganlin township."),
        summary="A visit.",
        source="NPC",
    )


@pytest.mark.parametrize(
    "query",
    ["representative", "visiting", "station", "Representatives visit", "liaison stations"],
)
def test_any_form_of_an_english_word_finds_the_page(english_page, query):
    assert TITLE in [page.title for page in Page.objects.live().search(query)]


def test_the_backend_receives_stems():
    (representative, visiting) = query_terms("Representatives visiting")
    assert (representative.tokens, visiting.tokens) == (("repres",), ("visit",))


def test_english_stop_words_do_not_make_a_query_fail(english_page):
    # “to” and “of” are nowhere in the page: a query word that must match everywhere would
    # find nothing. Alone, a stop word is still searched for.
    assert TITLE in [page.title for page in Page.objects.live().search("visits to the stations")]
    assert TITLE in [page.title for page in Page.objects.live().search("stations of Ganlin")]
    assert [term.tokens for term in query_terms("the")] == [("the",)]


def test_the_english_search_page_finds_the_page(client, english_page):
    with translation.override("en"):
        assert [page.title for page in search_pages("visiting stations")] == [TITLE]
    response = client.get("/en/search/", {"q": "representative"})
    assert TITLE in response.content.decode()


def test_the_admin_page_search_finds_the_page(admin_client, english_page):
    response = admin_client.get(reverse("wagtailadmin_pages:search"), {"q": "visiting"})
    assert response.status_code == 200
    assert TITLE in response.content.decode()
