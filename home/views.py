"""Views of the site as a whole: permanent links, robots.txt, the admin's scheduled-pages report,
the error page."""

import datetime
import logging
import sys

from django.db import InterfaceError, OperationalError
from django.db.models import CharField, Exists, OuterRef, Q
from django.db.models.functions import Cast
from django.http import (
    Http404,
    HttpResponse,
    HttpResponsePermanentRedirect,
    HttpResponseServerError,
)
from django.template import loader
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.views.reports import PageReportView
from wagtail.models import Page, Revision

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
    lines = ["User-agent: *", "Disallow: /admin/", "Disallow: /search/", f"Sitemap: {sitemap_url}"]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


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
