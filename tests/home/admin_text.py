"""The text an editor reads on an admin screen, and the English words left in it."""

import re

from bs4 import BeautifulSoup, Comment, Declaration, Doctype, ProcessingInstruction

# Read by people, not machines: text nodes and the attributes that are shown or spoken.
SHOWN_ATTRIBUTES = ("placeholder", "title", "aria-label", "alt", "data-w-tooltip-content-value")
ENGLISH_WORD = re.compile(r"(?<![\w./#-])[A-Za-z][A-Za-z']+(?![\w./@-])")
# Names, not words to translate: the product, formats and protocols editors see by name.
ALLOWED = {
    "Wagtail",  # the product's name (its logo and "Wagtail" in the sidebar title)
    "RSS",  # the feed format, written so in Chinese too
    "API",
    "URL",  # written so in Chinese interfaces (网址 is used where it reads better)
    "PDF",
    "Slug",
    "slug",  # Wagtail's field name; our guide and help text name it so
    "Markdown",
    "JSON",
    "ID",
    "Google",  # Google Authenticator, the app's name
    "Microsoft",
    "Authenticator",
    "JavaScript",
    "English",  # a language's name is shown in that language (beside 简体中文)
    *["Ctrl", "Alt", "Shift", "Esc"],  # key caps, printed so on the keyboard
    *["GIF", "JPG", "JPEG", "PNG", "WEBP", "MB"],  # file formats and the size unit
}
NOT_TEXT = (Comment, Declaration, Doctype, ProcessingInstruction)


def visible_text(html: str) -> list[str]:
    soup = BeautifulSoup(html, "html.parser")
    for tag in soup(["script", "style", "svg", "code", "pre"]):
        tag.decompose()
    for tag in soup.find_all(hidden=True):  # never shown nor read out (the schedule dialog is)
        tag.decompose()
    texts = [
        text.strip()
        for text in soup.find_all(string=True)
        if text.strip() and not isinstance(text, NOT_TEXT)
    ]
    for tag in soup.find_all(True):
        texts += [str(tag[name]).strip() for name in SHOWN_ATTRIBUTES if tag.get(name)]
    return texts


def english_words(html: str) -> dict[str, str]:
    """Each English word (not allowed) with the first text it appears in."""
    found = {}
    for text in visible_text(html):
        for word in ENGLISH_WORD.findall(text):
            if word not in ALLOWED and len(word) > 1:
                found.setdefault(word, text[:120])
    return found
