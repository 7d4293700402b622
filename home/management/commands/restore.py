"""make restore BACKUP=…: replace the database and the uploaded files with a backup's."""

import time

from django.core.management.base import BaseCommand, CommandError

from home.backups import BackupError, restore_backup


class Command(BaseCommand):
    help = "Restore the database and MEDIA_ROOT from a backup folder made by `manage.py backup`."

    def add_arguments(self, parser):
        parser.add_argument("backup", help="The backup folder, e.g. var/backups/20261128T…Z")
        parser.add_argument(
            "--yes", action="store_true", help="Do not ask before replacing the current data."
        )

    def handle(self, *args, backup, yes=False, **options):
        if not yes:
            answer = input(f"Replace the database and media files with {backup}? [y/N] ")
            if answer.strip().lower() not in ("y", "yes"):
                raise CommandError("Restore cancelled.")
        started = time.monotonic()
        try:
            manifest = restore_backup(source=backup)
        except BackupError as error:
            raise CommandError(str(error)) from error
        rows = ", ".join(f"{count} {name}" for name, count in manifest["rows"].items())
        self.stdout.write(f"Restored {backup} ({rows}) in {time.monotonic() - started:.1f} s.")
