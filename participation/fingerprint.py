"""Duplicate detection: the same sender sending the same text again (a double click, a resend
after a slow answer) is told it was received, and no second record is made."""

import hashlib
import unicodedata

from .screening import SEPARATORS


def text_fingerprint(text: str) -> str:
    """A hash of ``text`` that ignores case, width, spaces and punctuation."""
    normalised = SEPARATORS.sub("", unicodedata.normalize("NFKC", text or "").lower())
    return hashlib.sha256(normalised.encode()).hexdigest()
