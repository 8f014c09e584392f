"""One environment-driven settings module.

Environment variables (all optional):
  VERBUND_DATA_DIR     where the SQLite file, the secret key, uploads and static files live (./var)
  DATABASE_URL         e.g. postgres://user@127.0.0.1:5432/verbund; SQLite in the data dir if unset
  VERBUND_DEBUG        1 to enable Django's debug mode
  VERBUND_ALLOWED_HOSTS comma-separated host names (localhost,127.0.0.1,[::1])
  VERBUND_SECRET_KEY   overrides the key generated into the data dir
  VERBUND_TASKS        "database" (default: a worker runs them) or "immediate" (run inline)
  VERBUND_MAP_TILE_URL Leaflet tile URL template; empty means no tiles (offline maps still work)
  VERBUND_EMAIL_BACKEND Django e-mail backend; default writes mails to the outbox folder
  VERBUND_HTTPS        1 behind TLS: secure cookies, HSTS, redirect to https
  VERBUND_REQUIRE_MFA  1 to require two-factor sign-in for office, reviewers and auditors
                       (default: on unless VERBUND_DEBUG=1; `verbund demo` turns it off)
  VERBUND_CACHE_URL    redis://… shared cache for several processes/machines (else per process)
  VERBUND_DB_POOL      MIN:MAX psycopg pool connections per process (PostgreSQL)
  VERBUND_PGBOUNCER    1 behind PgBouncer in transaction mode (no server-side cursors)
  VERBUND_MEDIA_DIR    uploaded files on a shared volume (default: the data dir's media/)
  VERBUND_S3_BUCKET    uploaded files in S3-compatible storage (django-storages; needs boto3),
                       with VERBUND_S3_ENDPOINT_URL and VERBUND_S3_REGION; see docs/deployment.md
"""

import datetime as dt
import os
import secrets
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

PACKAGE_DIR = Path(__file__).resolve().parent
DATA_DIR = Path(os.environ.get("VERBUND_DATA_DIR", Path.cwd() / "var")).resolve()
DATA_DIR.mkdir(parents=True, exist_ok=True)


def _env_flag(name: str, default: bool = False) -> bool:
    return os.environ.get(name, "1" if default else "0").lower() in {"1", "true", "yes", "on"}


def _secret_key() -> str:
    if key := os.environ.get("VERBUND_SECRET_KEY"):
        return key
    path = DATA_DIR / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = _secret_key()
DEBUG = _env_flag("VERBUND_DEBUG")
ALLOWED_HOSTS = os.environ.get("VERBUND_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]").split(",")
CSRF_TRUSTED_ORIGINS = [
    o for o in os.environ.get("VERBUND_CSRF_TRUSTED_ORIGINS", "").split(",") if o
]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rules.apps.AutodiscoverRulesConfig",
    "simple_history",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "axes",
    "django_tables2",
    "django_filters",
    "django_htmx",
    "django_tasks_db",
    "django_ratelimit",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "modelsearch",
    "verbund.core",
    "verbund.programmes",
    "verbund.companies",
    "verbund.clusters",
    "verbund.competitions",
    "verbund.networks",
    "verbund.contracts",
    "verbund.events",
    "verbund.reporting",
    "verbund.portal",
    "verbund.api",
    "verbund.audit",
]

MIDDLEWARE = [
    "verbund.core.middleware.BodySizeLimitMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "verbund.core.cache.PublicPageCacheMiddleware",  # anonymous hits skip the rest of the stack
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "verbund.core.middleware.BusyDatabaseMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "verbund.core.middleware.RequireMfaMiddleware",
    "axes.middleware.AxesMiddleware",
    "verbund.audit.middleware.DownloadLogMiddleware",  # downloads of signed-in users → access log
]

ROOT_URLCONF = "verbund.urls"
WSGI_APPLICATION = "verbund.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "verbund.core.context_processors.roles",
            ],
        },
    }
]

if os.environ.get("DATABASE_URL"):
    DATABASES = {"default": dj_database_url.parse(os.environ["DATABASE_URL"], conn_max_age=60)}
    if os.environ.get("VERBUND_DB_POOL"):
        # "MIN:MAX" connections per process through psycopg's pool (Django closes nothing itself
        # then, so CONN_MAX_AGE must be 0). Behind PgBouncer in transaction mode leave it unset.
        low, _sep, high = os.environ["VERBUND_DB_POOL"].partition(":")
        DATABASES["default"]["CONN_MAX_AGE"] = 0
        DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
            "min_size": int(low or 1),
            "max_size": int(high or low or 4),
        }
    if os.environ.get("VERBUND_PGBOUNCER"):
        DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = True
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": DATA_DIR / "verbund.sqlite3",
            "OPTIONS": {
                # WAL lets readers proceed while one writer writes; IMMEDIATE takes the write lock at
                # BEGIN so that concurrent writers wait (busy timeout) instead of failing mid-way.
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
            },
        }
    }
if DATABASES["default"]["ENGINE"].endswith("postgresql"):
    # PostgreSQL's full-text and trigram search (GIN indexes of the search index) need it.
    INSTALLED_APPS.append("django.contrib.postgres")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "core.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # first: refuses locked-out clients before anything else
    "rules.permissions.ObjectPermissionBackend",
    "allauth.account.auth_backends.AuthenticationBackend",  # username or e-mail
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "core:home"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

LANGUAGE_CODE = "de"
LANGUAGES = [("de", _("German")), ("en", _("English"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = "Europe/Berlin"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)  # WhiteNoise warns about a missing root
MEDIA_ROOT = Path(os.environ.get("VERBUND_MEDIA_DIR") or DATA_DIR / "media")  # a shared volume
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
if os.environ.get("VERBUND_S3_BUCKET"):
    # Uploaded files in S3-compatible storage through django-storages (needs boto3 installed;
    # credentials from the usual AWS_* variables). See docs/deployment.md.
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": os.environ["VERBUND_S3_BUCKET"],
            "endpoint_url": os.environ.get("VERBUND_S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("VERBUND_S3_REGION") or None,
            "default_acl": None,
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }
WHITENOISE_USE_FINDERS = True
MEDIA_URL = "media/"
# One documented upload limit (VERBUND_MAX_UPLOAD_MB, default 50): the request body, the in-memory
# upload buffer and every upload check (core.uploads) use it; the web server's body limit too.
VERBUND_MAX_UPLOAD_BYTES = int(float(os.environ.get("VERBUND_MAX_UPLOAD_MB", "50")) * 1024 * 1024)
VERBUND_MAX_IMPORT_ROWS = int(os.environ.get("VERBUND_MAX_IMPORT_ROWS", "500000"))
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440  # larger uploads stream to a temporary file
DATA_UPLOAD_MAX_MEMORY_SIZE = VERBUND_MAX_UPLOAD_BYTES
DATA_UPLOAD_MAX_NUMBER_FIELDS = 20_000

# Django's cache framework for every cache (keys are versioned by the data they depend on). A shared
# Redis cache (VERBUND_CACHE_URL=redis://127.0.0.1:6379/0) lets several processes share entries and
# rate-limit counts; without it each process has its own memory cache.
if os.environ.get("VERBUND_CACHE_URL"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.environ["VERBUND_CACHE_URL"],
            "KEY_PREFIX": "verbund",
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    SILENCED_SYSTEM_CHECKS = ["django_ratelimit.E003", "django_ratelimit.W001"]
RATELIMIT_VIEW = "verbund.core.ratelimit.rate_limited_view"
FILTERS_EMPTY_CHOICE_LABEL = _("– please choose –")  # django-filter's selects, as core.choices
VERBUND_CACHE_PUBLIC_PAGES = _env_flag("VERBUND_CACHE_PUBLIC_PAGES", default=True)  # core.cache
VERBUND_DATA_VERSION_SECONDS = 1.0  # how long a process trusts its last data-version read

TASKS = {
    "default": {
        "BACKEND": (
            "django.tasks.backends.immediate.ImmediateBackend"
            if os.environ.get("VERBUND_TASKS") == "immediate"
            else "django_tasks_db.DatabaseBackend"
        )
    }
}

# Mail: in production (VERBUND_HTTPS=1) through SMTP (VERBUND_EMAIL_HOST, default the local MTA on
# port 25); otherwise into files in the outbox folder (`verbund outbox` lists them), so that nothing
# leaves the machine until configured. VERBUND_EMAIL_BACKEND overrides both.
_EMAIL_BACKEND = os.environ.get("VERBUND_EMAIL_BACKEND") or (
    "django.core.mail.backends.smtp.EmailBackend"
    if _env_flag("VERBUND_HTTPS") or os.environ.get("VERBUND_EMAIL_HOST")
    else "django.core.mail.backends.filebased.EmailBackend"
)
if "filebased" in _EMAIL_BACKEND:
    _MAIL_OPTIONS = {"file_path": str(DATA_DIR / "outbox")}
elif "smtp" in _EMAIL_BACKEND:
    _MAIL_OPTIONS = {
        "host": os.environ.get("VERBUND_EMAIL_HOST", "localhost"),
        "port": int(os.environ.get("VERBUND_EMAIL_PORT", "25")),
        "username": os.environ.get("VERBUND_EMAIL_USER", ""),
        "password": os.environ.get("VERBUND_EMAIL_PASSWORD", ""),
        "use_tls": _env_flag("VERBUND_EMAIL_TLS"),
    }
else:
    _MAIL_OPTIONS = {}
MAILERS = {"default": {"BACKEND": _EMAIL_BACKEND, "OPTIONS": _MAIL_OPTIONS}}
DEFAULT_FROM_EMAIL = os.environ.get("VERBUND_FROM_EMAIL", "verbund@localhost")

DJANGO_TABLES2_TEMPLATE = "core/tables2.html"
MAP_TILE_URL = os.environ.get("VERBUND_MAP_TILE_URL", "")
MAP_TILE_ATTRIBUTION = os.environ.get("VERBUND_MAP_TILE_ATTRIBUTION", "")

SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("VERBUND_LOG_LEVEL", "WARNING")},
}

# Accounts (django-allauth): sign-in by username or e-mail, sign-up with e-mail verification,
# password reset, two-factor sign-in (TOTP and recovery codes).
ACCOUNT_LOGIN_METHODS = {"username", "email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "username*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_SIGNUP_FORM_CLASS = "verbund.core.accounts.SignupDetailsForm"
ACCOUNT_ADAPTER = "verbund.core.accounts.AccountAdapter"
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[verbund] "
# Wrong passwords are counted by django-axes (below); allauth's own limits stay for sign-up and mails.
ACCOUNT_RATE_LIMITS = {"login_failed": False, "signup": "20/m/ip"}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "verbund"
VERBUND_REQUIRE_MFA = _env_flag("VERBUND_REQUIRE_MFA", default=not DEBUG)
VERBUND_MFA_ROLES = ("office", "reviewer", "auditor")

# Lockout after wrong passwords (django-axes): 10 failures for one user from one address lock that
# pair for 15 minutes.
AXES_FAILURE_LIMIT = 10
AXES_COOLOFF_TIME = dt.timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_CALLABLE = "verbund.core.accounts.axes_username"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "core/locked_out.html"
AXES_VERBOSE = False

# Hardening: a strict Content-Security-Policy (no inline scripts or styles anywhere), no framing,
# no sniffing, same-origin referrers; behind TLS (VERBUND_HTTPS=1) secure cookies and HSTS.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:", "blob:", *(["https:"] if MAP_TILE_URL else [])],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
if _env_flag("VERBUND_HTTPS"):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = 31_536_000
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

# --- REST API (api app) ---
REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "verbund API",
    "DESCRIPTION": "Public data of the programme, its projects and networks; writes for carriers.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
}

# --- full-text search (portal app, modelsearch) ---
MODELSEARCH_BACKENDS = {"default": {"BACKEND": "modelsearch.backends.database"}}
