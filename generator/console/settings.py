"""Django settings of the console, from the environment.

Environment:
    CONSOLE_ROOT: the project folder the console edits (default: this project).
    CONSOLE_DATA: the console's own folder (default ``<root>/.console``): SQLite database, secret key,
        uploaded originals.
    DATABASE_URL: ``postgres://user:pass@host/db`` selects PostgreSQL instead of SQLite (dj-database-url).
    CONSOLE_SECRET_KEY: the session-signing key (default: made once, kept in ``<data>/secret_key``, mode 600).
    CONSOLE_ALLOWED_HOSTS: comma-separated host names the console answers to (default ``*``).
    CONSOLE_HTTPS: ``1`` behind an HTTPS proxy (nginx): cookies Secure, ``X-Forwarded-Proto`` trusted.
"""

from __future__ import annotations

import datetime as dt
import os
import secrets
from pathlib import Path

import dj_database_url

ROOT = Path(os.environ.get("CONSOLE_ROOT") or Path(__file__).resolve().parents[2]).resolve()
DATA_DIR = Path(os.environ.get("CONSOLE_DATA") or ROOT / ".console").resolve()
DATA_DIR.mkdir(parents=True, exist_ok=True)
NPM = ROOT / ".cache" / "npm" / "node_modules"
if not NPM.is_dir():  # a project copy (tests) uses the assets of the code's own checkout
    NPM = Path(__file__).resolve().parents[2] / ".cache" / "npm" / "node_modules"


def _secret_key() -> str:
    if os.environ.get("CONSOLE_SECRET_KEY"):
        return os.environ["CONSOLE_SECRET_KEY"]
    path = DATA_DIR / "secret_key"
    if not path.exists():
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as out:
            out.write(secrets.token_urlsafe(50))
    return path.read_text().strip()


SECRET_KEY = _secret_key()
DEBUG = False
ALLOWED_HOSTS = [h.strip() for h in os.environ.get("CONSOLE_ALLOWED_HOSTS", "*").split(",") if h.strip()]

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.staticfiles",
    "axes",
    "generator.console.apps.ConsoleConfig",
]
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "generator.console.middleware.security_headers",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
]
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "django.contrib.auth.backends.ModelBackend"]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# django-axes: the tenth wrong password in a row locks the account (by user name) for 15 minutes
AXES_FAILURE_LIMIT = 10
AXES_COOLOFF_TIME = dt.timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "console/locked.html"
AXES_VERBOSE = False

ROOT_URLCONF = "generator.console.urls"
WSGI_APPLICATION = "generator.console.wsgi.application"
TEMPLATES = [{
    "BACKEND": "django.template.backends.django.DjangoTemplates",
    "APP_DIRS": True,
    "OPTIONS": {"context_processors": [
        "django.template.context_processors.request",
        "django.contrib.auth.context_processors.auth",
    ]},
}]
DATABASES = {"default": dj_database_url.config(default=f"sqlite:///{DATA_DIR / 'console.sqlite3'}", conn_max_age=60)}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)
STATICFILES_DIRS = [
    ("npm/json-editor", NPM / "@json-editor" / "json-editor" / "dist"),
    ("npm/pdfjs", NPM / "pdfjs-dist" / "build"),
    ("npm/vditor", NPM / "vditor"),    # Vditor's ``cdn``: it loads its i18n, icons, Lute and themes from here
]
WHITENOISE_USE_FINDERS = True        # served from where npm put them, no collectstatic step
WHITENOISE_AUTOREFRESH = False

LOGIN_URL = "/login/"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/login/"

# uploads: one file at a time; the size is checked in the view (MAX_UPLOAD) before anything is read
DATA_UPLOAD_MAX_NUMBER_FILES = 1
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
FILE_UPLOAD_TEMP_DIR = None

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = 8 * 3600
CSRF_COOKIE_SAMESITE = "Lax"
CSRF_FAILURE_VIEW = "generator.console.views.csrf_failure"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "SAMEORIGIN"       # the preview is framed by the console itself, never by another site
if os.environ.get("CONSOLE_HTTPS") == "1":
    SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = 31536000

LOGGING = {"version": 1, "disable_existing_loggers": False,
           "handlers": {"console": {"class": "logging.StreamHandler"}},
           "loggers": {"django": {"handlers": ["console"], "level": "WARNING"},
                       "axes": {"handlers": ["console"], "level": "ERROR"}}}
