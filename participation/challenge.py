"""The proof-of-work challenge (ALTCHA, protocol v1), created and verified on this server.

The browser fetches a challenge (``participation:challenge``), finds the number whose SHA-256
with the salt gives it (``static/js/challenge.js``, about a second on a phone) and sends the
solution with the form. No third party is involved and there is no picture to read: a screen
reader user submits like anyone else. We use the ``altcha`` library rather than
``django-altcha``: the latter brings its own widget (an external web component, a newer protocol)
and form field, while we need our own accessible status text, a form that still submits without
JavaScript (then held for review) and replay protection in the shared cache.

A solution is good once: its signature is remembered with the cache's atomic ``add`` until the
challenge expires, so a replayed solution is refused even by another worker process.
"""

import base64
import datetime
import json

import altcha
from django.conf import settings
from django.core.cache import cache
from django.utils import timezone
from django.utils.crypto import salted_hmac

USED_PREFIX = "participation:altcha-used:"


def challenge_enabled() -> bool:
    """False only when ``PARTICIPATION_CHALLENGE=off`` (tests, load runs; production refuses it)."""
    return bool(settings.PARTICIPATION_CHALLENGE)


def _hmac_key() -> str:
    return salted_hmac("participation.challenge", "altcha", algorithm="sha256").hexdigest()


def new_challenge() -> dict:
    """A fresh challenge as the widget reads it (JSON)."""
    expires = timezone.now() + datetime.timedelta(seconds=settings.PARTICIPATION_CHALLENGE_SECONDS)
    challenge = altcha.create_challenge_v1(
        hmac_key=_hmac_key(),
        max_number=settings.PARTICIPATION_CHALLENGE_MAX_NUMBER,
        expires=expires,
    )
    return challenge.to_dict()


def verify(payload: str) -> bool:
    """True for a correct solution of a challenge this server signed, not expired and not seen
    before. Anything else (empty, malformed, forged, expired, replayed) is False."""
    if not payload or len(payload) > 2000:
        return False
    try:
        ok, _error = altcha.verify_solution_v1(payload, _hmac_key(), check_expires=True)
    except (ValueError, TypeError, KeyError, AttributeError):
        return False
    if not ok:
        return False
    try:
        signature = json.loads(base64.b64decode(payload))["signature"]
    except (ValueError, TypeError, KeyError):
        return False
    # A solution of a signed challenge is unique to it: remember it until the challenge expires.
    timeout = settings.PARTICIPATION_CHALLENGE_SECONDS + 60
    return cache.add(f"{USED_PREFIX}{signature}", 1, timeout)
