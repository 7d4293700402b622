"""The 网上联络站 menu item and its URLs: the list, a message's page, its photos and the export.
No generic add/edit/delete/copy views: a message changes only through its lifecycle."""

from django.contrib.auth.models import Permission
from django.urls import path
from django.utils.translation import gettext_lazy as _
from wagtail.admin.viewsets.model import ModelViewSet

from home import converters  # noqa: F401  (registers <id:…>)

from . import admin_views, exports
from .models import Message

STAFF_PERMISSIONS = ["handle_message", "view_contact", "review_reply"]


class MessageViewSet(ModelViewSet):
    model = Message
    name = "liaison_message"
    url_prefix = "liaison"
    icon = "mail"
    menu_label = _("网上联络站")
    menu_order = 250
    add_to_admin_menu = True
    index_view_class = admin_views.MessageIndexView
    search_fields = ["case_number"]
    search_backend_name = None  # the ORM: contact details must never reach a search index
    copy_view_enabled = False
    add_to_reference_index = False

    def get_permissions_to_register(self):
        # The group editor offers the three staff permissions, not add/change/delete.
        return Permission.objects.filter(
            content_type__app_label="liaison", codename__in=STAFF_PERMISSIONS
        )

    def get_urlpatterns(self):
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            path("export/", exports.export_view, name="export"),
            path("<id:pk>/", admin_views.MessageDetailView.as_view(), name="inspect"),
            path("<id:pk>/photos/<id:photo_pk>/", admin_views.photo_view, name="photo"),
        ]
