"""The public forms of 网上联络站: 给代表留言, the lookup (编号 + 查询码) and the rating."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from home.caching import active_locale_id
from home.navigation import default_locale_id
from home.services import publicly_visible
from participation.forms import MainlandMobileField, PhotosField, PublicInputForm
from stations.models import Representative, StationPage, StationRepresentative

from .models import Category, Rating
from .services import chinese_representative, chinese_station

REPLY_PUBLIC_CHOICES = [("yes", _("公开")), ("no", _("不公开"))]


def public_stations():
    """Stations a message can go to: live, public, the Chinese pages (one per station)."""
    return publicly_visible(StationPage.objects.filter(locale_id=default_locale_id())).order_by(
        "path"
    )


def _labels_in_reader_language(pages) -> dict[int, str]:
    """Chinese station id → its title in the reader's language (its live translation's)."""
    locale_id = active_locale_id()
    if locale_id == default_locale_id():
        return {}
    translated = publicly_visible(
        StationPage.objects.filter(
            translation_key__in=[page.translation_key for page in pages], locale_id=locale_id
        )
    ).values_list("translation_key", "title")
    by_key = dict(translated)
    return {p.pk: by_key[p.translation_key] for p in pages if p.translation_key in by_key}


class MessageForm(PublicInputForm):
    """给代表留言. ``station`` / ``representative`` (Chinese versions) fix the addressee when
    the form is on a station's or a representative's page or opened by its 代表码."""

    rate_scope = "liaison"
    screened_fields = ("subject", "text", "contact_name")

    station = forms.ModelChoiceField(
        label=_("联络站"),
        queryset=StationPage.objects.none(),
        required=False,
        empty_label=_("请选择联络站"),
    )
    representative = forms.ModelChoiceField(
        label=_("代表（可不选）"),
        queryset=Representative.objects.none(),
        required=False,
        empty_label=_("不指定代表，由联络站安排"),
    )
    category = forms.ChoiceField(
        label=_("类别"), choices=Category.choices, widget=forms.RadioSelect
    )
    subject = forms.CharField(label=_("标题"), max_length=100)
    text = forms.CharField(
        label=_("内容"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("不超过 2000 字。请写清楚事情、地点和您的诉求。"),
    )
    photos = PhotosField(
        label=_("照片（可不传）"),
        help_text=_("最多 3 张，每张不超过 5 MB（JPEG、PNG、WebP）。照片不会公开。"),
    )
    contact_name = forms.CharField(
        label=_("姓名（可不填）"),
        max_length=50,
        required=False,
        help_text=_("不会在网站上公开。"),
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    contact_mobile = MainlandMobileField(
        label=_("手机号码"),
        help_text=_("仅供工作人员联系您，不会公开。"),
    )
    contact_email = forms.EmailField(
        label=_("电子邮箱（可不填）"),
        required=False,
        help_text=_("填写后，编号和查询码也会发送到此邮箱。"),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={"invalid": _("电子邮箱格式不正确，例如 name@example.cn。")},
    )
    reply_public = forms.TypedChoiceField(
        label=_("答复是否公开"),
        choices=REPLY_PUBLIC_CHOICES,
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        help_text=_("选择公开时，答复会在联络站页面公布，但不含您的姓名和联系方式。"),
        error_messages={"required": _("请选择答复是否公开。")},
    )

    field_order = ["station", "representative", "category", "subject", "text", "photos",
                   "contact_name", "contact_mobile", "contact_email", "reply_public"]  # fmt: skip

    def __init__(self, *args, station=None, representative=None, rep_choices=None,
                 station_choices=None, **kwargs):  # fmt: skip
        """``station`` / ``representative``: fixed addressee (any language's version; stored
        as the Chinese one). ``rep_choices`` / ``station_choices``: [(pk, label)] the page
        already has (no query to render them)."""
        super().__init__(*args, **kwargs)
        self.fixed_station = station
        self.fixed_representative = representative
        self.fields["station"].queryset = publicly_visible(StationPage.objects.all())
        self.fields["representative"].queryset = Representative.objects.all()
        if station is not None:
            self.fields["station"].widget = forms.HiddenInput()
            self.initial["station"] = station.pk
        elif station_choices is not None:
            self._set_choices("station", station_choices)
        else:
            stations = list(public_stations().only("pk", "title", "translation_key"))
            labels = _labels_in_reader_language(stations)
            self._set_choices("station", [(p.pk, labels.get(p.pk, p.title)) for p in stations])
        if representative is not None:
            self.fields["representative"].widget = forms.HiddenInput()
            self.initial["representative"] = representative.pk
        elif rep_choices is not None:
            self._set_choices("representative", rep_choices)
        else:
            reps = Representative.objects.filter(
                locale_id=default_locale_id(), station_roles__isnull=False
            ).distinct()
            self._set_choices("representative", [(r.pk, r.name) for r in reps.order_by("name")])

    def _set_choices(self, name, choices):
        field = self.fields[name]
        field.choices = [("", field.empty_label), *choices]

    def clean(self):
        cleaned = super().clean()
        # A fixed addressee (the page's or the 代表码's) wins over what the post says.
        station = chinese_station(self.fixed_station or cleaned.get("station"))
        representative = chinese_representative(
            self.fixed_representative or cleaned.get("representative")
        )
        cleaned["representative"] = representative
        roles = StationRepresentative.objects.filter(
            page__locale_id=default_locale_id(), representative=representative
        )
        if station is None and representative is not None:
            role = roles.filter(page__in=public_stations()).order_by("page__path").first()
            station = role.page.specific if role else None
        cleaned["station"] = station
        if station is None and "station" not in self.errors:
            self.add_error("station", ValidationError(_("请选择联络站或代表。"), code="required"))
        elif representative is not None and not roles.filter(page=station).exists():
            self.add_error(
                "representative",
                ValidationError(_("该代表不在所选联络站，请重新选择。"), code="mismatch"),
            )
        return cleaned


class LookupForm(forms.Form):
    case_number = forms.CharField(
        label=_("留言编号"),
        max_length=24,
        help_text=_("例如 SZ-2026-000123"),
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
    )
    code = forms.RegexField(
        label=_("查询码"),
        regex=r"^\s*\d{6}\s*$",
        help_text=_("提交留言后显示的 6 位数字"),
        error_messages={"invalid": _("查询码是 6 位数字。")},
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )

    def clean_code(self):
        return self.cleaned_data["code"].strip()


class RatingForm(forms.Form):
    token = forms.CharField(widget=forms.HiddenInput)
    rating = forms.ChoiceField(
        label=_("您对答复是否满意？"),
        choices=Rating.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("请选择一项评价。")},
    )
