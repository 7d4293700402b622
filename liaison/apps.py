from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LiaisonConfig(AppConfig):
    """网上联络站: the public leaves a word for a station's representatives and sees the reply."""

    name = "liaison"
    verbose_name = _("网上联络站")
