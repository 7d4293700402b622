import pytest

from search.analysis import Term, normalize, query_terms, relaxed_query_terms, segment, tokenize


def test_han_runs_become_bigrams_and_their_last_character():
    assert tokenize("代表联络站") == ["代表", "表联", "联络", "络站", "站"]
    assert tokenize("站") == ["站"]


def test_latin_and_digits_are_words_and_punctuation_separates():
    assert tokenize("G20峰会，2020年！") == ["g20", "峰会", "会", "2020", "年"]
    assert segment("“小站点”") == "小站 站点 点"


def test_traditional_and_full_width_text_is_normalised():
    assert normalize("聯絡站Ｇ２０") == "联络站g20"
    assert tokenize("聯絡站") == tokenize("联络站")


@pytest.mark.parametrize(
    ("query", "terms"),
    [
        ("联络站", [Term(("联络", "络站"))]),
        ("嵊州 香榧币", [Term(("嵊州",)), Term(("香榧", "榧币"))]),
        ("站", [Term(("站",), prefix=True)]),
        ("2020年", [Term(("2020", "年"), prefix=True)]),
        ("G20", [Term(("g20",))]),
        ("!!! ？？ 🙂", []),
        ("联络站 联络站", [Term(("联络", "络站"))]),
    ],
)
def test_query_terms(query, terms):
    assert query_terms(query) == terms


def test_autocomplete_makes_the_last_word_a_prefix():
    assert query_terms("代表 联络", autocomplete=True) == [
        Term(("代表",)),
        Term(("联络",), prefix=True),
    ]


@pytest.mark.parametrize(
    ("query", "relaxed"),
    [
        # dictionary words, single characters dropped
        ("全过程人民民主", [Term(("全过", "过程")), Term(("人民",)), Term(("民主",))]),
        ("网上联络站", [Term(("网上",)), Term(("联络", "络站"))]),
        ("污水处理厂", [Term(("污水",)), Term(("处理", "理厂"))]),
        # a place name without its administrative unit
        ("金庭镇", [Term(("金庭",))]),
        ("嵊州市 香榧", [Term(("嵊州",)), Term(("香榧",))]),
        # nothing to relax: short words, one dictionary word, Latin text
        ("联络站", None),
        ("监督法", None),
        ("G20", None),
        ("!!!", None),
    ],
)
def test_relaxed_queries_cut_long_words_into_dictionary_words(query, relaxed):
    assert relaxed_query_terms(query) == relaxed


def test_english_words_are_stemmed_except_as_you_type():
    assert tokenize("Representatives visiting G20") == ["repres", "visit", "g20"]
    assert segment("Representatives", stemmed=False) == "representatives"
    assert query_terms("stations") == [Term(("station",))]
    assert query_terms("stati", autocomplete=True) == [Term(("stati",), prefix=True)]
