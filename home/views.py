"""Views of the site as a whole: permanent links, robots.txt, reading preferences (关怀版, text
size), the admin's scheduled-pages report, the error page."""

import datetime
import logging
import sys

from django.db import InterfaceError, OperationalError
from django.db.models import CharField, Exists, OuterRef, Q
from django.db.models.functions import Cast
from django.http import (
    Http404,
    HttpResponse,
    HttpResponseBadRequest,
    HttpResponsePermanentRedirect,
    HttpResponseRedirect,
    HttpResponseServerError,
)
from django.template import loader
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import etag
from wagtail.admin.views.reports import PageReportView
from wagtail.models import Page, Revision

from .models import WorkflowPublishingMixin
from .services import publicly_visible

logger = logging.getLogger(__name__)


class ScheduledPagesReportView(PageReportView):
    """已排期: pages with a revision approved to go live later, or a future expiry time."""

    page_title = _("已排期的页面")
    header_icon = "time"
    index_url_name = "scheduled_pages_report"
    index_results_url_name = "scheduled_pages_report_results"
    results_template_name = "wagtailadmin/reports/scheduled_pages_results.html"
    list_export = PageReportView.list_export + ["go_live_at", "expire_at"]

    def get_filename(self):
        return f"scheduled-pages-{datetime.date.today():%Y-%m-%d}"

    def get_queryset(self):
        now = timezone.now()
        # Revision.object_id is a string: compare it with the page id as text.
        scheduled_revision = Revision.page_revisions.filter(
            object_id=OuterRef("id_text"), approved_go_live_at__gt=now
        )
        self.queryset = (
            self.permission_policy.instances_user_has_permission_for(self.request.user, "change")
            .annotate(id_text=Cast("pk", output_field=CharField()))
            .filter(Exists(scheduled_revision) | Q(go_live_at__gt=now) | Q(expire_at__gt=now))
            .specific(defer=True)
            .select_related("locale")
            .order_by("go_live_at", "expire_at", "path")
        )
        return super().get_queryset()


def permalink(request, page_id: int):
    """/a/<id>/: the permanent address of a page, redirecting (301) to wherever it lives now."""
    page = publicly_visible(Page.objects.filter(pk=page_id)).first()
    if page is None:
        raise Http404
    specific = page.specific_deferred
    # An article before its 发布时间 is not there yet: 404, like an id nobody has.
    if not isinstance(specific, WorkflowPublishingMixin) or specific.is_embargoed():
        raise Http404
    url = page.get_url(request=request)
    if url is None:
        raise Http404
    return HttpResponsePermanentRedirect(url)


def chinese_without_prefix(request, rest: str = ""):
    """/zh/…, /zh-hans/…, /zh-cn/… → the same page without the prefix, where Chinese is served
    (301, query string kept): one address per page, however a link spells the language."""
    target = "/" + rest.lstrip("/\\")  # never "//host" or "/\\host": no redirect off the site
    if request.META.get("QUERY_STRING"):
        target += "?" + request.META["QUERY_STRING"]
    return HttpResponsePermanentRedirect(target)


def robots_txt(request):
    sitemap_url = request.build_absolute_uri(reverse("sitemap"))
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /search/",
        "Disallow: /preferences/",
        f"Sitemap: {sitemap_url}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


# --- Reading preferences: 关怀版 (elder-friendly mode) and text size ------------------------------
# The page HTML is the same for every visitor, so page caches need not vary on cookies: each page
# links /preferences.css, a tiny private stylesheet that applies what the visitor's cookies ask for.
# The switches are plain links to /preferences/, which sets the cookie and sends the reader back,
# so they work without JavaScript.
CARE_COOKIE = "care"
TEXT_SIZE_COOKIE = "text_size"
PREFERENCE_MAX_AGE = 365 * 24 * 60 * 60
TEXT_SIZES = {"small": 87.5, "medium": 100.0, "large": 118.75}  # per cent of the browser's size
CARE_SCALE = 1.25
CARE_VALUES = {"on", "off"}


def _preferences(request) -> tuple[bool, str]:
    size = request.COOKIES.get(TEXT_SIZE_COOKIE)
    return request.COOKIES.get(CARE_COOKIE) == "on", size if size in TEXT_SIZES else "medium"


def _preferences_etag(request) -> str:
    care, size = _preferences(request)
    return f"{'care' if care else 'standard'}-{size}-{static('css/care.css')}"


@etag(_preferences_etag)
def preferences_css(request):
    """/preferences.css: the root text size and, in 关怀版, the elder-friendly stylesheet."""
    care, size = _preferences(request)
    percent = TEXT_SIZES[size] * (CARE_SCALE if care else 1)
    rules = [f'@import url("{static("css/care.css")}");'] if care else []
    rules += [
        f"html {{ font-size: {percent:g}%; }}",
        # The current size is marked for sight and, by its hidden "（当前）", for screen readers.
        f".preferences__size--{size} {{ border-color: currentcolor; font-weight: 700; }}",
        f".preferences__size--{size} .preferences__current {{ display: inline; }}",
    ]
    response = HttpResponse("\n".join(rules) + "\n", content_type="text/css; charset=utf-8")
    response["Cache-Control"] = "private, no-cache"
    patch_vary_headers(response, ["Cookie"])
    return response


@never_cache
def set_preferences(request):
    """/preferences/?care=on|off&size=small|medium|large&next=/path/: remember and go back."""
    care = request.GET.get("care")
    size = request.GET.get("size")
    if (care is None and size is None) or (care is not None and care not in CARE_VALUES):
        return _bad_preference()
    if size is not None and size not in TEXT_SIZES:
        return _bad_preference()
    target = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = "/"
    response = HttpResponseRedirect(target)
    for name, value in [(CARE_COOKIE, care), (TEXT_SIZE_COOKIE, size)]:
        if value is not None:
            response.set_cookie(
                name,
                value,
                max_age=PREFERENCE_MAX_AGE,
                secure=request.is_secure(),
                httponly=True,
                samesite="Lax",
            )
    return response


def _bad_preference():
    return HttpResponseBadRequest(
        _("无法识别的显示设置。请返回上一页，使用页面顶部的“关怀版”或“字号”链接。"),
        content_type="text/plain; charset=utf-8",
    )


def server_error(request):
    """handler500: the static 503 page when the database is out of reach, else the 500 page.

    Django calls this while handling the exception, so ``sys.exc_info()`` names it. Neither page
    touches the database (no request context, no site settings): they render while it is down.
    """
    exception = sys.exc_info()[1]
    if isinstance(exception, OperationalError | InterfaceError):
        logger.error("Database unavailable: %s", exception)
        response = HttpResponse(loader.render_to_string("503.html"), status=503)
        response["Retry-After"] = "30"
        response["Cache-Control"] = "no-store"
        return response
    return HttpResponseServerError(loader.render_to_string("500.html"))
