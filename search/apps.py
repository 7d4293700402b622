from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "search"
    verbose_name = _("站内搜索")

    def ready(self):
        from wagtail.contrib.search_promotions.forms import SearchPromotionsFormSet

        from . import signals

        signals.connect()
        # Wagtail's model field has no verbose_name, so the 推荐 form labelled it with the field's
        # name, in English on the Chinese admin ("External link text").
        # The formset's form is its own subclass of Wagtail's SearchPromotionForm, with its own
        # copy of the fields.
        SearchPromotionsFormSet.form.base_fields["external_link_text"].label = _("外部链接文字")
