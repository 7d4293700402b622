from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HomeConfig(AppConfig):
    name = "home"
    verbose_name = _("首页与站点")

    def ready(self):
        from . import admin_hooks, signals  # noqa: F401 — admin_hooks registers Wagtail hooks

        signals.connect()
