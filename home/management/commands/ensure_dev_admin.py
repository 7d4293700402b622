import os

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

DEFAULT_USERNAME = "admin"
DEFAULT_PASSWORD = "renda-demo-2026"


class Command(BaseCommand):
    help = "Development only: make sure a superuser exists and print its credentials."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("ensure_dev_admin only runs with DEBUG on (development settings).")
        username = os.environ.get("DEV_ADMIN_USERNAME", DEFAULT_USERNAME)
        password = os.environ.get("DEV_ADMIN_PASSWORD", DEFAULT_PASSWORD)
        user_model = get_user_model()
        user, created = user_model.objects.get_or_create(
            username=username,
            defaults={"is_staff": True, "is_superuser": True, "email": "admin@example.com"},
        )
        if created:
            user.set_password(password)
            user.save()
            self.stdout.write(self.style.SUCCESS(f"Created the admin user {username}."))
            self.stdout.write(f"Admin user {username}, password {password}")
        else:
            self.stdout.write(
                f"Admin user {username} already exists (password unchanged; "
                f"the default is {DEFAULT_PASSWORD})"
            )
