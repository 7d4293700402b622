"""make backup: dump the database and the uploaded files into BACKUP_ROOT/<timestamp>/."""

import time

from django.core.management.base import BaseCommand, CommandError

from home.backups import BackupError, create_backup


class Command(BaseCommand):
    help = "Back up the database and MEDIA_ROOT into a new folder under BACKUP_ROOT."

    def add_arguments(self, parser):
        parser.add_argument("--root", help="Folder to create the backup in (default BACKUP_ROOT).")

    def handle(self, *args, root=None, **options):
        started = time.monotonic()
        try:
            folder = create_backup(root=root)
        except BackupError as error:
            raise CommandError(str(error)) from error
        size = sum(path.stat().st_size for path in folder.iterdir())
        self.stdout.write(
            f"Backup written to {folder} ({size / 1e6:.1f} MB, {time.monotonic() - started:.1f} s)."
        )
