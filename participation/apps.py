from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ParticipationConfig(AppConfig):
    """Shared foundations of public input (网上联络站, 征求意见): challenge, rate limits, screening,
    contact details and their erasure. It knows nothing of the apps that use it."""

    name = "participation"
    verbose_name = _("公众参与")

    def ready(self):
        from . import signals

        signals.connect()
