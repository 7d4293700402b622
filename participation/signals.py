"""Wiring only: a changed term list retires the screening cache; a changed privacy notice
retires the cached pages that show it."""

from django.db.models.signals import post_delete, post_save

from home import caching

from . import screening
from .models import PrivacySettings, SensitiveTerm


def _terms_changed(sender, **kwargs):
    screening.forget_terms()


def _notice_changed(sender, **kwargs):
    caching.bump_generation()


def connect():
    post_save.connect(_terms_changed, sender=SensitiveTerm, dispatch_uid="participation_terms_s")
    post_delete.connect(_terms_changed, sender=SensitiveTerm, dispatch_uid="participation_terms_d")
    post_save.connect(_notice_changed, sender=PrivacySettings, dispatch_uid="participation_notice")
