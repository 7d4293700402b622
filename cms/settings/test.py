"""Test settings: build on base only. DATABASE_URL picks SQLite (default) or PostgreSQL."""

from .base import *  # noqa: F403

SECRET_KEY = "test-only-not-secret"
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CACHES = {
    alias: {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": alias}
    for alias in ("default", "pages", "generation")
}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
WAGTAILADMIN_BASE_URL = "http://testserver"

# modelsearch's own backend contract tests (tests/search/test_backend_contract.py) need its test
# models (the package ships them) and their fixture (not in the package: a copy from its
# repository, BSD licence, in tests/search/fixtures/). Their tables are created from the models:
# the package's migrations depend on the app label "modelsearch", which Wagtail installs as
# "wagtailsearch".
INSTALLED_APPS = [*INSTALLED_APPS, "modelsearch.test.testapp"]  # noqa: F405
MIGRATION_MODULES = {"searchtests": None}
FIXTURE_DIRS = [BASE_DIR / "tests" / "search" / "fixtures"]  # noqa: F405
