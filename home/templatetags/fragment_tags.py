"""``{% site_fragment "name" [vary_on …] %}…{% end_site_fragment %}``: a part of a template kept
per site, language and site generation (home.cache.fragments.kept_html), so a publish shows at once.

Use it only around HTML that depends on nothing but the site's published content and the values
listed after the name (the current page, a column…): never around anything per reader.
"""

from django import template
from django.utils.safestring import mark_safe

from home.cache.fragments import identity, kept_html

register = template.Library()


def page_request(context):
    """The request of the page being rendered, also inside an ``{% include … only %}`` (whose
    context keeps the request, not the ``request`` variable)."""
    return getattr(context, "request", None) or context.get("request")


class SiteFragmentNode(template.Node):
    def __init__(self, name, vary_on, nodelist):
        self.name = name
        self.vary_on = vary_on
        self.nodelist = nodelist

    def render(self, context):
        name = self.name.resolve(context)
        vary_on = [identity(value.resolve(context)) for value in self.vary_on]
        html = kept_html(
            page_request(context), name, vary_on, lambda: str(self.nodelist.render(context))
        )
        return mark_safe(html)  # noqa: S308 (the template's own output, escaped when rendered)


@register.tag("site_fragment")
def site_fragment(parser, token):
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError(f"{bits[0]} needs a fragment name")
    nodelist = parser.parse(("end_site_fragment",))
    parser.delete_first_token()
    return SiteFragmentNode(
        parser.compile_filter(bits[1]), [parser.compile_filter(bit) for bit in bits[2:]], nodelist
    )
