"""How 章, 节 and 条 are named: the anchor is always the Chinese label (第十二条, the same in
every language, so /a/<id>/#第十二条 holds for a translation too); what the reader sees follows
the language (第十二条 / Article 12). Whether numbers are written in Chinese numerals or in
digits is the catalog's word too (the “chinese”/“arabic” entry below), not a language test."""

from django.utils.translation import gettext, pgettext

from .parsing import article_label, chinese_numeral


def article_anchor(number: int | None, sub: int | None = None) -> str:
    return article_label(number or 0, sub)


def _numeral(number: int | None) -> str:
    style = pgettext("条、章、节编号的写法：chinese 或 arabic", "chinese")
    return str(number or 0) if style == "arabic" else chinese_numeral(number or 0)


def article_display(number: int | None, sub: int | None = None) -> str:
    if sub:
        values = {"numeral": _numeral(number), "sub": _numeral(sub)}
        return gettext("第%(numeral)s条之%(sub)s") % values
    return gettext("第%(numeral)s条") % {"numeral": _numeral(number)}


def heading_display(kind: str, number: int | None) -> str:
    if kind == "section":
        return gettext("第%(numeral)s节") % {"numeral": _numeral(number)}
    return gettext("第%(numeral)s章") % {"numeral": _numeral(number)}
