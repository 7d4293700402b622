from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils.module_loading import import_string


class Command(BaseCommand):
    help = "Load the demo site (home, columns, settings, articles, stations). Safe to run again."

    def handle(self, *args, **options):
        for dotted_path in settings.DEMO_LOADERS:
            self.stdout.write(f"{dotted_path}:")
            import_string(dotted_path)(stdout=self.stdout)
        self.stdout.write(self.style.SUCCESS("Demo content is loaded."))
