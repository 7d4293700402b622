import hashlib
import re

from django.conf import settings
from django.db import models
from django.http import Http404
from django.urls import get_urlconf
from django.utils.functional import SimpleLazyObject, cached_property
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.fields import RichTextField
from wagtail.models import Page, PageViewRestriction, TranslatableMixin
from wagtail.snippets.models import register_snippet

from .cache.lookups import locale_ids, restricted_paths
from .cache.memo import url_parts
from .cache.shared import keep_many, kept_many, shared_key
from .publishing import WorkflowCopyForm, WorkflowPagePermissionTester
from .slugs import AutoSlugMixin
from .validators import (
    validate_icp_number,
    validate_phone,
    validate_public_security_number,
    validate_website_code,
)
from .visibility import publicly_visible

ICP_FILING_URL = "https://beian.miit.gov.cn/"
PUBLIC_SECURITY_FILING_URL = "https://beian.mps.gov.cn/#/query/webSearch?code={code}"


class IntroMixin(models.Model):
    """A short rich-text introduction shown at the top of a page."""

    intro = RichTextField(
        _("导语"),
        blank=True,
        features=["bold", "italic", "link"],
        help_text=_("显示在页面标题下方的一两句话。"),
    )

    content_panels = [FieldPanel("intro")]

    class Meta:
        abstract = True


class WorkflowPublishingMixin:
    """The site's publishing rules (``home.publishing``) for a page type: only site
    administrators publish outside the 审核发布 workflow, by any path the admin offers."""

    copy_form_class = WorkflowCopyForm

    def permissions_for_user(self, user):
        return WorkflowPagePermissionTester(user, self)

    def is_embargoed(self) -> bool:
        """Live but not public yet (an article before its 发布时间): every page type says."""
        return False

    def route(self, request, path_components):
        # Wherever the page was found (one statement for an article, Wagtail's own routing), it
        # is served only once public: the rule is read from the loaded row, no query of its own.
        if not path_components and self.is_embargoed():
            raise Http404
        return super().route(request, path_components)


class CachedViewRestrictionsMixin:
    """``get_view_restrictions()`` without a query for pages outside private sections.

    Wagtail checks it on every request (two queries); the paths of the pages that carry a
    restriction are kept per site generation instead (``home.cache.lookups.restricted_paths``).
    """

    def get_view_restrictions(self):
        if self.alias_of_id:
            return super().get_view_restrictions()
        paths = [path for path in restricted_paths() if self.path.startswith(path)]
        if not paths:
            return PageViewRestriction.objects.none()
        return PageViewRestriction.objects.filter(page__path__in=paths)


class KeptUrlPartsMixin:
    """``get_url_parts()`` worked out once per process for each page URL and language: Wagtail
    reverses its URL pattern for every link (with the language switched around it), about 20
    times per article page. Pages of more than one site fall back to Wagtail's own choice (it
    may depend on the request's site). Kept in ``home.cache.memo.url_parts``."""

    def get_url_parts(self, request=None):
        sites = self._get_relevant_site_root_paths(request)
        if len({site[0] for site in sites}) != 1:
            return super().get_url_parts(request)
        key = (tuple(sites[0]), self.url_path, get_language(), get_urlconf(), settings.ROOT_URLCONF)
        parts = url_parts.get(key)
        if parts is None:
            parts = super().get_url_parts(request)
            url_parts.put(key, parts)
        return parts


class SitePage(  # noqa: DJ008 (Page.__str__ is the title)
    WorkflowPublishingMixin, KeptUrlPartsMixin, CachedViewRestrictionsMixin, AutoSlugMixin, Page
):
    """What every page type of the site shares: the publishing rules, the kept URL parts and view
    restrictions (the per-request plumbing that keeps a page view at a few queries), and the slug
    filled from the title. A page type adds its own mixins before it (``IntroMixin``; a
    ``RoutablePageMixin`` must come first, so that its sub-URLs are routed before ``Page``'s)."""

    class Meta:
        abstract = True


class HomePage(IntroMixin, SitePage):  # noqa: DJ008 (Page.__str__ is the title)
    """The site's front page (首页): the root of the columns."""

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["news.NewsIndexPage", "stations.StationIndexPage"]
    max_count_per_parent = 1

    content_panels = Page.content_panels + IntroMixin.content_panels

    class Meta:
        verbose_name = _("首页")
        verbose_name_plural = _("首页")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # Lazy: the home page's lists are a cached fragment, which needs them only when rebuilt.
        context["columns"] = SimpleLazyObject(self.menu_columns)
        return context

    @property
    def localized(self):
        """Wagtail's ``localized`` (the home page in the reader's language), without its Locale
        query when the reader's language is the page's own: Wagtail routes every request through
        ``site.root_page.localized``. The locale ids are kept per site generation."""
        try:
            code = get_supported_content_language_variant(get_language())
        except LookupError:
            return super().localized
        if locale_ids().get(code) == self.locale_id:
            return self
        return super().localized

    def route(self, request, path_components):
        """Find a page below home by its whole URL path in one query (two on a cold cache), not
        two per level.

        The pages above the last component (columns and the like: few, shared by many pages)
        are kept per site generation (``_route_ancestors``). When the parent's type can find
        the children it mostly has in one query (``routed_child``: a column's articles), it is
        asked first. Otherwise one query finds the page by its URL path and a second loads it
        as its specific type, through its ``serve_queryset()`` when it has one (to load related
        rows along). The ancestors are kept on the page (``route_ancestors``)
        for the breadcrumbs. Same outcome as Wagtail's level-by-level routing for ordinary pages
        (only the last page must be live; ``Page.route`` raises 404 otherwise); paths no page
        has (such as a routable page's sub-URL) fall back to it.
        """
        if path_components:
            ancestors = self._route_ancestors(request, path_components[:-1])
            if ancestors is not None:
                parent = ancestors[-1] if ancestors else self
                url_path = f"{parent.url_path}{path_components[-1]}/"
                page = self._route_child(parent, path_components[-1], url_path)
                if page is not None:
                    page.route_ancestors = [self, *ancestors]
                    return page.route(request, [])
        return super().route(request, path_components)

    def _route_ancestors(self, request, components) -> list[Page] | None:
        """The pages at ``components`` below home (each as its type), or None when one is
        missing. Kept per site generation (a move, rename or unpublish replaces it); only paths
        that exist are kept, so made-up URLs cannot fill the cache."""
        if not components:
            return []
        prefixes = [
            f"{self.url_path}{'/'.join(components[:n])}/" for n in range(1, len(components) + 1)
        ]
        digest = hashlib.sha256(prefixes[-1].encode()).hexdigest()[:32]
        key = shared_key("route-ancestors", self.pk, digest, request=request)
        found = kept_many([key]).get(key)
        if found is None:
            found = list(
                Page.objects.filter(
                    slug__in=components,  # indexed; url_path is not
                    url_path__in=prefixes,
                    path__startswith=self.path,
                    depth__gt=self.depth,
                    depth__lte=self.depth + len(components),
                )
                .order_by("depth")
                .specific()  # their links (breadcrumbs) use the kept URLs (KeptUrlPartsMixin)
            )
            if [page.url_path for page in found] != prefixes:
                return None
            keep_many({key: found})
        return found

    @staticmethod
    def _route_child(parent: Page, slug: str, url_path: str) -> Page | None:
        """The child of ``parent`` at ``url_path`` as its specific type, or None: one query
        when the parent's type finds it (``routed_child``: a column's articles), else two."""
        where = {
            "slug": slug,  # indexed; url_path is not
            "url_path": url_path,
            "path__startswith": parent.path,
            "depth": parent.depth + 1,
        }
        find_child = getattr(parent.specific_class, "routed_child", None)
        if find_child is not None:
            page = find_child(parent=parent, slug=slug, url_path=url_path)
            if page is not None:
                return page
        target = next(iter(Page.objects.filter(**where)[:1]), None)
        if target is None or target.specific_class is None:
            return None
        return _serve_queryset(target.specific_class).get(pk=target.pk)

    def menu_columns(self) -> list[Page]:
        """Columns in the menu, each with ``menu_children``, in two queries whatever the size."""
        # Login-only (private) columns and their sub-columns are not named to the public.
        columns = list(publicly_visible(self.get_children()).in_menu())
        descendants = (
            publicly_visible(Page.objects.descendant_of(self))
            .filter(depth=self.depth + 2)
            .in_menu()
            .order_by("path")
        )
        by_parent: dict[str, list[Page]] = {}
        for child in descendants:
            by_parent.setdefault(child.path[: -Page.steplen], []).append(child)
        for column in columns:
            column.menu_children = by_parent.get(column.path, [])
        return columns


def _serve_queryset(model):
    """How routing loads a page of ``model``: its ``serve_queryset()`` (related rows along)."""
    return getattr(model, "serve_queryset", model.objects.all)()


@register_snippet
class SiteTexts(TranslatableMixin, models.Model):
    """The site's name and the wording of its footer: one per site and language.

    Editors write them in Chinese; wagtail-localize translates them like a page (片段 › 站点文字 ›
    翻译). ``SiteSettings`` reads them in the reader's language, falling back to Chinese.
    """

    site = models.ForeignKey(
        "wagtailcore.Site", verbose_name=_("站点"), on_delete=models.CASCADE, related_name="+"
    )
    site_name = models.CharField(_("网站名称"), max_length=100, default="浙江人大")
    sponsor = models.CharField(
        _("主办单位"), max_length=100, blank=True, help_text=_("例如：浙江省人大常委会")
    )
    organizer = models.CharField(
        _("承办单位"), max_length=100, blank=True, help_text=_("例如：浙江省人大常委会研究室")
    )
    tech_support = models.CharField(
        _("技术支持"),
        max_length=100,
        blank=True,
        help_text=_("例如：浙江省人大常委会办公厅信息中心"),
    )
    address = models.CharField(_("联系地址"), max_length=200, blank=True)

    panels = [
        FieldPanel("site"),
        FieldPanel("site_name"),
        MultiFieldPanel(
            [FieldPanel("sponsor"), FieldPanel("organizer"), FieldPanel("tech_support")],
            heading=_("主办与承办"),
        ),
        FieldPanel("address"),
    ]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("站点文字")
        verbose_name_plural = _("站点文字")
        constraints = [
            models.UniqueConstraint(fields=["site", "locale"], name="one_site_texts_per_language")
        ]

    def __str__(self):
        return self.site_name


@register_setting(icon="site")
class SiteSettings(BaseSiteSetting):
    """The site's identity and the filing details every government site shows in its footer.

    The translatable wording (name, 主办/承办/技术支持, address) lives in ``SiteTexts``; the
    attributes of the same names here give it in the reader's language.
    """

    select_related = ["party_gov_logo", "texts", "texts__locale"]

    texts = models.ForeignKey(
        SiteTexts,
        verbose_name=_("站点文字"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_(
            "网站名称、主办、承办、技术支持和地址（中文原文）；在“片段 › 站点文字”中编辑和翻译。"
        ),
    )
    icp_number = models.CharField(
        _("ICP 备案号"),
        max_length=40,
        blank=True,
        validators=[validate_icp_number],
        help_text=_("页脚显示并链接到工业和信息化部备案管理系统，例如：浙ICP备05000002号"),
    )
    public_security_number = models.CharField(
        _("公安备案号"),
        max_length=40,
        blank=True,
        validators=[validate_public_security_number],
        help_text=_("例如：浙公网安备 33010602010054号"),
    )
    website_code = models.CharField(
        _("政府网站标识码"),
        max_length=10,
        blank=True,
        validators=[validate_website_code],
        help_text=_("10 位，例如：3300000001"),
    )
    party_gov_logo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("党政机关网站标识"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("显示在页脚的“党政机关”红色标识图片。"),
    )
    party_gov_logo_url = models.URLField(
        _("党政机关网站标识链接"),
        blank=True,
        help_text=_("点击标识后打开的核验页面地址。"),
    )
    postcode = models.CharField(_("邮政编码"), max_length=6, blank=True)
    phone = models.CharField(_("联系电话"), max_length=30, blank=True, validators=[validate_phone])

    panels = [
        FieldPanel("texts"),
        MultiFieldPanel(
            [
                FieldPanel("icp_number"),
                FieldPanel("public_security_number"),
                FieldPanel("website_code"),
                FieldPanel("party_gov_logo"),
                FieldPanel("party_gov_logo_url"),
            ],
            heading=_("备案与标识"),
        ),
        MultiFieldPanel([FieldPanel("postcode"), FieldPanel("phone")], heading=_("联系方式")),
    ]

    class Meta:
        verbose_name = _("站点设置")

    def localized_texts(self) -> SiteTexts:
        """The site's texts in the active language, else the Chinese ones. Looked up once per
        language and remembered on this object (Wagtail keeps it for the request)."""
        source = self.texts
        if source is None:
            return SiteTexts(site_id=self.site_id, site_name="")
        language = get_supported_content_language_variant(get_language())
        if language == source.locale.language_code:
            return source
        found = self.__dict__.setdefault("_texts_by_language", {})
        if language not in found:
            translation = (
                SiteTexts.objects.filter(
                    translation_key=source.translation_key, locale__language_code=language
                )
                .select_related("locale")
                .first()
            )
            found[language] = translation or source
        return found[language]

    @property
    def site_name(self) -> str:
        return self.localized_texts().site_name

    @property
    def sponsor(self) -> str:
        return self.localized_texts().sponsor

    @property
    def organizer(self) -> str:
        return self.localized_texts().organizer

    @property
    def tech_support(self) -> str:
        return self.localized_texts().tech_support

    @property
    def address(self) -> str:
        return self.localized_texts().address

    @property
    def icp_url(self) -> str:
        return ICP_FILING_URL if self.icp_number else ""

    @cached_property
    def public_security_code(self) -> str:
        match = re.search(r"\d{14}", self.public_security_number)
        return match.group(0) if match else ""

    @property
    def public_security_url(self) -> str:
        code = self.public_security_code
        return PUBLIC_SECURITY_FILING_URL.format(code=code) if code else ""
