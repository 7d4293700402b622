from django import template
from wagtail.models import Page, Site

register = template.Library()


def _site_root(request):
    site = Site.find_for_request(request) if request else None
    return site.root_page if site else None


@register.inclusion_tag("navigation/main_menu.html", takes_context=True)
def main_menu(context):
    """The columns shown in the main navigation: live children of the home page in menus."""
    request = context.get("request")
    root = _site_root(request)
    current = context.get("page")
    columns = root.get_children().live().in_menu() if root else Page.objects.none()
    current_path = getattr(current, "path", "")
    return {
        "request": request,
        "home": root,
        "home_active": bool(root) and current_path == root.path,
        "items": [(column, current_path.startswith(column.path)) for column in columns],
    }


@register.inclusion_tag("navigation/breadcrumbs.html", takes_context=True)
def breadcrumbs(context, page, *trail):
    """您当前位置：首页 > … > the current page, for every page below home.

    ``trail`` adds (title) items after ``page`` for views below a page, such as a
    representative's profile below the station network."""
    request = context.get("request")
    root = _site_root(request)
    ancestors = []
    if root and page.depth > root.depth and page.path.startswith(root.path):
        ancestors = list(page.get_ancestors().filter(depth__gt=root.depth))
    return {
        "request": request,
        "home": root,
        "ancestors": ancestors,
        "page": page,
        "trail": [title for title in trail if title],
    }
