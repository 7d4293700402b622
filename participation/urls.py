from django.urls import path

from . import views

app_name = "participation"

urlpatterns = [
    path("privacy/", views.privacy, name="privacy"),
    path("participation/challenge/", views.challenge_view, name="challenge"),
]
