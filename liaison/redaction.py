"""What a published text must not carry: mobile numbers, other long digit runs (ID card and
phone numbers), e-mail addresses. Replies are checked when written (``Reply.clean``); this is
the second guard at display time, and covers the subject the sender wrote."""

import re

MASK = "＊＊＊"
PATTERNS = [
    re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"),
    # Seven or more digits, possibly split by spaces or dashes (138 1234 5678, 0575-8300 0000).
    re.compile(r"(?:\+?\d[\s-]?){7,}"),
]


def redact(text: str) -> str:
    for pattern in PATTERNS:
        text = pattern.sub(MASK, text)
    return text
