"""Townhall settings: read once from environment variables; unset means the embedded default."""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Any

import environ
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent
env = environ.Env()

VAR_DIR = Path(env.str("TOWNHALL_VAR_DIR", default=str(Path.cwd() / "var")))
TOWNHALL_ENV = env.str("TOWNHALL_ENV", default="development")
PRODUCTION = TOWNHALL_ENV == "production"
TESTING = env.bool("TOWNHALL_TESTING", default=False)


def _require_in_production(names: list[str]) -> None:
    """Stop the start with one clear message naming every missing required setting."""
    missing = [name for name in names if not os.environ.get(name)]
    if missing:
        raise ImproperlyConfigured(
            "TOWNHALL_ENV=production needs these environment variables: "
            + ", ".join(missing)
            + ". See docs/deployment.md."
        )


def _generated_secret_key() -> str:
    """A secret key generated on first run and kept under ./var/, never a constant in code."""
    key_file = VAR_DIR / "secret_key"
    if key_file.exists():
        return key_file.read_text().strip()
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(64)
    key_file.write_text(key)
    key_file.chmod(0o600)
    return key


if PRODUCTION:
    _require_in_production(["SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "EMAIL_URL"])

SECRET_KEY = env.str("SECRET_KEY", default="") or _generated_secret_key()
DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
# Links in emails and feeds; on a laptop, the port `make run` serves on.
SITE_URL = env.str(
    "TOWNHALL_SITE_URL", default=f"http://127.0.0.1:{os.environ.get('PORT', '8000')}"
)

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "django_htmx",
    "ninja",
    "csp",
    "django_tasks",
    "django_tasks_db",
    "townhall.people",
    "townhall.groups",
    "townhall.conversations",
    "townhall.feeds",
    "townhall.governance",
    "townhall.notifications",
    "townhall.search",
    "townhall.live",
    "townhall.uploads",
    "townhall.leadership",
    "townhall.inbox",
    "townhall.openhours",
    "townhall.checkins",
    "townhall.problems",
    "townhall.web",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "townhall.people.middleware.PersonLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "csp.middleware.CSPMiddleware",
    "townhall.people.middleware.LoginRequiredMiddleware",
]

ROOT_URLCONF = "townhall.urls"
ASGI_APPLICATION = "townhall.asgi.application"
WSGI_APPLICATION = "townhall.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
                "townhall.web.context_processors.townhall",
                "townhall.inbox.context_processors.inbox",
            ],
        },
    }
]

# --- Database: SQLite in WAL mode under ./var/ unless DATABASE_URL says otherwise.
if env.str("DATABASE_URL", default=""):
    DATABASES = {"default": env.db_url("DATABASE_URL")}
    DATABASES["default"].setdefault("CONN_MAX_AGE", 60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
else:
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": VAR_DIR / "townhall.sqlite3",
            "OPTIONS": {
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": (
                    "PRAGMA journal_mode=WAL;PRAGMA synchronous=NORMAL;"
                    "PRAGMA foreign_keys=ON;PRAGMA busy_timeout=20000;"
                ),
            },
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
IS_POSTGRES = DATABASES["default"]["ENGINE"].endswith("postgresql")
if IS_POSTGRES:
    # JIT compiles any plan the estimator thinks is big; on full-text search at 10 M posts that
    # cost 180 ms of compiling for a 7 ms query. Short OLTP queries never win from it.
    _pg_options = DATABASES["default"].setdefault("OPTIONS", {})
    _pg_options["options"] = (_pg_options.get("options", "") + " -c jit=off").strip()

# --- Redis: cache, rate limits and task queue when REDIS_URL is set; in-process otherwise.
REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    CACHES: dict[str, Any] = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

TASK_BACKEND = env.str("TOWNHALL_TASKS", default="rq" if REDIS_URL else "database")
if TASK_BACKEND == "rq":
    RQ_QUEUES = {"default": {"URL": REDIS_URL, "DEFAULT_TIMEOUT": 600}}
    TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
    INSTALLED_APPS.append("django_rq")
elif TASK_BACKEND == "immediate":
    TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
else:
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}

# --- Accounts
AUTH_USER_MODEL = "people.Person"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
if TESTING:
    # Argon2 is deliberately slow; tests create thousands of accounts.
    PASSWORD_HASHERS.insert(0, "django.contrib.auth.hashers.MD5PasswordHasher")
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_URL_PATH = "/accounts/login/"
LOGIN_REDIRECT_URL = "home"
ACCOUNT_LOGOUT_REDIRECT_URL = "account_login"
ACCOUNT_ADAPTER = "townhall.people.adapters.AccountAdapter"
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_LOGOUT_ON_GET = False
ACCOUNT_SESSION_REMEMBER = None
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Townhall] "
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    "login_failed": "5/5m/ip,5/5m/key",
    "reset_password": "20/m/ip,5/m/key",
    "reset_password_from_key": "20/m/ip",
    "confirm_email": "1/3m/key",
    "signup": "20/m/ip",
}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Townhall"
INVITATION_DAYS_VALID = env.int("TOWNHALL_INVITATION_DAYS", default=14)
# Hour of the day (TIME_ZONE) when daily digests go out; weekly ones on Mondays at that hour.
TOWNHALL_DIGEST_HOUR = env.int("TOWNHALL_DIGEST_HOUR", default=7)
TOKEN_RATE_LIMIT = env.str("TOWNHALL_TOKEN_RATE_LIMIT", default="10/m")

# --- Security
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = False  # htmx reads the token from the meta tag; keep cookie standard
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_SECURE = env.bool("TOWNHALL_SECURE_COOKIES", default=PRODUCTION)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
if PRODUCTION:
    SECURE_SSL_REDIRECT = env.bool("TOWNHALL_SSL_REDIRECT", default=True)
    SECURE_HSTS_SECONDS = env.int("TOWNHALL_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "media-src": [SELF, "blob:"],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

# --- Languages
LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", _("English")),
    ("nl", _("Dutch")),
    ("sv", _("Swedish")),
    ("nb", _("Norwegian Bokmål")),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = env.str("TIME_ZONE", default="Europe/Amsterdam")

# --- Files
STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = not PRODUCTION
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(VAR_DIR / "media")))
MEDIA_URL = "/media/"
UPLOAD_MAX_IMAGE_BYTES = env.int("TOWNHALL_MAX_IMAGE_BYTES", default=8 * 1024 * 1024)
# Post attachments: PDFs and office files, and video posts' videos (images use the cap above).
UPLOAD_MAX_FILE_BYTES = env.int("TOWNHALL_UPLOAD_MAX_FILE_BYTES", default=25 * 1024 * 1024)
UPLOAD_MAX_VIDEO_BYTES = env.int("TOWNHALL_UPLOAD_MAX_VIDEO_BYTES", default=200 * 1024 * 1024)
UPLOAD_MAX_ATTACHMENTS = env.int("TOWNHALL_UPLOAD_MAX_ATTACHMENTS", default=10)
DATA_UPLOAD_MAX_MEMORY_SIZE = 20 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
ORG_IMPORT_MAX_BYTES = env.int("TOWNHALL_ORG_IMPORT_MAX_BYTES", default=50 * 1024 * 1024)

# --- Email: EMAIL_URL (smtp://user:pass@host:port, console:, ...); console when unset.
if env.str("EMAIL_URL", default=""):
    vars().update(env.email_url("EMAIL_URL"))
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Townhall <townhall@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

NINJA_PAGINATION_PER_PAGE = 25

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="WARNING")},
    "loggers": {"townhall": {"level": env.str("LOG_LEVEL", default="INFO")}},
}

# --- Demo organisation (never loaded in production); its accounts share one known password.
TOWNHALL_DEMO_PASSWORD = env.str("TOWNHALL_DEMO_PASSWORD", default="townhall-demo")  # noqa: S105
TOWNHALL_SHOW_DEMO_ACCOUNTS = env.bool("TOWNHALL_SHOW_DEMO_ACCOUNTS", default=not PRODUCTION)


# --- Rate limits per person: "count/seconds" (fixed window), configurable per action.
def _rate(name: str, default: str) -> tuple[int, int]:
    count, seconds = env.str(f"TOWNHALL_RATE_{name.upper()}", default=default).split("/")
    return int(count), int(seconds)


TOWNHALL_RATE_LIMITS = {
    "post": _rate("post", "30/3600"),
    "comment": _rate("comment", "120/3600"),
    "reaction": _rate("reaction", "600/3600"),
    "mention": _rate("mention", "200/3600"),
}
