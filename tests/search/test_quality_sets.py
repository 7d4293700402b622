"""The judged sets of bench/search_quality.py are well-formed, and the bench shows no held-out
query one by one (issue #25)."""

import sys
from pathlib import Path
from types import ModuleType, SimpleNamespace

from bench.quality_sets import (
    COLLECTION_FILES,
    Outcome,
    Query,
    Scores,
    collections,
    judged_sets,
    public_search,
    read,
    shows_intended,
)

LANGUAGES = {"zh-hans", "en"}


def _grades_ok(relevant: dict, documents: set[str]) -> None:
    assert relevant, "a query without any relevant document measures nothing"
    assert set(relevant) <= documents, set(relevant) - documents
    assert all(grade in (0, 1, 2) for grade in relevant.values())
    assert any(grade == 2 for grade in relevant.values())


def test_collections_have_unique_ids_and_texts():
    for name, documents in collections().items():
        ids = [document["id"] for document in documents]
        assert len(ids) == len(set(ids)), name
        for document in documents:
            assert document["title"] and ("body" in document or "seed_paragraph" in document)
            assert document.get("language", "zh-hans") in LANGUAGES
    assert len(collections()["heldout"]) >= 60
    assert len(collections()["dev"]) >= 50
    # No document id is shared, so no judgment can point at the wrong collection.
    ids = [{d["id"] for d in docs} for docs in collections().values()]
    assert len(set().union(*ids)) == sum(len(each) for each in ids)


def test_judged_sets_point_at_existing_documents_with_grades_0_to_2():
    documents = {name: {d["id"] for d in docs} for name, docs in collections().items()}
    heldout = read("search_heldout_judgments.json")
    assert heldout["held_out"] is True and "HELD OUT" in heldout["about"]
    assert len(heldout["queries"]) >= 40
    for name, file in (("tuned", "search_judgments.json"), ("heldout", None)):
        queries = read(file)["queries"] if file else heldout["queries"]
        texts = [query["query"] for query in queries]
        assert len(texts) == len(set(texts)), name
        for query in queries:
            _grades_ok(query["relevant"], documents[name])
            assert query.get("language", "zh-hans") in LANGUAGES
    assert any(query.get("language") == "en" for query in heldout["queries"])


def test_synonym_set_is_held_out_and_judged_on_a_named_collection():
    documents = {name: {d["id"] for d in docs} for name, docs in collections().items()}
    synonyms = read("search_synonyms.json")
    assert synonyms["held_out"] is True and "HELD OUT" in synonyms["about"]
    assert len(synonyms["queries"]) >= 20
    for query in synonyms["queries"]:
        assert query["collection"] in COLLECTION_FILES
        assert query["kind"] and query["written"]
        _grades_ok(query["relevant"], documents[query["collection"]])


def test_typos_misspell_a_judged_query_and_half_are_held_out():
    judged = {
        "tuned": {q["query"] for q in read("search_judgments.json")["queries"]},
        "heldout": {q["query"] for q in read("search_heldout_judgments.json")["queries"]},
    }
    typos = read("search_typos.json")["queries"]
    assert len(typos) >= 40
    for typo in typos:
        assert typo["intended"] in judged[typo["set"]], typo
        assert typo["typo"] != typo["intended"]
        assert isinstance(typo["held_out"], bool) and typo["kind"]
    held_out = sum(typo["held_out"] for typo in typos)
    assert 0.4 <= held_out / len(typos) <= 0.6
    # The issue's own examples are known to everyone: never counted as held out.
    named = {"联洛站", "嵊洲", "香菲币", "垃圾分累"}
    assert named <= {typo["typo"] for typo in typos}
    assert not any(typo["held_out"] for typo in typos if typo["typo"] in named)
    # Scored on the intended query's judgments and collection.
    for query in judged_sets()["typos"]:
        assert query.intended and query.relevant


def test_first_page_shows_intended_results_when_half_and_one_best_are_on_it():
    relevant = {"a": 2, "b": 1, "c": 1, "d": 1}
    assert shows_intended(["x", "a", "b"], relevant)
    assert not shows_intended(["a", "x"], relevant)  # a quarter only
    assert not shows_intended(["b", "c", "d"], relevant)  # passing mentions only
    assert not shows_intended(["x"] * 20 + ["a", "b", "c"], relevant)  # past the first page


def test_held_out_queries_are_never_listed_one_by_one():
    scores = Scores()
    miss = Outcome(["x"])
    scores.add(Query("秘密", "heldout", {"a": 2}, held_out=True), miss)
    scores.add(Query("联洛站", "tuned", {"a": 2}, intended="联络站"), miss)
    assert scores.queries == 2 and scores.mean_recall == 0
    assert len(scores.imperfect) == 1 and "秘密" not in scores.imperfect[0]


def test_the_bench_searches_through_run_search_when_it_exists(monkeypatch):
    outcome = ModuleType("search.outcome")
    calls = []

    def run_search(query):
        calls.append(query)
        pages = [SimpleNamespace(pk=pk) for pk in range(30)]
        return SimpleNamespace(results=pages, corrected=True, suggestion=None)

    outcome.run_search = run_search
    monkeypatch.setitem(sys.modules, "search.outcome", outcome)
    search, name = public_search()
    assert name.startswith("search.outcome.run_search")
    # Cleaned as the page cleans it; the first page is 20 results.
    assert search(" 联洛站\x00 ") == (list(range(20)), True, False)
    assert calls == ["联洛站"]


def test_the_bench_says_when_it_searches_without_correction(monkeypatch):
    monkeypatch.setitem(sys.modules, "search.outcome", None)  # the import fails
    _search, name = public_search()
    assert name.startswith("search.views.search_pages")


def test_development_set_is_judged_on_its_own_collection_and_not_held_out():
    documents = {d["id"] for d in collections()["dev"]}
    dev = read("search_dev_judgments.json")
    assert dev["held_out"] is False and "DEVELOPMENT" in dev["about"]
    assert len(dev["queries"]) >= 40
    texts = [query["query"] for query in dev["queries"]]
    assert len(texts) == len(set(texts))
    for query in dev["queries"]:
        _grades_ok(query["relevant"], documents)
        assert query.get("language", "zh-hans") in LANGUAGES
    assert any(query.get("language") == "en" for query in dev["queries"])
    assert all(query.collection == "dev" and not query.held_out for query in judged_sets()["dev"])


def test_development_typos_misspell_development_queries():
    intended = {q["query"] for q in read("search_dev_judgments.json")["queries"]}
    typos = read("search_dev_typos.json")["queries"]
    assert len(typos) >= 30
    for typo in typos:
        assert typo["set"] == "dev" and typo["intended"] in intended, typo
        assert typo["typo"] != typo["intended"] and typo["kind"]
        assert typo["held_out"] is False
    queries = judged_sets()["dev-typos"]
    assert len(queries) == len(typos)
    assert all(query.collection == "dev" and query.intended for query in queries)


def test_imperfect_development_queries_are_listed_with_ranked_and_wanted_ids():
    scores = Scores()
    scores.add(Query("电动车", "dev", {"dev28": 2, "dev49": 2}), Outcome(["dev49", "dev40"]))
    scores.add(Query("电动扯", "dev", {"dev28": 2}, intended="电动车"), Outcome([]))
    first, second = scores.imperfect
    assert "'电动车' recall 0.50" in first
    assert "got ['dev49', 'dev40'] wanted {'dev28': 2, 'dev49': 2}" in first
    assert "'电动扯' (for '电动车') recall 0.00" in second


def test_verbose_report_lists_development_failures_and_no_held_out_query(monkeypatch, capsys):
    monkeypatch.syspath_prepend(str(Path(__file__).resolve().parents[2] / "bench"))
    from search_quality import report

    scores = {name: Scores() for name in ("dev", "dev-typos", "heldout")}
    scores["dev"].add(Query("电动车", "dev", {"dev28": 2}), Outcome(["dev40"]))
    scores["dev-typos"].add(Query("电动扯", "dev", {"dev28": 2}, intended="电动车"), Outcome([]))
    scores["heldout"].add(Query("秘密", "heldout", {"a": 2}, held_out=True), Outcome(["x"]))
    report("project", scores, verbose=True)
    printed = capsys.readouterr().out
    assert "'电动车' recall 0.00" in printed and "wanted {'dev28': 2}" in printed
    assert "'电动扯' (for '电动车')" in printed and "0/1" in printed
    assert "秘密" not in printed
