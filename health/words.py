"""用词: wrong forms of names and titles, deprecated names of institutions and banned words, found
in a page's text.

A wrong form found inside a correct form is not a mistake: 人民代表大会常务委员 (a wrong form,
cut short) is part of every 人民代表大会常务委员会. Every correct form of the list protects its
span, so one term's wrong form never flags another term's correct form.
"""

import re
from dataclasses import dataclass

from django.utils.translation import gettext
from wagtail.models import Page

from .content import text_fields
from .models import Term, TermKind

CONTEXT_CHARS = 12


@dataclass(frozen=True)
class TermMatch:
    field: str
    label: str
    found: str
    correct: str
    kind: str
    context: str


class TermChecker:
    """The term list compiled once: two regular expressions, whatever its length."""

    def __init__(self, terms):
        self.by_wrong: dict[str, Term] = {}
        correct_forms = set()
        for term in terms:
            if term.correct:
                correct_forms.add(term.correct)
            for wrong in term.wrong_list:
                if wrong != term.correct:
                    self.by_wrong.setdefault(wrong, term)
        self.wrong_re = _alternation(self.by_wrong)
        self.correct_re = _alternation(correct_forms)

    @classmethod
    def from_database(cls) -> "TermChecker":
        return cls(Term.objects.all())

    def find(self, text: str) -> list[tuple[int, str, Term]]:
        if self.wrong_re is None:
            return []
        protected = [m.span() for m in self.correct_re.finditer(text)] if self.correct_re else []
        found = []
        for match in self.wrong_re.finditer(text):
            start, end = match.span()
            if any(p_start <= start and end <= p_end for p_start, p_end in protected):
                continue
            found.append((start, match.group(), self.by_wrong[match.group()]))
        return found

    def check_page(self, page: Page) -> list[TermMatch]:
        matches = []
        for field in text_fields(page):
            for start, found, term in self.find(field.text):
                end = start + len(found) + CONTEXT_CHARS
                context = field.text[max(0, start - CONTEXT_CHARS) : end]
                matches.append(
                    TermMatch(field.name, field.label, found, term.correct, term.kind, context)
                )
        return matches


def _alternation(words) -> re.Pattern | None:
    if not words:
        return None
    # Longest first: 人大常委员会 before 人大常委员.
    return re.compile("|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)))


def suggestion(match: TermMatch) -> str:
    if match.kind == TermKind.BANNED or not match.correct:
        return gettext("禁用词，请删改")
    if match.kind == TermKind.DEPRECATED:
        return gettext("已更名为“%(correct)s”") % {"correct": match.correct}
    return gettext("应为“%(correct)s”") % {"correct": match.correct}
