"""Local development: the embedded default (SQLite, database search, local media, memory cache)."""

from .base import *  # noqa: F403
from .base import env

DEBUG = True
# Development only: a fixed key so that sessions survive restarts. Production never falls back.
SECRET_KEY = env("SECRET_KEY", default="dev-only-not-secret-3f1c9a7e5b2d4e6f8a0b1c2d3e4f5a6b")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
