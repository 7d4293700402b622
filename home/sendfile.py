"""How Wagtail's document view sends a file it has allowed (``SENDFILE_BACKEND``).

With ``DOCUMENT_ACCEL_REDIRECT`` set (behind nginx, docs/deploy.md) the view answers with an
empty response naming the file in ``X-Accel-Redirect``; nginx sends the file from an internal
location, which readers cannot request themselves. The view has already checked the collection's
restrictions and set Content-Type and Content-Disposition. Without it, Django streams the file.
"""

import os
from urllib.parse import quote

from django.conf import settings
from django.core.exceptions import SuspiciousFileOperation
from django.http import HttpResponse
from wagtail.utils import sendfile_streaming_backend


def sendfile(request, filename, **kwargs):
    prefix = settings.DOCUMENT_ACCEL_REDIRECT
    if not prefix:
        return sendfile_streaming_backend.sendfile(request, filename, **kwargs)
    root = os.path.realpath(settings.MEDIA_ROOT)
    path = os.path.realpath(filename)
    if os.path.commonpath([root, path]) != root:
        raise SuspiciousFileOperation(f"{filename} is outside MEDIA_ROOT")
    relative = os.path.relpath(path, root).replace(os.sep, "/")
    response = HttpResponse()
    response["X-Accel-Redirect"] = prefix.rstrip("/") + "/" + quote(relative)
    return response
