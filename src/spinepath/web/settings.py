"""Django settings for spinepath, read from the environment (see docs/deployment.md)."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF

from spinepath.web.env import EnvError, env_bool, env_int, env_list, env_str

# src/spinepath/web/settings.py -> the repository root (editable install)
REPO_DIR = Path(__file__).resolve().parents[3]
VAR_DIR = Path(env_str("SPINEPATH_VAR_DIR", str(REPO_DIR / "var")))

DEBUG = env_bool("SPINEPATH_DEBUG", False)
_DEV_SECRET_KEY = "insecure-development-key-never-use-in-production"
SECRET_KEY = env_str("SPINEPATH_SECRET_KEY", _DEV_SECRET_KEY if DEBUG else None)
if not DEBUG and SECRET_KEY == _DEV_SECRET_KEY:
    raise EnvError("SPINEPATH_SECRET_KEY", SECRET_KEY, "a secret of your own when DEBUG is off")
ALLOWED_HOSTS = env_list("SPINEPATH_ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("SPINEPATH_CSRF_TRUSTED_ORIGINS", [])
# Behind HTTPS (a proxy that sets X-Forwarded-Proto): redirect, secure cookies and HSTS.
SECURE_SSL_REDIRECT = env_bool("SPINEPATH_SECURE", False)
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = SECURE_SSL_REDIRECT
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if SECURE_SSL_REDIRECT else None
SECURE_HSTS_SECONDS = (
    env_int("SPINEPATH_HSTS_SECONDS", 365 * 24 * 60 * 60, minimum=0) if SECURE_SSL_REDIRECT else 0
)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SPINEPATH_HSTS_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("SPINEPATH_HSTS_PRELOAD", False)
# Preloading puts the whole domain in browsers' HTTPS-only lists, hard to undo and the
# domain owner's call (an NHS trust's domain is not the app's): opt in, not a warning.
SILENCED_SYSTEM_CHECKS = [] if SECURE_HSTS_PRELOAD else ["security.W021"]
# Content-Security-Policy (django-csp): scripts, styles, fonts and images from this site
# only; no inline script, no eval, no framing, no plugins.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
SESSION_COOKIE_AGE = env_int("SPINEPATH_SESSION_SECONDS", 8 * 60 * 60, minimum=60)

INSTALLED_APPS = [
    "spinepath.web",
    "spinepath.accounts",
    "spinepath.audit",
    "spinepath.clinics",
    "spinepath.patients",
    "spinepath.referrals",
    "spinepath.assessments",
    "spinepath.appointments",
    "spinepath.info",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    # Two-step verification: TOTP authenticator apps and single-use recovery codes.
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "csp",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Cache-Control: no-store on everything but static files and the public information.
    "spinepath.web.middleware.NoStoreMiddleware",
    # Under /api/, errors from outside the API (404, 405, 500) are JSON too.
    "spinepath.web.middleware.ApiJsonErrorsMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # request.user.is_verified(): has this session passed the second step?
    "django_otp.middleware.OTPMiddleware",
    # Staff roles (and users who opted in) reach nothing but the second step until then.
    "spinepath.accounts.middleware.TwoStepRequiredMiddleware",
    # 400 for a NUL character in the path, the query or a form (PostgreSQL refuses them).
    "spinepath.web.middleware.RejectNulMiddleware",
    # Every page needs a login unless its view is marked @login_not_required.
    "spinepath.web.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Lets audit.services.record_change() note the request path without threading it.
    "spinepath.audit.middleware.AuditRequestMiddleware",
]

ROOT_URLCONF = "spinepath.web.urls"
WSGI_APPLICATION = "spinepath.web.wsgi.application"

TEMPLATES = [
    {
        # App pages: <app>/templates/<app>/*.jinja. Only names ending .jinja are served
        # here; everything else (the admin's .html) falls through to Django's engine.
        "BACKEND": "spinepath.web.jinja.JinjaBackend",
        "NAME": "jinja2",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "environment": "spinepath.web.jinja.environment",
            "context_processors": [
                "django.contrib.messages.context_processors.messages",
                "spinepath.web.jinja.navigation",
            ],
        },
    },
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]


def _database(url: str) -> dict[str, object]:
    if not url:
        path = Path(env_str("SPINEPATH_SQLITE_PATH", str(VAR_DIR / "spinepath.sqlite3")))
        path.parent.mkdir(parents=True, exist_ok=True)
        # WAL mode is set on every new connection (spinepath.web.db); IMMEDIATE
        # transactions avoid "database is locked" on read-then-write.
        return {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(path),
            "OPTIONS": {"transaction_mode": "IMMEDIATE", "timeout": 20},
        }
    try:
        return dict(dj_database_url.parse(url, conn_max_age=600, conn_health_checks=True))
    except ValueError:
        raise EnvError(
            "DATABASE_URL", url, "a URL such as postgres://user@host:5432/name"
        ) from None


DATABASES = {"default": _database(env_str("DATABASE_URL", ""))}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Sign-in limits (spinepath.accounts.lockout, docs/deployment.md#signing-in). Each
# password guess is counted before it is checked. This many failed guesses in a row
# lock an account (for browsers it has not signed in from before)...
SPINEPATH_LOCKOUT_FAILURES = env_int("SPINEPATH_LOCKOUT_FAILURES", 5, minimum=1)
# ...for this long.
SPINEPATH_LOCKOUT_PERIOD = timedelta(minutes=env_int("SPINEPATH_LOCKOUT_MINUTES", 15, minimum=1))
# Failed guesses from one client address (any accounts) before it is refused for as long.
SPINEPATH_ADDRESS_FAILURES = env_int("SPINEPATH_ADDRESS_FAILURES", 30, minimum=1)
# Reverse proxies in front of spinepath that append to X-Forwarded-For. 0: the client
# address is REMOTE_ADDR and the header is ignored (anyone can forge it).
SPINEPATH_PROXY_COUNT = env_int("SPINEPATH_PROXY_COUNT", 0, minimum=0)
# Password checks one server process runs at once; a sign-in beyond that gets 429.
SPINEPATH_SIGNIN_CONCURRENCY = env_int("SPINEPATH_SIGNIN_CONCURRENCY", 1, minimum=1)
# The Django admin never shows an authenticator's secret or QR code: an administrator could
# otherwise copy a clinician's second factor. To reset one, delete the device.
OTP_ADMIN_HIDE_SENSITIVE_DATA = True
# Two-step verification: the name authenticator apps show for spinepath's codes.
OTP_TOTP_ISSUER = env_str("SPINEPATH_TOTP_ISSUER", "spinepath")

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = False
USE_TZ = True

STATIC_URL = "static/"
# `make assets` copies NHS.UK frontend and htmx from node_modules into this directory.
STATICFILES_DIRS = [Path(env_str("SPINEPATH_ASSETS_DIR", str(REPO_DIR / "static")))]
STATIC_ROOT = Path(env_str("SPINEPATH_STATIC_ROOT", str(VAR_DIR / "staticfiles")))
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # whitenoise warns when it is missing
# Serve straight from the finders too, so `collectstatic` is needed only in production.
WHITENOISE_USE_FINDERS = True

MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("SPINEPATH_LOG_LEVEL", "INFO")},
}
