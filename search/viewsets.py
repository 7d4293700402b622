"""设置 › 同义词: the synonym sets editors keep (``search.models.Synonym``).

The add view takes ``?terms=<query>`` to start a set from a query (the search-statistics report
links to it for a query that found nothing): the query's words, one per line.
"""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import BooleanColumn, Column, TitleColumn
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet

from .models import Synonym, split_synonym_words

MAX_PREFILL = 200  # characters of ?terms= taken (a query is at most 100)


class SynonymCreateView(generic.CreateView):
    def get_initial(self):
        initial = super().get_initial()
        text = self.request.GET.get("terms", "")[:MAX_PREFILL]
        words = [piece for word in split_synonym_words(text) for piece in word.split()]
        if words:
            initial["terms"] = "\n".join(dict.fromkeys(words))
        return initial


class SynonymViewSet(ModelViewSet):
    model = Synonym
    name = "search_synonyms"
    url_prefix = "search/synonyms"
    icon = "search"
    menu_label = _("同义词")
    menu_order = 450
    add_to_settings_menu = True
    add_view_class = SynonymCreateView
    form_fields = ["kind", "terms", "note", "active"]
    list_display = [
        TitleColumn("words", label=_("同义词"), accessor=str, url_name="search_synonyms:edit"),
        Column("kind", label=_("类型"), accessor="get_kind_display"),
        Column("note", label=_("说明")),
        BooleanColumn("active", label=_("启用")),
    ]
    list_filter = ["kind", "active"]
    search_fields = ["terms", "note"]
    search_backend_name = None  # the ORM: a handful of short rows
    copy_view_enabled = False
