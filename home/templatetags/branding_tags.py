from django import template
from django.conf import settings

register = template.Library()


@register.simple_tag
def admin_site_name() -> str:
    """The name the admin shows in its title and login page (WAGTAIL_SITE_NAME)."""
    return settings.WAGTAIL_SITE_NAME
