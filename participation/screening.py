"""The sensitive-word screen: a submission containing a listed term is held for review, never
rejected for it (a resident may well write about 贷款 or 赌博 in good faith)."""

import re
import unicodedata

from django.core.cache import cache

from .models import SensitiveTerm

CACHE_KEY = "participation:sensitive-terms"
# Spaces and punctuation a sender may put between characters to slip past ("加 微 信").
SEPARATORS = re.compile(r"[\s\-_.,，。、·*|/\\~～]+")


def normalise(text: str) -> str:
    """Full-width to ASCII, lower case, without the separators above."""
    return SEPARATORS.sub("", unicodedata.normalize("NFKC", text).lower())


def _terms() -> list[tuple[str, str]]:
    """(term as written, normalised term), kept in the cache until the list changes."""
    terms = cache.get(CACHE_KEY)
    if terms is None:
        terms = [
            (term, normalise(term))
            for term in SensitiveTerm.objects.order_by("term").values_list("term", flat=True)
        ]
        cache.set(CACHE_KEY, terms, None)
    return terms


def forget_terms() -> None:
    """The list changed (signals): the next screen reads it again."""
    cache.delete(CACHE_KEY)


def screen(*texts: str) -> list[str]:
    """The listed terms found in any of ``texts`` (as the list writes them)."""
    joined = "\n".join(normalise(text or "") for text in texts)
    return [term for term, normalised in _terms() if normalised and normalised in joined]
