from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from home import converters  # noqa: F401  (registers <id:…>)

from . import admin_views
from .admin_import import ImportTextView


@hooks.register("register_admin_urls")
def register_consultation_admin_urls():
    return [
        path(
            "consultations/import/<id:page_id>/",
            ImportTextView.as_view(),
            name="consultations_import_text",
        ),
        path("consultations/", admin_views.index, name="consultations_admin_index"),
        path(
            "consultations/<id:draft_id>/",
            admin_views.draft_comments,
            name="consultations_admin_draft",
        ),
        path(
            "consultations/<id:draft_id>/export/",
            admin_views.export,
            name="consultations_admin_export",
        ),
        path(
            "consultations/comment/<id:comment_id>/moderate/",
            admin_views.moderate,
            name="consultations_admin_moderate",
        ),
        path(
            "consultations/comment/<id:comment_id>/contact/",
            admin_views.contact,
            name="consultations_admin_contact",
        ),
    ]


class CommentsMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(admin_views.MODERATE)


@hooks.register("register_admin_menu_item")
def register_comments_menu_item():
    return CommentsMenuItem(
        _("法规草案意见"), reverse("consultations_admin_index"), icon_name="comment", order=350
    )
