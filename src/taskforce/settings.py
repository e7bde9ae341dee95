"""Django settings for Taskforce.

One module for every environment, switched by `TASKFORCE_ENV` (development, test, production).
Production takes every secret from the environment or a `*_FILE`; development keeps its generated
secrets under `var/` so a laptop needs no configuration at all.
"""

from __future__ import annotations

import secrets
from pathlib import Path

import dj_database_url
from cryptography.fernet import Fernet
from django.core.exceptions import ImproperlyConfigured

from taskforce.env import env, env_bool, env_int, env_list, env_required

PACKAGE_DIR = Path(__file__).resolve().parent
BASE_DIR = Path(env("TASKFORCE_HOME") or PACKAGE_DIR.parent.parent)
VAR_DIR = Path(env("TASKFORCE_VAR_DIR") or BASE_DIR / "var")

ENVIRONMENT = env("TASKFORCE_ENV", "development") or "development"
if ENVIRONMENT not in {"development", "test", "production"}:
    raise ImproperlyConfigured("TASKFORCE_ENV must be development, test or production.")
PRODUCTION = ENVIRONMENT == "production"
TESTING = ENVIRONMENT == "test"


def _local_secret(filename: str, make: object) -> str:
    """A secret generated once per checkout and kept under var/ (never used in production)."""
    path = VAR_DIR / filename
    if path.exists():
        return path.read_text(encoding="utf-8").strip()
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    value = make() if callable(make) else str(make)
    path.write_text(value, encoding="utf-8")
    path.chmod(0o600)
    return value


if PRODUCTION:
    SECRET_KEY = env_required("TASKFORCE_SECRET_KEY")
    FIELD_ENCRYPTION_KEYS = env_list("TASKFORCE_FIELD_KEYS")
    if not FIELD_ENCRYPTION_KEYS:
        raise ImproperlyConfigured("Set TASKFORCE_FIELD_KEYS (or TASKFORCE_FIELD_KEYS_FILE).")
elif TESTING:
    SECRET_KEY = "test-only-secret-key-" + "x" * 40
    # A fixed key keeps encrypted fixtures stable; it guards nothing real.
    FIELD_ENCRYPTION_KEYS = ["q2Xn0b7wL0a7d0f3cPZ8bQm0tS1y3vJm2zQk6nR4YhE="]
else:
    SECRET_KEY = env("TASKFORCE_SECRET_KEY") or _local_secret(
        "secret-key", lambda: secrets.token_urlsafe(50)
    )
    FIELD_ENCRYPTION_KEYS = env_list("TASKFORCE_FIELD_KEYS") or [
        _local_secret("field-key", lambda: Fernet.generate_key().decode())
    ]

DEBUG = env_bool("TASKFORCE_DEBUG", default=ENVIRONMENT == "development")
ALLOWED_HOSTS = env_list(
    "TASKFORCE_ALLOWED_HOSTS", [] if PRODUCTION else ["127.0.0.1", "localhost", "testserver"]
)
CSRF_TRUSTED_ORIGINS = env_list("TASKFORCE_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "django_tasks",
    "django_tasks_db",
    "ninja",
    "taskforce.core",
    "taskforce.accounts",
    "taskforce.directory",
    "taskforce.governance",
    "taskforce.meetings",
    "taskforce.plans",
    "taskforce.agreements",
    "taskforce.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "taskforce.accounts.middleware.SessionLifetimeMiddleware",
    "taskforce.accounts.middleware.TwoFactorEnrolmentMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "taskforce.core.middleware.EncryptionKeysMiddleware",
]

ROOT_URLCONF = "taskforce.urls"
WSGI_APPLICATION = "taskforce.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
                "taskforce.core.context_processors.navigation",
            ],
        },
    },
]

# Database: SQLite under var/ by default; PostgreSQL (or any URL) through DATABASE_URL.
DATABASE_URL = env("DATABASE_URL")
if DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": env("TASKFORCE_SQLITE_PATH") or str(VAR_DIR / "taskforce.sqlite3"),
            "OPTIONS": {
                # IMMEDIATE takes the write lock when a transaction starts, so concurrent writers
                # queue on the busy timeout instead of failing mid-transaction.
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": (
                    "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
                ),
            },
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
if TESTING:
    # Argon2 at full cost makes the suite slow; tests of hashing use Argon2 explicitly.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher", *PASSWORD_HASHERS]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "dashboard"
LOGOUT_REDIRECT_URL = "accounts:login"

# Sign-in protection.
LOGIN_FAILURE_LIMIT = env_int("TASKFORCE_LOGIN_FAILURE_LIMIT", 5)
LOGIN_LOCKOUT_MINUTES = env_int("TASKFORCE_LOGIN_LOCKOUT_MINUTES", 15)
INVITATION_VALID_DAYS = env_int("TASKFORCE_INVITATION_VALID_DAYS", 7)
PASSWORD_RESET_TIMEOUT = 60 * 60 * 2

# Sessions: stored in the database (stateless app servers), idle expiry plus an absolute cap.
SESSION_ENGINE = "django.contrib.sessions.backends.db"
SESSION_COOKIE_AGE = env_int("TASKFORCE_SESSION_IDLE_MINUTES", 30) * 60
# Active sessions are extended by accounts.middleware.SessionLifetimeMiddleware, not every request.
SESSION_SAVE_EVERY_REQUEST = False
SESSION_ABSOLUTE_LIMIT_SECONDS = env_int("TASKFORCE_SESSION_MAX_HOURS", 12) * 3600
# At most one password-reset e-mail per account in this time, however often it is asked for.
PASSWORD_RESET_EMAIL_INTERVAL_SECONDS = env_int("TASKFORCE_PASSWORD_RESET_INTERVAL_MINUTES", 5) * 60
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = False  # htmx reads the token from the page, not the cookie

LANGUAGE_CODE = "en-us"
TIME_ZONE = env("TASKFORCE_TIME_ZONE", "America/Los_Angeles") or "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
if not PRODUCTION:
    # Outside production WhiteNoise serves straight from the apps' static folders.
    WHITENOISE_USE_FINDERS = True
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)
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
MEDIA_ROOT = VAR_DIR / "media"

# E-mail: SMTP once a mail host is configured, printed to the console until then.
_EMAIL_HOST = env("TASKFORCE_EMAIL_HOST", "") or ""
EMAIL_BACKEND = env(
    "TASKFORCE_EMAIL_BACKEND",
    "django.core.mail.backends.locmem.EmailBackend"
    if TESTING
    else "django.core.mail.backends.smtp.EmailBackend"
    if _EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_HOST = _EMAIL_HOST or "localhost"
EMAIL_PORT = env_int("TASKFORCE_EMAIL_PORT", 587)
EMAIL_HOST_USER = env("TASKFORCE_EMAIL_USER", "") or ""
EMAIL_HOST_PASSWORD = env("TASKFORCE_EMAIL_PASSWORD", "") or ""
EMAIL_USE_TLS = env_bool("TASKFORCE_EMAIL_USE_TLS", True)
DEFAULT_FROM_EMAIL = env("TASKFORCE_FROM_EMAIL", "taskforce@localhost") or "taskforce@localhost"
SITE_URL = (env("TASKFORCE_SITE_URL", "http://127.0.0.1:8000") or "").rstrip("/")

# Background work: immediate in development and tests; the database queue and `taskforce worker`
# in production.
TASKS = {
    "default": {
        "BACKEND": env(
            "TASKFORCE_TASK_BACKEND",
            "django_tasks_db.DatabaseBackend"
            if PRODUCTION
            else "django_tasks.backends.immediate.ImmediateBackend",
        )
    }
}

# Content Security Policy: only this origin; no inline script or style anywhere.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'none'"],
        "object-src": ["'none'"],
    }
}

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
BEHIND_PROXY = PRODUCTION and env_bool("TASKFORCE_BEHIND_PROXY", True)
# How many reverse proxies stand in front of the app; the audit log takes the client's address
# from the X-Forwarded-For entry the outermost of them wrote.
TRUSTED_PROXY_COUNT = env_int("TASKFORCE_TRUSTED_PROXIES", 1 if BEHIND_PROXY else 0)
if PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_bool("TASKFORCE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = env_int("TASKFORCE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    if BEHIND_PROXY:
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_NAME = "__Host-sessionid"
    CSRF_COOKIE_NAME = "__Host-csrftoken"

NINJA_PAGINATION_PER_PAGE = 50

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("TASKFORCE_LOG_LEVEL", "INFO") or "INFO"},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        # WeasyPrint reports each rendering step at INFO; only its warnings matter here.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}
