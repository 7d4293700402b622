"""The engines' mapping and analysis settings (``search.backends.engines``): every text field
analysed by whitespace over the segmented text the database backend indexes (``"segmented"``),
or by the engine's own ``cjk`` analyzer (``"cjk"``); see the ``engines`` module for the choice."""

from modelsearch.index import AutocompleteField, SearchField

from ..index import analysed_value
from .query import RECENCY_ATTRIBUTES

# The date that breaks ties between equally relevant pages (``query.RECENCY``), one field for
# every page type: the engine cannot take the first of two fields in a sort without a script.
RECENCY_FIELD = "search_recency"
# Relevance, then the newer page (``ChineseBackendMixin._hits``, ``TimedResultsMixin``).
RELEVANCE_SORT = [
    "_score",
    {RECENCY_FIELD: {"order": "desc", "missing": "_last", "unmapped_type": "date"}},
]


def recency(obj):
    """The page's date for ranking ties (``None`` for what has none: images, documents)."""
    for attribute in RECENCY_ATTRIBUTES:
        value = getattr(obj, attribute, None)
        if value is not None:
            return value
    return None


ANALYSIS_SETTINGS = {
    "segmented": {
        "analyzer": {
            "default": {"type": "custom", "tokenizer": "whitespace", "filter": ["lowercase"]},
            "edgengram_analyzer": {
                "type": "custom",
                "tokenizer": "whitespace",
                "filter": ["lowercase", "edgengram"],
            },
        },
    },
    "cjk": {
        "analyzer": {
            "default": {
                "type": "custom",
                "tokenizer": "standard",
                "filter": ["cjk_width", "lowercase", "cjk_bigram"],
            },
            "edgengram_analyzer": {
                "type": "custom",
                "tokenizer": "standard",
                "filter": ["cjk_width", "lowercase", "cjk_bigram", "edgengram"],
            },
        },
    },
}


class ChineseMappingMixin:
    # Autocomplete queries are analysed like the indexed text (not by "standard", which cuts Han
    # text into single characters).
    edgengram_analyzer_config = {
        "analyzer": "edgengram_analyzer",
        "search_analyzer": "default",
    }

    def get_mapping(self):
        """The stock mapping, with each pair of neighbouring tokens also indexed in the fields
        searched (``index_phrases``). A query word is a phrase of its bigrams, and a phrase query
        reads the positions of every document that has all its tokens — most of the index for a
        common word. With the pairs indexed, a word of two or three characters (one or two
        bigrams: 联络站 = 联络 络站) is a single term, ranked from the term's postings alone, and a
        longer word a phrase of rarer terms."""
        mapping = super().get_mapping()
        for name, field in mapping["properties"].items():
            if name == "_all_text" or name.startswith("_all_text_boost_"):
                field["index_phrases"] = True
        mapping["properties"][RECENCY_FIELD] = {"type": "date"}
        return mapping

    def get_document(self, obj):
        document = super().get_document(obj)
        date = recency(obj)
        if date is not None:
            document[RECENCY_FIELD] = date.isoformat()
        return document

    def _get_document_field_data(self, field, obj):
        """The stock document data with every text value analysed as the database backend
        analyses it (``search.index.analysed_value``): the fields Wagtail and other apps declare
        (image and document titles, tags) hold raw text, which the whitespace analyzer would
        keep as one token per run of Han characters."""
        name, value, edgengrams = super()._get_document_field_data(field, obj)
        if isinstance(field, SearchField | AutocompleteField):
            value = analysed_value(field, value)
            edgengrams = [value] if edgengrams else []
        return name, value, edgengrams


# Elasticsearch's core (no analysis-common module, as in its minimal integ-test distribution)
# has no configurable whitespace tokenizer or edge n-gram filter, only the built-in ``whitespace``
# analyzer. With "segmented" analysis the text is normalised (lower case) before it is indexed,
# so that analyzer cuts it exactly as OpenSearch's custom one does; prefixes for autocomplete are
# indexed by the field itself (``index_prefixes``) rather than by an edge n-gram filter.
CORE_TEXT_ANALYZER = "whitespace"
CORE_PREFIXES = {"min_chars": 1, "max_chars": 15}


def core_analysis(properties: dict) -> None:
    """Point every text field of a mapping at the built-in analyzer (in place)."""
    for field in properties.values():
        if "properties" in field:
            core_analysis(field["properties"])
        if field.get("type") != "text":
            continue
        if field.pop("analyzer", None) == "edgengram_analyzer":
            field.pop("search_analyzer", None)
            field["index_prefixes"] = dict(CORE_PREFIXES)
        field["analyzer"] = CORE_TEXT_ANALYZER
