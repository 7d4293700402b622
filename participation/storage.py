"""Private storage for what the public sends (photos): outside MEDIA_ROOT, never a public URL.
Imported by models, so it imports nothing that needs the app registry."""

import os

from django.core.files.storage import storages
from django.utils import timezone


def private_storage():
    """``STORAGES["private"]`` (settings: ``PRIVATE_MEDIA_ROOT``)."""
    return storages["private"]


def photo_path(instance, filename: str) -> str:
    """By model, year and month; the file name is random (participation.photos)."""
    now = timezone.now()
    return os.path.join(instance._meta.model_name, f"{now:%Y/%m}", os.path.basename(filename))
