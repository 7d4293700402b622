"""The media storage: Django's file system storage that leaves nothing half-written.

Django's ``FileSystemStorage`` creates the file, then writes it chunk by chunk; when a write fails
(the disk is full) the partial file stays, under the name a document or image would have had.
This one removes it before passing the error on (``home.uploads`` turns it into a form error).
"""

import os

from django.core.files.storage import FileSystemStorage


class MediaStorage(FileSystemStorage):
    def _save(self, name, content):
        path = self.path(name)
        existed = os.path.lexists(path)
        try:
            return super()._save(name, content)
        except OSError:
            if not existed:
                try:
                    os.remove(path)
                except FileNotFoundError:
                    pass
            raise
