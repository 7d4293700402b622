import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CATALOG = ROOT / "locale/en/LC_MESSAGES/django.po"
NOT_SOURCE = {".git", ".venv", "var", "node_modules", "docs", "bench", "tests"}


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


def test_english_catalog_has_every_string_of_the_source(tmp_path):
    """Strings added to the code or templates without ``make makemessages`` are caught too: the
    catalog is regenerated from a copy of the source and must still translate everything."""
    copy = tmp_path / "src"
    shutil.copytree(ROOT, copy, ignore=lambda _dir, names: [n for n in names if n in NOT_SOURCE])
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "en", "--no-obsolete", "-v0"],
        cwd=copy,
        check=True,
        env={"PATH": "/usr/bin:/bin", "DJANGO_SETTINGS_MODULE": "cms.settings.test"},
    )
    text = (copy / "locale/en/LC_MESSAGES/django.po").read_text(encoding="utf-8")
    missing = [msgid for msgid, msgstrs in entries(text) if msgid and not all(msgstrs)]
    assert missing == []


def test_chinese_catalog_gives_every_string_back_as_written():
    """The source strings are Chinese; a string missing from the Chinese catalog is looked up in
    every app's catalog in turn on each use. ``make makemessages`` fills new strings (msgen);
    a new plural string's one form (nplurals=1) is filled by hand."""
    text = (ROOT / "locale/zh_Hans/LC_MESSAGES/django.po").read_text(encoding="utf-8")
    plural_or_not = [(msgid, msgstrs) for msgid, msgstrs in entries(text) if msgid]
    assert plural_or_not
    assert [msgid for msgid, msgstrs in plural_or_not if not all(msgstrs)] == []
