"""Editor-written values shown in the language they were written in, marked as such.

A page in English may show a value that was never translated (a Chinese address, 来源, a role):
``{{ value|in_its_language }}`` wraps such a value in ``<span lang="zh-hans">`` so that screen
readers and fonts treat it as Chinese; values already in the page's language are left as they are.
The language is told from the script: Han characters on a page in a language that does not use
them.
"""

import re

from django import template
from django.conf import settings
from django.utils.html import conditional_escape, format_html
from django.utils.translation import get_language

register = template.Library()

HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


def text_language(value) -> str:
    """The language code to mark ``value`` with on the current page, or "" when none is needed."""
    language = get_language() or settings.LANGUAGE_CODE
    if language.startswith("zh") or not HAN.search(str(value)):
        return ""
    return settings.LANGUAGE_CODE


@register.filter
def in_its_language(value):
    """``value`` escaped, in a ``<span lang>`` when it is written in another language."""
    if value in (None, ""):
        return ""
    code = text_language(value)
    if not code:
        return conditional_escape(value)
    return format_html('<span lang="{}">{}</span>', code, value)


@register.filter
def lang_attr(value):
    """` lang="zh-hans"` for an element whose text is ``value`` when it is in another language
    (for links and list items that cannot take a span)."""
    code = text_language(value)
    return format_html(' lang="{}"', code) if code else ""
