"""The challenge endpoint, the privacy notice, and ``public_input``: what every public form view
wears."""

import functools
from urllib.parse import urlsplit

from django.http import HttpResponseForbidden, JsonResponse
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.debug import sensitive_post_parameters
from wagtail.models import Site

from .challenge import new_challenge
from .models import PrivacySettings

CONTACT_FIELDS = ("contact_name", "contact_mobile", "contact_email", "altcha")


def _same_origin(request) -> bool:
    """A browser's POST says where it comes from (Origin, else Referer): from this site only."""
    source = request.META.get("HTTP_ORIGIN") or request.META.get("HTTP_REFERER")
    if not source or source == "null":
        return True  # not a browser (or one that hides it); the challenge and limits still apply
    return urlsplit(source).netloc.lower() == request.get_host().lower()


def public_input(view):
    """For views that take public input.

    - never cached (``never_cache``: neither the page cache nor a proxy keeps a response that
      may echo what someone typed);
    - contact fields are masked in error reports (``sensitive_post_parameters``);
    - exempt from Django's CSRF token: the forms are embedded in pages the page cache shares
      between all readers, which cannot carry a per-reader token, and there is no session or
      sign-in a forged post could act under. Cross-site posts are refused by their Origin
      instead, and the challenge and rate limits apply to every post.
    """

    @csrf_exempt
    @never_cache
    @sensitive_post_parameters(*CONTACT_FIELDS)
    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        if request.method == "POST" and not _same_origin(request):
            return HttpResponseForbidden(
                _("请从本网站的页面提交。"), content_type="text/plain; charset=utf-8"
            )
        return view(request, *args, **kwargs)

    return wrapped


@never_cache
def challenge_view(request):
    """A fresh ALTCHA challenge (JSON)."""
    return JsonResponse(new_challenge())


def privacy(request):
    """个人信息保护: the notice every consent box links to."""
    site = Site.find_for_request(request)
    privacy_settings = PrivacySettings.for_site(site) if site else None
    notice = privacy_settings.notice_or_default() if privacy_settings else ""
    # Site administrators write in Chinese; the shipped default is translated.
    custom = bool(privacy_settings and privacy_settings.notice)
    return TemplateResponse(
        request, "participation/privacy.html", {"notice": notice, "custom": custom}
    )
