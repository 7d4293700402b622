"""Two-factor login for the Wagtail admin: time-based codes (TOTP) from an authenticator app.

django-otp keeps the devices and checks the codes (with its own throttling of wrong codes);
this module only decides when the admin asks for a code and offers the two admin pages:
setting up an app (a QR code) and entering a code after the password.
"""

from base64 import b32encode

import django_otp
import segno
from asgiref.sync import sync_to_async
from django import forms
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import Resolver404, resolve, reverse
from django.utils.functional import SimpleLazyObject
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_totp.models import TOTPDevice

# Admin pages an admin user may open before entering a code.
OPEN_URL_NAMES = {
    "wagtailadmin_login",
    "wagtailadmin_logout",
    "wagtailadmin_javascript_catalog",
    "wagtailadmin_sprite",
    "two_factor_verify",
    "two_factor_setup",
}
DEVICE_NAME = "authenticator"


def needs_second_factor(user) -> bool:
    """An admin user who has a confirmed app, or must have one, and has not entered a code."""
    if not user.is_authenticated or user.is_verified():
        return False
    if not user.has_perm("wagtailadmin.access_admin"):
        return False
    return settings.ADMIN_2FA_REQUIRED or django_otp.user_has_device(user, confirmed=True)


class TwoFactorMiddleware:
    """Until the second factor is passed, the session is not logged in for anything.

    Runs after django-otp's OTPMiddleware (which gives ``request.user.is_verified()``). Under
    the admin path such a user is sent to the code or set-up page; everywhere else (public pages
    with a login restriction, documents in restricted collections, previews, the API) the
    request is treated as anonymous. Only the two-factor pages and logging in or out see the
    user. The user is looked at lazily, so public pages that never ask pay nothing.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        in_admin = request.path_info.startswith(f"/{settings.ADMIN_URL_PATH}")
        # Only admin addresses are open before the second factor: nothing else needs resolving.
        url_name = self.url_name(request) if in_admin else None
        if url_name in OPEN_URL_NAMES:
            return self.get_response(request)
        user = request.user
        request.user = SimpleLazyObject(lambda: unless_half_logged_in(user))
        request.auser = sync_to_async(lambda: unless_half_logged_in(user))  # the same, async
        if in_admin and url_name:
            response = self.check(request, user)
            if response is not None:
                return response
        return self.get_response(request)

    @staticmethod
    def url_name(request) -> str | None:
        try:
            return resolve(request.path_info).url_name
        except Resolver404:
            return None

    def check(self, request, user):
        if not needs_second_factor(user):
            return None
        has_device = django_otp.user_has_device(user, confirmed=True)
        target = reverse("two_factor_verify" if has_device else "two_factor_setup")
        return redirect(f"{target}?next={request.get_full_path()}")


def unless_half_logged_in(user):
    """``user``, or an anonymous user while the second factor is still owed."""
    return AnonymousUser() if needs_second_factor(user) else user


class TokenForm(forms.Form):
    token = forms.RegexField(
        label=_("验证码"),
        regex=r"^\s*\d{6}\s*$",
        error_messages={"invalid": _("请输入认证应用显示的 6 位数字。")},
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )


def safe_next(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return reverse("wagtailadmin_home")


def verify(request):
    """Enter the code from the authenticator app after the password."""
    if not request.user.is_authenticated:
        return redirect("wagtailadmin_login")
    form = TokenForm(request.POST or None)
    if form.is_valid():
        token = form.cleaned_data["token"].strip()
        device = django_otp.match_token(request.user, token)
        if device is not None:
            django_otp.login(request, device)
            return redirect(safe_next(request))
        form.add_error("token", _("验证码不正确或已过期，请重试。"))
    return TemplateResponse(
        request,
        "wagtailadmin/two_factor/verify.html",
        {"form": form, "next": safe_next(request)},
    )


def setup(request):
    """Add an authenticator app: scan the QR code, then confirm with one code from the app."""
    if not request.user.is_authenticated:
        return redirect("wagtailadmin_login")
    if django_otp.user_has_device(request.user, confirmed=True) and not request.user.is_verified():
        return redirect("two_factor_verify")
    device, _created = TOTPDevice.objects.get_or_create(
        user=request.user, confirmed=False, defaults={"name": DEVICE_NAME}
    )
    form = TokenForm(request.POST or None)
    if form.is_valid():
        if device.verify_token(form.cleaned_data["token"].strip()):
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            django_otp.login(request, device)
            return redirect(safe_next(request))
        form.add_error("token", _("验证码不正确或已过期，请重试。"))
    qr = segno.make(device.config_url, error="m")
    return TemplateResponse(
        request,
        "wagtailadmin/two_factor/setup.html",
        {
            "form": form,
            "next": safe_next(request),
            "qr_data_uri": qr.svg_data_uri(scale=4),
            "secret": b32encode(device.bin_key).decode(),
            "required": settings.ADMIN_2FA_REQUIRED,
        },
    )
