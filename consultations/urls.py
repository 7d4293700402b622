from django.urls import path

from home import converters  # noqa: F401  (registers <id:…>)

from . import views
from .feeds import ConsultationFeed

app_name = "consultations"

urlpatterns = [
    path("<id:page_id>/comment/", views.CommentView.as_view(), name="comment"),
    path("<id:page_id>/feedback/", views.feedback, name="feedback"),
    path("feed/", ConsultationFeed(), name="feed"),
]
