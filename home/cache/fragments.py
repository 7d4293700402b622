"""HTML kept per site, language and site generation: parts shared by many pages (menu, footer,
the home page's lists, article items, pictures). A publish retires them with everything else.

Declared with the ``kept_fragment`` decorator (what a fragment varies by, what each page puts in
afterwards) or, in templates, with ``{% site_fragment %}`` (home.templatetags.fragment_tags).
"""

import functools
import hashlib

from django.conf import settings
from django.utils.html import conditional_escape

from .shared import SharedKey, keep_many, kept, kept_many, site_key


def fragments_kept(request) -> bool:
    """Fragments are rendered afresh, never kept, for previews (a draft must not reach the
    public), without a request and when ``FRAGMENT_CACHE_ENABLED`` is off."""
    return (
        request is not None
        and settings.FRAGMENT_CACHE_ENABLED
        and not getattr(request, "is_preview", False)
    )


def identity(value):
    """What a fragment varies by for ``value``: a model instance by its row (its repr is only its
    title): the model its type's table inheritance starts from (a page of any type is a
    ``wagtailcore.Page``) and its key; a list or tuple item by item; anything else as it is."""
    if isinstance(value, list | tuple):
        return [identity(item) for item in value]
    meta = getattr(value, "_meta", None)
    if meta is None:
        return value
    parents = meta.get_parent_list()
    return ((parents[-1]._meta if parents else meta).label, value.pk)


def _fragment_key(request, name: str, vary_on) -> SharedKey:
    digest = hashlib.sha256(repr(list(vary_on)).encode()).hexdigest()[:32]
    return site_key(request, "fragment", name, digest)


def kept_html(request, name: str, vary_on, render) -> str:
    """HTML that ``render()`` gives, kept per site, language and generation (and ``vary_on``)."""
    if not fragments_kept(request):
        return render()
    return kept(_fragment_key(request, name, vary_on), render)


def _kept_htmls(request, name: str, parts: list[tuple[list, object]]) -> list[str]:
    """``kept_html`` for several parts at once, ``parts`` being [(vary_on, render)…]: those kept
    are read in one go, the others rendered and kept. The HTML in the same order."""
    if not fragments_kept(request):
        return [render() for _vary_on, render in parts]
    keys = [_fragment_key(request, name, vary_on) for vary_on, _render in parts]
    found = kept_many(list(dict.fromkeys(keys)))
    fresh = {}
    for key, (_vary_on, render) in zip(keys, parts, strict=True):
        if key not in found and key not in fresh:
            fresh[key] = render()
    if fresh:
        keep_many(fresh)
    return [found[key] if key in found else fresh[key] for key in keys]


class KeptFragment:
    """A function ``render(request, **values)`` giving HTML, kept per site, language, generation
    and the values named in ``vary_on`` (``identity``): every other value it is given must follow
    from those. The values named in ``fill`` are each page's own (an address, a title, an alt
    text): ``render`` gets, for each, a mark (letters only, which escaping and ``urlencode`` leave
    as they are) where the value goes; the kept HTML then gets each page's values, escaped as the
    template escapes a variable.

    ``fragment(request, **values)`` gives the HTML; ``fragment.many(request, [values…])`` the
    HTML of several, those kept read in one go."""

    def __init__(self, render, *, name: str, vary_on: tuple[str, ...], fill: tuple[str, ...]):
        functools.update_wrapper(self, render)
        self.render = render
        self.name = name
        self.vary_on = vary_on
        self.fill = fill

    def __call__(self, request, **values) -> str:
        return self.many(request, [values])[0]

    def many(self, request, values_list: list[dict]) -> list[str]:
        marks = {key: f"zzKeptFragmentMark{index}zz" for index, key in enumerate(self.fill)}
        parts = [
            (
                [identity(values[key]) for key in self.vary_on],
                functools.partial(self.render, request, **{**values, **marks}),
            )
            for values in values_list
        ]
        htmls = _kept_htmls(request, self.name, parts)
        if not marks:
            return htmls
        filled = []
        for html, values in zip(htmls, values_list, strict=True):
            for key, mark in marks.items():
                html = html.replace(mark, conditional_escape(values[key]))
            filled.append(html)
        return filled


def kept_fragment(name: str, *, vary_on: tuple[str, ...] = (), fill: tuple[str, ...] = ()):
    """Declare ``render(request, **values)`` a kept fragment named ``name`` (``KeptFragment``),
    e.g. ``@kept_fragment("picture", vary_on=("image", "sizes", "eager"), fill=("alt",))``."""
    return lambda render: KeptFragment(render, name=name, vary_on=vary_on, fill=fill)
