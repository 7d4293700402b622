import json

from django import template
from django.utils.safestring import mark_safe

register = template.Library()

_JSON_ESCAPES = {ord("<"): "\\u003c", ord(">"): "\\u003e", ord("&"): "\\u0026"}


@register.filter
def ld_json(data) -> str:
    """Serialize ``data`` for a <script type="application/ld+json"> block, safely escaped."""
    return mark_safe(json.dumps(data, ensure_ascii=False).translate(_JSON_ESCAPES))  # noqa: S308


@register.simple_tag(takes_context=True)
def canonical_url(context, page) -> str:
    return page.get_full_url(context.get("request")) or ""


@register.simple_tag(takes_context=True)
def organization_data(context, site_settings) -> dict:
    """The site's publisher as a schema.org GovernmentOrganization."""
    request = context.get("request")
    data = {
        "@context": "https://schema.org",
        "@type": "GovernmentOrganization",
        "name": site_settings.sponsor or site_settings.site_name,
        "url": request.build_absolute_uri("/") if request else "/",
    }
    if site_settings.address:
        data["address"] = {"@type": "PostalAddress", "streetAddress": site_settings.address}
        if site_settings.postcode:
            data["address"]["postalCode"] = site_settings.postcode
    if site_settings.phone:
        data["telephone"] = site_settings.phone
    return data
