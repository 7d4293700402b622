"""A title holding the query counts as a hit, the same for a short title as for a long one: the
text decides among pages whose titles all hold it. (With the title scored by length, 17
stations named …人大代表联络站, whose text only names their township, ranked a report about
联络站 19th of 24 on the demo.)"""

import pytest
from django.utils import translation
from wagtail.models import Page
from wagtail.rich_text import RichText

from search.backends.engines import OpenSearchQueryCompiler
from search.backends.query import TITLE_WEIGHT, analyse
from search.views import search_pages
from stations.models import StationPage
from tests.factories import NewsPageFactory, StationIndexPageFactory, StationPageFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("search_backend")]

TOWNSHIPS = ["鹿山街道", "剡湖街道", "崇仁镇", "黄泽镇", "长乐镇", "三江街道", "浦口街道", "下王镇"]
REPORT = "嵊州市代表联络站全面“升级” “小站点”提供“大服务”"


def paragraphs(text):
    return [("paragraph", RichText(f"<p>{text}</p>"))]


@pytest.fixture
def stations_and_report(home_page, column):
    index = StationIndexPageFactory(parent=home_page, title="人大代表之家")
    for township in TOWNSHIPS:
        StationPageFactory(parent=index, title=f"{township}人大代表联络站", township=township)
    text = (
        "代表联络站是代表联系群众的平台。" * 3
        + "各联络站完善了接待制度，选民到联络站反映意见。" * 4
    )
    paragraphs = [("paragraph", RichText(f"<p>{text}</p>"))]
    return NewsPageFactory(parent=column, title=REPORT, body=paragraphs)


def test_a_report_is_not_buried_under_short_titles_holding_the_word(stations_and_report):
    with translation.override("zh-hans"):
        results = list(search_pages("联络站")[:20])
    assert results[0].pk == stations_and_report.pk
    assert sum(isinstance(page.specific, StationPage) for page in results) == len(TOWNSHIPS)


def test_a_title_holding_more_of_the_words_ranks_higher(column):
    both = NewsPageFactory(parent=column, title="联络站接待日", body=paragraphs("会议。"))
    one = NewsPageFactory(parent=column, title="联络站动态", body=paragraphs("会议。接待选民。"))
    with translation.override("zh-hans"):
        assert [page.pk for page in search_pages("联络站 接待")] == [both.pk, one.pk]


def test_title_matches_still_come_before_text_matches(stations_and_report, column):
    mention = "一篇提到联络站的稿件。" * 10
    other = NewsPageFactory(
        parent=column, title="会议纪要", body=[("paragraph", RichText(f"<p>{mention}</p>"))]
    )
    with translation.override("zh-hans"):
        results = list(search_pages("联络站")[:20])
    assert results[-1].pk == other.pk


@pytest.mark.database_only  # the query an engine receives, built without a node
@pytest.mark.parametrize("words", ["联络站", "联络站 接待"])
def test_the_engine_query_counts_a_title_hit_as_a_constant(words):
    """One word or several: the text is scored (BM25), the title adds TITLE_WEIGHT times the
    share of the words it holds, whatever its length (``constant_score``s, not BM25 over the
    title)."""
    compiler = OpenSearchQueryCompiler(Page.objects.all(), analyse(words))
    query = compiler.get_inner_query()["bool"]
    assert len(query["should"]) == len(words.split())
    for clause in query["should"]:
        assert clause["constant_score"]["boost"] == TITLE_WEIGHT / len(words.split())
    title_fields = {
        field for clause in _phrases(query["should"]) for field in clause["match_phrase"]
    }
    text_fields = {field for clause in _phrases(query["must"]) for field in clause["match_phrase"]}
    assert all(name.startswith("_all_text_boost_") for name in title_fields)
    assert not any(name.startswith("_all_text_boost_") for name in text_fields)


def _phrases(node):
    """The phrase clauses inside an engine query."""
    if isinstance(node, list):
        return [clause for item in node for clause in _phrases(item)]
    if isinstance(node, dict):
        if "match_phrase" in node:
            return [node]
        return [clause for value in node.values() for clause in _phrases(value)]
    return []
