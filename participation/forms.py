"""The parts every public input form shares: the mobile number field, the honeypot, the
challenge, consent to the privacy notice, rate limits and the hold for review."""

import phonenumbers
from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from . import challenge, ratelimit
from .photos import clean_photos
from .screening import screen

# hold_reasons codes (staff see them translated, see HOLD_REASON_LABELS).
HELD_NO_CHALLENGE = "challenge"
HELD_SENSITIVE = "sensitive"
HOLD_REASON_LABELS = {
    HELD_NO_CHALLENGE: _("未完成人机验证（浏览器未运行脚本）"),
    HELD_SENSITIVE: _("含敏感词"),
}

MOBILE_TYPES = {
    phonenumbers.PhoneNumberType.MOBILE,
    phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE,
}


class MainlandMobileField(forms.CharField):
    """A mainland China mobile number (``phonenumbers``, region CN). The cleaned value is E.164
    (``+8613812345678``); spaces, dashes and a +86 prefix are accepted as typed."""

    default_error_messages = {
        "required": _("请填写手机号码，工作人员答复前可能需要联系您。"),
        "invalid": _("手机号码格式不正确，请填写 11 位手机号码，例如 13812345678。"),
        "not_mobile": _("这是固定电话号码，请填写手机号码。"),
        "not_mainland": _("请填写中国大陆的手机号码（+86）。"),
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 20)
        kwargs.setdefault(
            "widget",
            forms.TextInput(attrs={"type": "tel", "autocomplete": "tel", "inputmode": "tel"}),
        )
        super().__init__(**kwargs)

    def to_python(self, value):
        value = super().to_python(value)
        if value in self.empty_values:
            return value
        try:
            number = phonenumbers.parse(value, "CN")
        except phonenumbers.NumberParseException as error:
            raise ValidationError(self.error_messages["invalid"], code="invalid") from error
        if number.country_code != 86:
            raise ValidationError(self.error_messages["not_mainland"], code="not_mainland")
        if not phonenumbers.is_valid_number(number):
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        if phonenumbers.number_type(number) not in MOBILE_TYPES:
            raise ValidationError(self.error_messages["not_mobile"], code="not_mobile")
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class PhotosField(forms.FileField):
    """Up to ``max_count`` photos (``participation.photos.clean_photos``: judged by content,
    metadata stripped). The cleaned value is a list of ContentFiles, not yet saved."""

    def __init__(self, *, max_count: int = 3, **kwargs):
        self.max_count = max_count
        kwargs.setdefault("required", False)
        kwargs.setdefault(
            "widget", MultipleFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"})
        )
        super().__init__(**kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, (list, tuple)) else [data] if data else []
        return clean_photos(files, max_count=self.max_count)


class PublicInputForm(forms.Form):
    """Base of every public input form.

    After ``is_valid()``: ``is_spam`` (the honeypot was filled: answer as if accepted, store
    nothing), ``is_held`` / ``hold_reasons`` (no solved challenge, sensitive words: store it,
    but for review first). ``check_limits(request)`` counts the submission against the rate
    limits and puts a form error when one is exceeded. Subclasses name the fields screened for
    sensitive words (``screened_fields``), the mobile number field and their rate-limit scope.
    """

    rate_scope = "participation"
    screened_fields: tuple[str, ...] = ()
    mobile_field = "contact_mobile"

    # Honeypot: hidden from people (CSS and aria-hidden on its wrapper, tabindex=-1); bots that
    # fill every field fill it.
    website = forms.CharField(
        label=_("网址（请勿填写）"),
        required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )
    altcha = forms.CharField(required=False, widget=forms.HiddenInput)
    consent = forms.BooleanField(
        label=_("我已阅读并同意个人信息保护说明"),
        error_messages={"required": _("请阅读个人信息保护说明，并勾选同意后再提交。")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.is_spam = False
        self.is_held = False
        self.hold_reasons: list[str] = []
        self.sensitive_terms: list[str] = []
        self.rate_limited = False
        self.fields["consent"].label = format_html(
            '{} <a href="{}" target="_blank">{}</a>',
            gettext("我已阅读并同意"),
            reverse("participation:privacy"),
            gettext("个人信息保护说明"),
        )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("website"):
            self.is_spam = True
            return cleaned
        payload = cleaned.get("altcha", "")
        if not challenge.challenge_enabled():
            pass
        elif not payload:
            # No JavaScript (or it failed): kept, but held and counted against a stricter limit.
            self.hold_reasons.append(HELD_NO_CHALLENGE)
        elif not challenge.verify(payload):
            raise ValidationError(
                _("人机验证未通过或已过期，请再次点击提交。"), code="challenge_failed"
            )
        texts = [cleaned.get(name) or "" for name in self.screened_fields]
        self.sensitive_terms = screen(*texts)
        if self.sensitive_terms:
            self.hold_reasons.append(HELD_SENSITIVE)
        self.is_held = bool(self.hold_reasons)
        return cleaned

    def full_clean(self):
        super().full_clean()
        # Each input names its error (and help text) for screen readers, as the text next to it.
        for name, field in self.fields.items():
            if name not in self.errors:
                continue
            bound = self[name]
            ids = [f"{bound.auto_id}_helptext"] if field.help_text else []
            field.widget.attrs["aria-describedby"] = " ".join([*ids, f"{bound.auto_id}_error"])

    @property
    def challenge_solved(self) -> bool:
        return HELD_NO_CHALLENGE not in self.hold_reasons

    def check_limits(self, request) -> bool:
        """Count this submission (after ``is_valid()``); False, with a form error, past a limit:
        per client address (stricter without a solved challenge) and per mobile number."""
        address = ratelimit.client_key(request)
        by_address = "address" if self.challenge_solved else "address_unverified"
        allowed = ratelimit.allow_named(by_address, address, scope=self.rate_scope)
        mobile = self.cleaned_data.get(self.mobile_field)
        if allowed and mobile:
            allowed = ratelimit.allow_named("mobile", mobile, scope=self.rate_scope)
        if not allowed:
            self.rate_limited = True
            self.add_error(
                None,
                ValidationError(
                    _("提交过于频繁，请稍后再试。您填写的内容已保留在下方。"), code="rate_limited"
                ),
            )
        return allowed
