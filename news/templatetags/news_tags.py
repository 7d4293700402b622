from django import template

from news import services

register = template.Library()


@register.inclusion_tag("components/photo_carousel.html")
def photo_news_carousel(home, limit=5):
    """The 图片新闻 carousel: the newest flagged articles with a feature image."""
    return {"slides": services.photo_news(home=home, limit=limit)}


@register.inclusion_tag("components/latest_by_column.html")
def latest_news_by_column(home, columns, per_column=6):
    """The newest articles of each top-level column that has any."""
    return {
        "sections": services.latest_by_column(home=home, columns=columns, per_column=per_column)
    }
