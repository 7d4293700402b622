from django import template
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from home.cache.fragments import kept_fragment
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
    values = [
        {"article": article, "column": column, "show_summary": bool(show_summary)}
        for article in articles
    ]
    return mark_safe("".join(_article_item_html.many(request, values)))  # noqa: S308 (templates' output)


@kept_fragment("article-item", vary_on=("article", "column", "show_summary"))
def _article_item_html(request, *, article, column, show_summary):
    return render_to_string(
        "components/article_item.html",
        {"article": article, "column": column, "show_summary": show_summary, "request": request},
    )


@register.simple_tag(takes_context=True)
def citation_section(context, citation, permalink):
    """引用本文 (news/citation.html): its labels and buttons kept per site, language and
    generation, with the article's references and permanent link put in afterwards."""
    html = _citation_html(
        page_request(context),
        gbt7714=citation["gbt7714"],
        plain=citation["plain"],
        permalink=permalink,
    )
    return mark_safe(html)  # noqa: S308 (a template's output, the values escaped)


@kept_fragment("citation", fill=("gbt7714", "plain", "permalink"))
def _citation_html(request, **marks):
    return render_to_string("news/citation.html", marks)
