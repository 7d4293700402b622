from django import template
from django.conf import settings
from django.template.defaultfilters import urlencode
from django.template.loader import render_to_string
from django.urls import translate_url
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from wagtail.models import Page

from home.cache.fragments import kept_fragment
from home.cache.lookups import locale_ids, translated_keys
from home.cache.shared import kept, site_key
from home.models import SiteSettings
from home.navigation import breadcrumb_home, language_name, locale_home, menu_columns
from home.navigation import site_root as _site_root
from home.services import publicly_visible

register = template.Library()


@register.simple_tag(takes_context=True)
def editor_userbar(context):
    """Wagtail's user bar for editors. A reader without a session cookie is not signed in, so
    the user (and their permissions) need not be looked up at all."""
    from wagtail.admin.templatetags.wagtailuserbar import wagtailuserbar

    request = context.get("request")
    if request is None or settings.SESSION_COOKIE_NAME not in request.COOKIES:
        return ""
    return wagtailuserbar(context)


@register.simple_tag(takes_context=True)
def main_menu(context):
    """The columns shown in the main navigation: live children of the home page in menus, in
    the reader's language (home.navigation.menu_columns: a column not translated is the other
    language's, marked as such).

    The HTML is kept per site, language, generation and marked item (home, a column or none)."""
    request = context.get("request")
    root = locale_home(request)
    current = context.get("page")
    columns = menu_columns(request) if root else []
    current_path = getattr(current, "path", "")
    home_active = bool(root) and current_path == root.path
    items = [
        {
            "page": column["page"],
            "active": current_path.startswith(column["page"].path),
            "lang": column["lang"],
            "lang_name": language_name(column["lang"]) if column["lang"] else "",
        }
        for column in columns
    ]
    marked = "home" if home_active else next((i["page"].pk for i in items if i["active"]), None)
    html = _main_menu_html(request, marked=marked, home=root, home_active=home_active, items=items)
    return mark_safe(html)  # noqa: S308 (a template's output)


@kept_fragment("main-menu", vary_on=("marked",))
def _main_menu_html(request, *, marked, home, home_active, items):
    """The menu's HTML: the same for every page of a site and language but for the item
    ``marked`` (``"home"``, a column's id or None), which the other values follow from."""
    return render_to_string(
        "navigation/main_menu.html",
        {"request": request, "home": home, "home_active": home_active, "items": items},
    )


@register.simple_tag(takes_context=True)
def site_header(context, switch, query=""):
    """The banner (components/site_header.html): kept per site, language, generation and
    language links, with this page's address (the reading-preference links' ``next``) put in
    afterwards, so one rendering serves every page. A search page's banner holds its query and
    is rendered afresh (queries are not kept)."""
    request = context.get("request")
    current_path = request.get_full_path() if request else ""
    site_settings = SiteSettings.for_request(request) if request else None
    home = locale_home(request) if request else None
    home_url = (home.get_url(request) if home else None) or "/"
    values = {
        "site_settings": site_settings,
        "query": query,
        "switch": switch,
        "home_url": home_url,
    }
    if query or request is None:
        html = _site_header_html.render(request, **values, current_path=current_path)
        return mark_safe(html)  # noqa: S308 (a template's output)
    # The template writes the address through ``urlencode``.
    html = _site_header_html(request, **values, current_path=urlencode(current_path))
    return mark_safe(html)  # noqa: S308 (a template's output, the address escaped)


@kept_fragment("site-header", vary_on=("switch", "home_url"), fill=("current_path",))
def _site_header_html(request, *, site_settings, query, switch, home_url, current_path):
    """The banner's HTML: the site settings follow from the site and language; the query is
    empty whenever it is kept."""
    return render_to_string(
        "components/site_header.html",
        {
            "site_settings": site_settings,
            "query": query,
            "switch": switch,
            "current_path": current_path,
            "home_url": home_url,
        },
    )


@register.simple_tag(takes_context=True)
def breadcrumbs(context, page, *trail):
    """您当前位置：首页 > … > the current page (navigation/breadcrumbs.html), for every page below
    home.

    ``trail`` adds items after ``page`` for views below a page, such as a representative's
    profile below the station network: a title, or a (title, url) pair for a step that has its
    own address (the representatives' list). The home page and the ancestors are those of the
    page's own language (home.navigation.breadcrumb_home). The ancestors come from routing
    (``HomePage.route`` keeps them on the page) or from one query. Without a trail the HTML is
    kept per site generation and ancestors, with the page's title put in afterwards: the pages
    of a column share it."""
    request = context.get("request")
    root = breadcrumb_home(request, page) if request else None
    ancestors = []
    if root and page.depth > root.depth:
        routed = getattr(page, "route_ancestors", None)
        if routed is not None:
            ancestors = [a for a in routed if a.depth > root.depth]
        else:
            ancestors = list(page.get_ancestors().filter(depth__gt=root.depth))
    trail = [
        {"title": step[0], "url": step[1]} if isinstance(step, tuple | list) else {"title": step}
        for step in trail
        if step
    ]

    values = {
        "home": root,
        "is_home": root is not None and page.pk == root.pk,
        "ancestors": ancestors,
        "page": page,
        "title": page.title,
    }
    if trail or root is None:
        html = _breadcrumbs_html.render(request, **values, trail=trail)
        return mark_safe(html)  # noqa: S308 (a template's output)
    html = _breadcrumbs_html(request, **values)
    return mark_safe(html)  # noqa: S308 (a template's output, the title escaped)


@kept_fragment("breadcrumbs", vary_on=("home", "is_home", "ancestors"), fill=("title",))
def _breadcrumbs_html(request, *, home, is_home, ancestors, page, title, trail=()):
    """The trail's HTML: without a trail of its own, the template reads of ``page`` only whether
    it ``is_home``."""
    return render_to_string(
        "navigation/breadcrumbs.html",
        {
            "request": request,
            "home": home,
            "ancestors": ancestors,
            "page": page,
            "title": title,
            "trail": trail,
        },
    )


@register.filter
def crumb_link(title, url):
    """A trail step with its own address: ``{% breadcrumbs page title|crumb_link:url … %}``."""
    return (title, url)


@register.simple_tag(takes_context=True)
def language_links(context) -> dict:
    """Links between languages, in at most one query.

    ``alternates``: the live translations of the current page (hreflang links);
    ``switch``: for each other language, the translation of this page, or that language's home
    page when the page is not translated (or, off the page tree, the same URL in that language).
    The home page's translations are kept per site generation; the page's take one query, or
    none when the page has no translation (``translated_keys``).
    """
    request = context.get("request")
    page = context.get("page")
    current = get_language()
    languages = [(code, name) for code, name in settings.LANGUAGES]
    root = _site_root(request) if request else None

    def live_translations(keys):
        return list(publicly_visible(Page.objects.filter(translation_key__in=keys)))

    versions = []
    if root is not None:
        versions += kept(
            site_key(request, "home-translations"),
            lambda: live_translations([root.translation_key]),
        )
    if isinstance(page, Page) and (root is None or page.translation_key != root.translation_key):
        keys = translated_keys()
        if keys is None or str(page.translation_key) in keys:
            versions += live_translations([page.translation_key])
        elif page.live:
            versions.append(page)  # not translated: its only live version is itself
    codes = {locale_id: code for code, locale_id in locale_ids().items()}

    def version(of, code):
        return next(
            (
                v
                for v in versions
                if of is not None
                and v.translation_key == of.translation_key
                and codes.get(v.locale_id) == code
            ),
            None,
        )

    alternates = []
    if isinstance(page, Page):
        alternates = [
            {"code": code, "url": version(page, code).get_full_url(request)}
            for code, _name in languages
            if version(page, code)
        ]
    switch = []
    for code, name in languages:
        if code == current:
            continue
        if isinstance(page, Page):
            target = version(page, code) or version(root, code)
            url = target.get_url(request) if target else translate_url("/", code)
            translated = version(page, code) is not None
        else:
            url = translate_url(request.get_full_path(), code) if request else "/"
            translated = True
        switch.append({"code": code, "name": name, "url": url, "translated": translated})
    return {"alternates": alternates if len(alternates) > 1 else [], "switch": switch}
