"""Settings shared by every environment.

Everything that differs between machines is read from the environment (see `.env.example`).
This module holds no secrets and never turns DEBUG on.
"""

from pathlib import Path

import environ
from csp.constants import NONE, SELF, UNSAFE_INLINE
from django.utils.translation import gettext_lazy as _

from .from_env import database_from_env, search_backend_from_url

BASE_DIR = Path(__file__).resolve().parent.parent.parent
PROJECT_DIR = BASE_DIR / "cms"
VAR_DIR = BASE_DIR / "var"

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = False
SECRET_KEY = env("SECRET_KEY", default=None)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=[])

INSTALLED_APPS = [
    "home",
    "news",
    "stations",
    "search",
    "participation",
    "liaison",
    "consultations",
    "health",
    "wagtail_localize",
    "wagtail_localize.locales",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.table_block",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.frontend_cache",
    "wagtail.contrib.sitemaps",
    # 推荐结果 on the search page (search.promotions); its admin is Wagtail's, in Chinese.
    "wagtail.contrib.search_promotions",
    "wagtail.api.v2",
    "rest_framework",
    "corsheaders",
    "django.contrib.sitemaps",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # A page-cache hit is answered here, after the HTTPS redirect and static files but before
    # sessions, locale, CSRF and auth; the headers added below (CSP, X-Frame-Options) are stored
    # with the page, so a hit costs no policy building either.
    "home.page_cache.PageCacheMiddleware",
    "cms.middleware.ContentSecurityPolicyMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "home.two_factor.TwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "cms.urls"
WSGI_APPLICATION = "cms.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

# --- Database: DATABASE_URL (default a SQLite file under var/), DATABASE_REPLICA_URL, and the
# connection tuning of the other DATABASE_* variables (cms/settings/from_env.py).
# Prepared statements for the hand-written queries of every article view (home.services
# .prepared_cursor): PostgreSQL plans them once per connection instead of on every request.
# Turn off (false) behind a pooler that cannot keep them (PgBouncer in transaction mode before
# 1.21, or without max_prepared_statements).
DATABASE_PREPARED_STATEMENTS = env.bool("DATABASE_PREPARED_STATEMENTS", default=True)
DATABASES = database_from_env(
    env,
    default_url=f"sqlite:///{VAR_DIR / 'db.sqlite3'}",
    prepared_statements=DATABASE_PREPARED_STATEMENTS,
)
if "replica" in DATABASES:
    # Anonymous public page views read from the replica (the page cache middleware marks those
    # requests); editors, the admin and every write use "default".
    DATABASE_ROUTERS = ["cms.db_router.ReplicaRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache: CACHE_URL, default local memory (see the performance block below for its uses) ------
CACHES = {"default": env.cache_url("CACHE_URL", default="locmemcache://rendawang")}


# --- Search: SEARCH_URL, empty means Wagtail's database backend (cms/settings/from_env.py) -----
SEARCH_URL = env("SEARCH_URL", default="")
WAGTAILSEARCH_BACKENDS = {
    "default": search_backend_from_url(
        SEARCH_URL, index_prefix=env("SEARCH_INDEX_PREFIX", default="")
    )
}
if SEARCH_URL:
    # The database backend stays indexed too: search falls back to it while the engine is down
    # (search.engine.with_fallback).
    WAGTAILSEARCH_BACKENDS["database"] = search_backend_from_url("")

# A query reads at most this many matches, newest first ("more than …" past it): the cost of a
# query stays flat however large the archive (search/backends/database.py).
SEARCH_MAX_MATCHES = env.int("SEARCH_MAX_MATCHES", default=500)

# search.index.page_search_fields() swaps Page's title fields for segmented ones of the same name;
# Wagtail's check compares field classes and would flag every page type. The equivalent check by
# field name is tests/search/test_index_fields.py.
SILENCED_SYSTEM_CHECKS = ["wagtailsearch.W001"]

# --- Language and time --------------------------------------------------------------------------
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
# locale/wagtail: Chinese for Wagtail's admin strings its catalogs lack (makemessages leaves it).
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "locale" / "wagtail"]
FORMAT_MODULE_PATH = ["cms.formats"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
WAGTAILLOCALIZE_SYNC_LIVE_STATUS_ON_TRANSLATE = False
WAGTAILLOCALIZE_MACHINE_TRANSLATOR = None

# --- Static and media files ---------------------------------------------------------------------
STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
]
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = env.path("STATIC_ROOT", default=VAR_DIR / "static")
STATIC_URL = "/static/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=VAR_DIR / "media")
MEDIA_URL = env("MEDIA_URL", default="/media/")
STORAGES = {
    # Django's file system storage that removes a half-written file when a write fails.
    "default": {"BACKEND": "home.storage.MediaStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# --- Wagtail ------------------------------------------------------------------------------------
WAGTAIL_SITE_NAME = env("WAGTAIL_SITE_NAME", default="浙江人大")
WAGTAILADMIN_BASE_URL = env("WAGTAILADMIN_BASE_URL", default="http://127.0.0.1:8000")
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAILADMIN_USER_LOGIN_FORM = "home.login_form.LoginForm"  # its password field has a label
WAGTAIL_ENABLE_WHATS_NEW_BANNER = False  # it sends editors to Wagtail's English guide
WAGTAIL_GRAVATAR_PROVIDER_URL = None  # no requests to outside avatar services from the admin
WAGTAIL_DATE_FORMAT = "%Y-%m-%d"
WAGTAIL_DATETIME_FORMAT = "%Y-%m-%d %H:%M"

# --- Editorial workflow (roles and the 审核发布 workflow come from home/migrations) ---------------
WAGTAIL_WORKFLOW_ENABLED = True
WAGTAIL_WORKFLOW_REQUIRE_REAPPROVAL_ON_EDIT = True  # editing a page in review restarts review
WAGTAIL_WORKFLOW_CANCEL_ON_PUBLISH = True
# The approved workflow publishes; 签发 may not publish directly (home/publishing.py).
WAGTAIL_FINISH_WORKFLOW_ACTION = "home.workflows.publish_approved_workflow_state"
WAGTAILADMIN_COMMENTS_ENABLED = True
WAGTAILADMIN_NOTIFICATION_INCLUDE_SUPERUSERS = False  # notify the next step's group, not everyone
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="webmaster@localhost")
WAGTAILADMIN_NOTIFICATION_FROM_EMAIL = DEFAULT_FROM_EMAIL

# --- Read-only JSON API: anyone may read it from a browser (GET only) ---------------------------
CORS_URLS_REGEX = r"^/api/.*$"
CORS_ALLOW_ALL_ORIGINS = True
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]
CORS_ALLOW_CREDENTIALS = False
REST_FRAMEWORK = {"DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"]}

# load_demo runs these in order; each is a plain function ``load(*, stdout)``.
DEMO_LOADERS = [
    "home.demo.load",
    "news.demo.load_columns",
    "news.demo.load",
    "stations.demo.load",
    "liaison.demo.load",
    "consultations.demo.load",
    "home.demo.load_english",
    "liaison.staff.load_demo",
    "health.demo.load",
    # Last: the vocabulary of query correction is read from the pages loaded above.
    "search.vocabulary.load_demo",
]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="WARNING")},
}

# =================================================================================================
# Security and reliability (issue #12). Everything here reads the environment; production.py turns
# on the HTTPS-only parts. docs/deploy.md ("Security") explains each choice.
# =================================================================================================

# --- Admin address: ADMIN_URL_PATH moves the admin away from the guessable /admin/ -------------
ADMIN_URL_PATH = env("ADMIN_URL_PATH", default="admin/").strip("/") + "/"

# --- Passwords: long, not common, not all digits, not like the user name ------------------------
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": env.int("PASSWORD_MIN_LENGTH", default=12)},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# --- Login throttling (django-axes): lock a user name + address after repeated failures --------
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env.int("LOGIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = env.float("LOGIN_LOCKOUT_HOURS", default=1.0)  # then it unlocks by itself
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# The address is the client's, not the proxy's (home.client_address): behind nginx every request
# comes from 127.0.0.1, and a lockout of "editor from 127.0.0.1" would keep the editor out too.
# TRUSTED_PROXY_COUNT: how many proxies that append to X-Forwarded-For stand in front (nginx: 1);
# 0 ignores the header, which a client can write.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
AXES_CLIENT_IP_CALLABLE = "home.client_address.client_ip"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "wagtailadmin/account/lockout.html"

# --- Two-factor authentication (TOTP on django-otp; home/two_factor.py) ------------------------
# Optional by default: an admin user who sets up an authenticator app is asked for a code at every
# login. ADMIN_2FA_REQUIRED=true makes every admin user set one up before using the admin.
ADMIN_2FA_REQUIRED = env.bool("ADMIN_2FA_REQUIRED", default=False)
OTP_TOTP_ISSUER = env("ADMIN_2FA_ISSUER", default=WAGTAIL_SITE_NAME)

# --- Response headers. HTTPS, HSTS and secure cookies are switched on in production.py ---------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True

# --- Content Security Policy (django-csp 4). Public pages: scripts and styles from this site
# only, no inline scripts or styles. The admin (Wagtail's own pages use inline scripts and styles)
# gets ADMIN_CONTENT_SECURITY_POLICY instead, chosen by cms.middleware by path.
CSP_EXTRA_SOURCES = env.list("CSP_EXTRA_SOURCES", default=[])  # e.g. a media CDN origin
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:", *CSP_EXTRA_SOURCES],
        "media-src": [SELF, *CSP_EXTRA_SOURCES],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "frame-src": [NONE],
    },
}
ADMIN_CONTENT_SECURITY_POLICY = {
    "default-src": [SELF],
    "script-src": [SELF, UNSAFE_INLINE],
    "style-src": [SELF, UNSAFE_INLINE],
    "img-src": [SELF, "data:", "blob:", *CSP_EXTRA_SOURCES],
    "media-src": [SELF, "blob:", *CSP_EXTRA_SOURCES],
    "font-src": [SELF, "data:"],
    "connect-src": [SELF],
    "object-src": [NONE],
    "base-uri": [SELF],
    "form-action": [SELF],
    "frame-ancestors": [SELF],  # the page preview is a same-site frame
    "frame-src": [SELF],
}

# --- Uploads: type checked from the content (Wagtail for images, home/forms.py for documents) ---
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp"]  # no SVG: it can carry script
WAGTAILIMAGES_MAX_UPLOAD_SIZE = env.int("IMAGE_MAX_UPLOAD_MB", default=10) * 1024 * 1024
# A 15 KB PNG of 11,000 × 11,000 px took 12.5 s and 540 MB to open; 40 Mpx is above any camera's
# photo this site publishes. Broken files are refused and metadata is stripped (home/uploads.py).
WAGTAILIMAGES_MAX_IMAGE_PIXELS = env.int("IMAGE_MAX_PIXELS", default=40_000_000)
WAGTAILIMAGES_IMAGE_FORM_BASE = "home.uploads.ImageForm"
WAGTAILDOCS_EXTENSIONS = [
    *["csv", "docx", "doc", "odt", "pdf", "pptx", "rtf", "txt", "xlsx", "zip"],
    *["mp4", "webm"],  # the video block plays uploaded videos
]
WAGTAILDOCS_MAX_UPLOAD_SIZE = env.int("DOCUMENT_MAX_UPLOAD_MB", default=20) * 1024 * 1024
WAGTAILDOCS_DOCUMENT_FORM_BASE = "home.forms.DocumentForm"
WAGTAILDOCS_BLOCK_EMBEDDED_CONTENT = True  # documents are served with "default-src 'none'"
WAGTAILDOCS_INLINE_CONTENT_TYPES = ["application/pdf", "text/plain"]  # others download
# Documents are always served by Django's document view (collection restrictions, the headers
# above), never as plain files, also from S3. Behind nginx the view answers with X-Accel-Redirect
# to DOCUMENT_ACCEL_REDIRECT (an internal location, docs/deploy.md) and nginx sends the file;
# empty: Django streams it.
WAGTAILDOCS_SERVE_METHOD = "serve_view"
SENDFILE_BACKEND = "home.sendfile"
DOCUMENT_ACCEL_REDIRECT = env("DOCUMENT_ACCEL_REDIRECT", default="")
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024  # form fields; uploaded files have their own caps

# --- Cache outage: a Redis that does not answer is skipped, and pages are served uncached -------
if CACHES["default"]["BACKEND"] == "django_redis.cache.RedisCache":
    CACHES["default"].setdefault("OPTIONS", {})
    CACHES["default"]["OPTIONS"].setdefault("IGNORE_EXCEPTIONS", True)
    CACHES["default"]["OPTIONS"].setdefault("SOCKET_CONNECT_TIMEOUT", 0.5)
    CACHES["default"]["OPTIONS"].setdefault("SOCKET_TIMEOUT", 0.5)
DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True

# --- Backups: make backup / make restore (home/management/commands/backup.py) ------------------
BACKUP_ROOT = env.path("BACKUP_ROOT", default=VAR_DIR / "backups")

# Names used in the admin and error pages when no site settings are available.
SITE_FALLBACK_NAME = _("人大网")


# --- Performance (#11): full-page cache, shared site data, front-end cache purge ----------------
# Cached pages and site data carry the "site generation" in their keys (home/cache/); the
# generation itself must be shared by all worker processes: the CACHE_URL server when there is
# one, else a small file-based cache on this machine.
PAGE_CACHE_ENABLED = env.bool("PAGE_CACHE", default=True)
PAGE_CACHE_SECONDS = env.int("PAGE_CACHE_SECONDS", default=600)
# Fragments shared by many pages (menu, footer, the home page's lists), kept per generation like
# the pages; on even when the page cache is off. FRAGMENT_CACHE=false renders them every time.
FRAGMENT_CACHE_ENABLED = env.bool("FRAGMENT_CACHE", default=True)
PAGE_CACHE_ALIAS = "pages"
PAGE_CACHE_GENERATION_ALIAS = "generation"
# Cookies that change a page's HTML get one cached copy per value. None do: 关怀版 and the text
# size (cookies ``care``, ``text_size``) are applied by /preferences.css, and every reader gets
# the same page HTML.
PAGE_CACHE_COOKIES = env.list("PAGE_CACHE_COOKIES", default=[])
# Requests with any other query parameter are not cached (they render every time).
PAGE_CACHE_QUERY_PARAMS = ["page", "asof"]
PAGE_CACHE_EXCLUDED_PATHS = ["/admin/", "/search/", "/en/search/", "/api/", "/documents/", "/a/"]
# Functions ``f(*, now)`` returning the next moment a page appears or disappears on its own.
PAGE_CACHE_SCHEDULE = [
    "home.cache.generation.next_expiry",
    "news.services.next_scheduled_article",
    "consultations.services.next_status_change",
]
if env("CACHE_URL", default=""):
    CACHES[PAGE_CACHE_ALIAS] = {**CACHES["default"], "KEY_PREFIX": "pages"}
    CACHES[PAGE_CACHE_GENERATION_ALIAS] = {**CACHES["default"], "KEY_PREFIX": "generation"}
else:
    CACHES[PAGE_CACHE_ALIAS] = {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "rendawang-pages",
        "OPTIONS": {"MAX_ENTRIES": 5000},
    }
    CACHES[PAGE_CACHE_GENERATION_ALIAS] = {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": VAR_DIR / "cache" / "generation",
    }

# The legacy importer (manage.py import_legacy) refuses larger files and deeper-nested HTML; each
# is also a command option. A 64 MB page took 2 GB of memory, 200,000 nested <div>s over 300 s.
IMPORT_MAX_FILE_MB = env.float("IMPORT_MAX_FILE_MB", default=5)
IMPORT_MAX_DEPTH = env.int("IMPORT_MAX_DEPTH", default=200)

# nginx's page store in front (docs/deploy.md): on every change Django's page cache reacts to,
# home.cache.purge empties it with a DELETE to FRONTEND_CACHE_PURGE_URL (e.g. http://127.0.0.1:80).
# The URLs handed to the backends are computed by home/cache/ (the page, the pages that list
# it, the feeds; the site's home page for other content), for a CDN backend configured beside it,
# in one language each, so Wagtail's per-language URL rewriting is off.
FRONTEND_CACHE_PURGE_URL = env("FRONTEND_CACHE_PURGE_URL", default="")
WAGTAILFRONTENDCACHE = (
    {
        "nginx": {
            "BACKEND": "home.cache.purge.PageStoreBackend",
            "LOCATION": FRONTEND_CACHE_PURGE_URL,
        }
    }
    if FRONTEND_CACHE_PURGE_URL
    else {}
)
WAGTAILFRONTENDCACHE_LANGUAGES = []

# Media on S3-compatible storage (django-storages) when a bucket is named; local files otherwise.
if env("AWS_STORAGE_BUCKET_NAME", default=""):
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env("AWS_STORAGE_BUCKET_NAME"),
            "endpoint_url": env("AWS_S3_ENDPOINT_URL", default=None),
            "region_name": env("AWS_S3_REGION_NAME", default=None),
            "access_key": env("AWS_ACCESS_KEY_ID", default=None),
            "secret_key": env("AWS_SECRET_ACCESS_KEY", default=None),
            "custom_domain": env("AWS_S3_CUSTOM_DOMAIN", default=None),
            "querystring_auth": False,  # public media, cacheable by a CDN
            "file_overwrite": False,
            "default_acl": None,
        },
    }

# --- Public participation (#23 网上联络站, #24 征求意见; participation/) --------------------------
# The proof-of-work challenge on public forms; PARTICIPATION_CHALLENGE=off turns it off for tests
# and load runs (production.py refuses that). Its difficulty: the largest number a browser may
# have to try (about 0.3 s on average on a phone at 50,000), and how long a challenge stays good.
PARTICIPATION_CHALLENGE = env("PARTICIPATION_CHALLENGE", default="on").strip().lower() not in (
    "off", "false", "0", "no"
)  # fmt: skip
PARTICIPATION_CHALLENGE_MAX_NUMBER = env.int("PARTICIPATION_CHALLENGE_MAX_NUMBER", default=50_000)
PARTICIPATION_CHALLENGE_SECONDS = 20 * 60
# Submissions per client address (from the trusted proxy, home.client_address) and per mobile
# number, in fixed windows of seconds; "address_unverified": without a solved challenge.
PARTICIPATION_RATE_LIMITS = {
    "address": {"limit": env.int("PARTICIPATION_LIMIT_PER_ADDRESS", default=5), "window": 600},
    "address_unverified": {"limit": 1, "window": 600},
    "mobile": {"limit": env.int("PARTICIPATION_LIMIT_PER_MOBILE", default=3), "window": 3600},
    # Wrong 编号/查询码 pairs on the lookup page: per address, and per case number (against
    # guessing one case's 6-digit code from many addresses).
    "lookup_address": {"limit": 10, "window": 600},
    "lookup_case": {"limit": 5, "window": 3600},
}
# Contact details are erased this many months after a message or comment is closed.
PARTICIPATION_RETENTION_MONTHS = env.int("PARTICIPATION_RETENTION_MONTHS", default=12)
PARTICIPATION_PHOTO_MAX_MB = env.int("PARTICIPATION_PHOTO_MAX_MB", default=5)
# Photos sent by the public: outside MEDIA_ROOT, never served as files (participation/photos.py).
PRIVATE_MEDIA_ROOT = env.path("PRIVATE_MEDIA_ROOT", default=VAR_DIR / "private")
STORAGES["private"] = {
    "BACKEND": "django.core.files.storage.FileSystemStorage",
    "OPTIONS": {"location": PRIVATE_MEDIA_ROOT, "base_url": "/private-not-served/"},
}
# 网上联络站: case numbers read SZ-2026-000123.
LIAISON_CASE_PREFIX = env("LIAISON_CASE_PREFIX", default="SZ")

# 网上联络站 (liaison): days from a message's receipt to accept it (受理) and to answer it, and the
# ages at which an unanswered message is escalated to the site administrators (README).
LIAISON_ACCEPT_DAYS = env.int("LIAISON_ACCEPT_DAYS", default=3)
LIAISON_REPLY_DAYS = env.int("LIAISON_REPLY_DAYS", default=15)
LIAISON_ESCALATION_DAYS = env.list("LIAISON_ESCALATION_DAYS", cast=int, default=[30, 60])
