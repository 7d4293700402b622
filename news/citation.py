"""How an article is cited: the GB/T 7714-2015 reference and a plain line in the reader's
language."""

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext, pgettext


def gbt7714_authors(names: list[str]) -> str:
    """GB/T 7714-2015 §8.1: up to three authors; more than three → the first three and “等”."""
    if len(names) > 3:
        return ", ".join(names[:3]) + ", 等"
    return ", ".join(names)


def citation(*, article, url: str, accessed, publisher: str) -> dict[str, str]:
    """The GB/T 7714-2015 reference of an online article, and a plain Chinese citation line.

    作者. 题名[EB/OL]. 来源, 发布日期[引用日期]. URL.
    """
    authors = article.author_names
    published = timezone.localtime(article.display_time).date()
    source = article.source or publisher
    head = f"{gbt7714_authors(authors)}. " if authors else ""
    reference = (
        f"{head}{article.title}[EB/OL]. {source}, {published:%Y-%m-%d}[{accessed:%Y-%m-%d}]. {url}."
    )
    plain = plain_citation(
        authors=authors, title=article.title, source=source, published=published, url=url
    )
    return {"gbt7714": reference, "plain": plain}


def plain_citation(*, authors: list[str], title: str, source: str, published, url: str) -> str:
    """The plain citation line in the reader's language: 甲、乙：《题名》，来源，2020年7月30日，URL
    in Chinese; 甲, 乙. “Title.” Source, 30 July 2020. URL. in English (the language's own
    quotation marks, separators and date format, from the catalogs and cms/formats)."""
    values = {
        "byline": pgettext("引用：作者之间的分隔符", "、").join(authors),
        "title": title,
        "source": source,
        "date": date_format(published, "DATE_FORMAT"),
        "url": url,
    }
    if authors:
        return gettext("%(byline)s：《%(title)s》，%(source)s，%(date)s，%(url)s") % values
    return gettext("《%(title)s》，%(source)s，%(date)s，%(url)s") % values
