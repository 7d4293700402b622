"""Query correction (search.correction) from the site's vocabulary (search.vocabulary), and the
search outcome that uses it (search.outcome)."""

import pytest
from django.core.management import call_command

from search import vocabulary
from search.correction import correct, correct_run
from search.outcome import FEW_RESULTS, run_search
from search.pinyin import near_key
from search.views import SearchFilters
from tests.factories import NewsPageFactory, StationIndexPageFactory, StationPageFactory, paragraph

pytestmark = pytest.mark.django_db


def article(column, title, text="代表联络站全面升级。"):
    return NewsPageFactory(parent=column, title=title, body=paragraph(text))


@pytest.fixture
def site_words(home_page, column):
    """Pages with the words of the issue's examples, and the vocabulary built from them."""
    article(column, "嵊州市联络站开放", "嵊州市人大代表联络站接待选民，香榧币可兑换服务。")
    article(column, "垃圾分类进社区", "代表督促垃圾分类工作，峰会期间联络站开放。")
    article(column, "G20峰会服务保障", "香榧币在嵊州推广，垃圾分类成效明显。")
    article(column, "流年与联络站", "联络站里说流年。")
    network = StationIndexPageFactory(parent=home_page)
    StationPageFactory(parent=network, title="金庭镇联络站", practices="<p>香榧币积分</p>")
    return vocabulary.rebuild()


def test_the_vocabulary_holds_the_sites_words_with_their_frequency(site_words):
    words = vocabulary.current()
    assert site_words.words == len(words) > 5
    assert site_words.memory_bytes > 0 and site_words.stored_bytes > 0
    for word in ("联络站", "嵊州", "垃圾", "分类", "峰会", "香榧", "金庭镇"):
        assert word in words, word
    # In more pages, more frequent: 联络站 is in every page.
    assert words.frequency("联络站") > words.frequency("流年") > 0
    # Single characters and Latin words are not words of the vocabulary.
    assert "g20" not in words and "币" not in words


def test_homophones_are_corrected_without_tones(site_words):
    assert correct("联洛站") == "联络站"
    assert correct("嵊洲") == "嵊州"
    # 香榧币 is not a dictionary word: its span 香榧 is corrected, 币 kept.
    assert correct("香菲币") == "香榧币"


def test_near_readings_are_corrected():
    # zh/z, ing/in, n/l: the fuzzy-pinyin confusions of southern speakers.
    assert near_key(("zhan", "ling")) == near_key(("zan", "lin")) == near_key(("zan", "nin"))
    words = vocabulary.LoadedVocabulary(
        "test", {"words": ["联络站"], "frequencies": [3], "pinyin": ["lian luo zhan"]}
    )
    assert correct_run("联洛赞", words) == "联络站"  # zan for zhan
    assert correct_run("年络站", words) == "联络站"  # nian for lian


def test_one_wrong_character_in_a_longer_query(site_words):
    assert correct("垃圾分累") == "垃圾分类"
    # A wrong character of another sound in a word of three characters.
    assert correct("金桥镇") == "金庭镇"


def test_latin_words_and_digits_are_left_as_typed(site_words):
    assert correct("G20 峰汇") == "G20 峰会"
    assert correct("G20峰汇") == "G20峰会"
    assert correct("G20") is None


def test_traditional_characters_are_corrected(site_words):
    assert correct("聯洛站") == "联络站"


def test_words_of_the_site_are_not_corrected(site_words):
    assert correct("联络站") is None
    assert correct("流年") is None
    # 留念 is a word, not a typo of 流年; the site does not use it, so the query finds nothing and
    # a correction is proposed — but a query that finds pages keeps them (next test).
    assert correct("嵊州 垃圾分类") is None


def test_a_query_that_finds_enough_is_not_corrected(search_backend, site_words, column):
    for number in range(FEW_RESULTS):
        article(column, f"留念{number}")
    for number in range(FEW_RESULTS + 2):
        article(column, f"流年{number}")  # its homophone finds more, but 留念 found enough
    outcome = run_search("留念")
    assert len(outcome.results) == FEW_RESULTS
    assert (outcome.query, outcome.corrected, outcome.suggestion) == ("留念", False, None)


def test_no_results_show_the_corrections_results(search_backend, site_words):
    outcome = run_search("联洛站")
    assert outcome.corrected and outcome.query == "联络站" and outcome.original == "联洛站"
    assert len(outcome.results) == 5
    exact = run_search("联洛站", correction=False)
    assert not exact.corrected and len(exact.results) == 0


def test_few_results_propose_the_correction(search_backend, site_words, column):
    article(column, "嵊洲的写法", "错写的嵊洲。")
    outcome = run_search("嵊洲")
    assert [page.title for page in outcome.results] == ["嵊洲的写法"]
    assert not outcome.corrected and outcome.suggestion == "嵊州"


def test_filters_apply_to_the_correction(search_backend, site_words):
    outcome = run_search("联洛站", filters=SearchFilters(type="station"))
    assert outcome.corrected
    assert [page.title for page in outcome.results] == ["金庭镇联络站"]


@pytest.mark.parametrize("command", ["update_index", "rebuild_vocabulary"])
def test_update_index_rebuilds_the_vocabulary(site_words, column, command):
    assert correct("仓岩乡") is None
    article(column, "苍岩乡代表活动", "苍岩乡代表走访。")
    article(column, "再到苍岩乡", "苍岩乡联络站。")
    call_command(command, verbosity=0)
    assert correct("仓岩乡") == "苍岩乡"


def test_load_demo_step_builds_the_vocabulary(home_page, column):
    article(column, "香榧币上线")
    lines = []

    class Out:
        write = lines.append

    vocabulary.load_demo(stdout=Out)
    assert "香榧" in vocabulary.current() and "vocabulary" in lines[0]


def test_another_process_reloads_a_rebuilt_vocabulary(site_words, column):
    """A process holding an older copy loads the new one: the version in the cache differs."""
    stale = vocabulary.LoadedVocabulary("old", {"words": [], "frequencies": [], "pinyin": []})
    vocabulary._install(stale)
    assert "联络站" in vocabulary.current()


def test_private_and_draft_pages_give_no_words(home_page, column):
    NewsPageFactory(parent=column, title="秘密草稿词汇", live=False)
    vocabulary.rebuild()
    assert "草稿" not in vocabulary.current()


def test_the_words_of_synonym_sets_and_inside_longer_words_are_in_the_vocabulary(home_page, column):
    from search.models import Synonym

    # 信访 only inside 信访工作, 防治 only inside 防治法; 内司委 in no page, only in a synonym set.
    article(column, "人大信访工作会议", "会议部署人大信访工作和水污染防治法执法检查。")
    Synonym.objects.create(kind="equivalent", terms="内司委\n内务司法委员会")
    vocabulary.rebuild()
    words = vocabulary.current()
    for word in ("信访", "防治", "内司委", "内务司法委员会"):
        assert word in words, word
    assert correct("人大信仿") == "人大信访"
    assert correct("水污染防制") == "水污染防治"
    assert correct("内思委") == "内司委"


def test_words_met_once_are_kept_while_there_is_room(home_page, column, settings):
    article(column, "通知", "观海卫镇召开人大主席团会议。")
    article(column, "通知二", "联络站开放。联络站接待。")
    article(column, "通知三", "联络站值班。")
    vocabulary.rebuild()
    assert "主席团" in vocabulary.current()  # met once, on a small site
    settings.SEARCH_VOCABULARY_WORDS = 1
    vocabulary.rebuild()
    # The room goes to the words met in more pages (and titles' words) first.
    assert "主席团" not in vocabulary.current()
