from django import template
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from home.caching import cached_fragment_filled, cached_fragments
from home.templatetags.fragment_tags import page_request
from news.models import NewsPage

register = template.Library()


@register.inclusion_tag("components/photo_carousel.html")
def photo_news_carousel(home, limit=5):
    """The 图片新闻 carousel: the newest flagged articles with a feature image."""
    return {"slides": NewsPage.objects.photo_news(home=home, limit=limit)}


@register.inclusion_tag("components/latest_by_column.html")
def latest_news_by_column(home, columns, per_column=6):
    """The newest articles of each top-level column that has any."""
    return {
        "sections": NewsPage.objects.latest_by_column(
            home=home, columns=columns, per_column=per_column
        )
    }


@register.simple_tag(takes_context=True)
def article_items(context, articles, column=None, show_summary=False):
    """Each article's item of a list (components/article_item.html), kept per site generation
    by article, column and summary: the same articles show in many lists (相关文章 of other
    articles, the columns, the home page), so an item is rendered once, not once per list."""
    request = page_request(context)
    column_key = column.pk if column else None

    def render(article):
        return lambda: render_to_string(
            "components/article_item.html",
            {
                "article": article,
                "column": column,
                "show_summary": show_summary,
                "request": request,
            },
        )

    parts = [
        ([article.pk, column_key, bool(show_summary)], render(article)) for article in articles
    ]
    return mark_safe("".join(cached_fragments(request, "article-item", parts)))  # noqa: S308 (templates' output)


@register.simple_tag(takes_context=True)
def citation_section(context, citation, permalink):
    """引用本文 (news/citation.html): its labels and buttons kept per site, language and
    generation, with the article's references and permanent link put in afterwards."""
    request = page_request(context)
    html = cached_fragment_filled(
        request,
        "citation",
        [],
        lambda marks: render_to_string("news/citation.html", marks),
        {"gbt7714": citation["gbt7714"], "plain": citation["plain"], "permalink": permalink},
    )
    return mark_safe(html)  # noqa: S308 (a template's output, the values escaped)
