"""The GB/T 7714-2015 reference of a draft regulation, and of one of its articles (条)."""

from datetime import date


def draft_reference(
    *,
    organiser: str,
    title: str,
    publisher: str,
    published: date,
    accessed: date,
    url: str,
    article: str = "",
) -> str:
    """主要责任者. 题名[EB/OL]. 出版者, 发布日期[引用日期]. URL. — with the 条 named after the title
    (题名: 第十二条) and its anchor on the URL when one article is cited."""
    head = f"{organiser}. " if organiser else ""
    named = f"{title}: {article}" if article else title
    link = f"{url}#{article}" if article else url
    return f"{head}{named}[EB/OL]. {publisher}, {published:%Y-%m-%d}[{accessed:%Y-%m-%d}]. {link}."
