"""``{% responsive_picture image alt sizes eager %}``: components/picture_markup.html (AVIF/WebP
with a JPEG fallback), kept per site generation and image, with each page's alt text put in
afterwards: a picture's renditions are then looked up once, not on every page that shows it (nine
renditions each). An image that changes starts a new generation (home.signals)."""

from django import template
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from home.caching import cached_fragment_filled
from home.templatetags.fragment_tags import page_request

register = template.Library()


@register.simple_tag(takes_context=True)
def responsive_picture(context, image, alt, sizes, eager=False):
    if not image:
        return ""
    request = page_request(context)

    def render(marks):
        return render_to_string(
            "components/picture_markup.html",
            {"image": image, "alt": marks["alt"], "sizes": sizes, "eager": eager},
        )

    html = cached_fragment_filled(
        request, "picture", [image.pk, sizes, bool(eager)], render, {"alt": alt}
    )
    return mark_safe(html)  # noqa: S308 (a template's output, the alt text escaped)
