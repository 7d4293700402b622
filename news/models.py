from django.utils.translation import gettext_lazy as _
from wagtail.models import Page

from home.models import IntroMixin


class NewsIndexPage(IntroMixin, Page):
    """A column (栏目) of the site, such as 重要发布 or 市县人大 › 绍兴市. Columns nest."""

    parent_page_types = ["home.HomePage", "news.NewsIndexPage"]
    subpage_types = ["news.NewsIndexPage"]

    content_panels = Page.content_panels + IntroMixin.content_panels

    class Meta:
        verbose_name = _("栏目")
        verbose_name_plural = _("栏目")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["subcolumns"] = self.get_children().live().type(NewsIndexPage)
        return context
