"""Strip camera metadata (EXIF, GPS, XMP, IPTC) from every image already kept, and remake its
renditions. Uploads through the admin are stripped as they arrive (home/uploads.py); run this
once after upgrading, and after adding images by other means."""

from django.core.management.base import BaseCommand
from wagtail.images import get_image_model

from home.uploads import strip_stored_image


class Command(BaseCommand):
    help = "Strip camera metadata from every stored original image and remake its renditions."

    def handle(self, *args, **options):
        images = get_image_model().objects.order_by("pk")
        stripped = sum(strip_stored_image(image) for image in images.iterator())
        self.stdout.write(f"Stripped {stripped} of {images.count()} image(s).")
