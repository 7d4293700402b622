import re
from pathlib import Path

CATALOG = Path(__file__).resolve().parents[2] / "locale/en/LC_MESSAGES/django.po"


def entries(text: str):
    """(msgid, [msgstr…]) for every entry but the header, joining continued lines."""
    for block in text.split("\n\n"):
        if "\nmsgid " not in f"\n{block}" or block.lstrip().startswith("#~"):
            continue
        msgid = "".join(
            re.findall(r'^(?:msgid|msgid_plural)? ?"(.*)"$', block.split("msgstr")[0], re.M)
        )
        msgstrs = re.findall(r'^msgstr(?:\[\d\])? ((?:".*"\n?)+)', block + "\n", re.M)
        yield msgid, ["".join(re.findall(r'"(.*)"', value)) for value in msgstrs]


def test_english_catalog_translates_every_string():
    text = CATALOG.read_text(encoding="utf-8")
    missing = [msgid for msgid, msgstrs in entries(text) if msgid and not all(msgstrs)]
    assert missing == []
    assert "#, fuzzy" not in text
