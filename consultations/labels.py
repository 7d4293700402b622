"""How 章, 节 and 条 are named: the anchor is always the Chinese label (第十二条, the same in
every language, so /a/<id>/#第十二条 holds for a translation too); what the reader sees follows
the language (第十二条 / Article 12)."""

from django.utils.translation import gettext

from .parsing import article_label, chinese_numeral


def article_anchor(number: int | None, sub: int | None = None) -> str:
    return article_label(number or 0, sub)


def article_display(number: int | None, sub: int | None = None) -> str:
    values = {
        "numeral": chinese_numeral(number or 0),
        "number": number or 0,
        "sub_numeral": chinese_numeral(sub or 0),
        "sub": sub or 0,
    }
    if sub:
        return gettext("第%(numeral)s条之%(sub_numeral)s") % values
    return gettext("第%(numeral)s条") % values


def heading_display(kind: str, number: int | None) -> str:
    values = {"numeral": chinese_numeral(number or 0), "number": number or 0}
    if kind == "section":
        return gettext("第%(numeral)s节") % values
    return gettext("第%(numeral)s章") % values
