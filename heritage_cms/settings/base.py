"""Every setting that comes from the environment is read here, and only here (12-factor).

Nothing is required: with no environment at all the platform runs embedded (SQLite, local-memory
cache, local media, tasks in the database). Production sets ``DATABASE_URL``, ``REDIS_URL``,
``S3_BUCKET`` and friends — see ``.env.example``.
"""

from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import environ
from django.utils.csp import CSP
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

PROJECT_DIR = Path(__file__).resolve().parent.parent  # heritage_cms/
BASE_DIR = PROJECT_DIR.parent  # repository root
VAR_DIR = BASE_DIR / "var"  # the embedded default keeps its database and media here

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

SECRET_KEY = env.str("SECRET_KEY", default="insecure-dev-only-key-change-me-in-production")
DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
WAGTAILADMIN_BASE_URL = env.str("BASE_URL", default="http://localhost:8000")
# How many reverse proxies stand in front of gunicorn, each appending to X-Forwarded-For; every
# per-client limit reads the client address through heritage_cms.core.clientip.client_ip.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)

INSTALLED_APPS = [
    # our apps first, so their templates override Wagtail's
    "heritage_cms.users",
    "heritage_cms.core",
    "heritage_cms.sites",
    "heritage_cms.collection",
    "heritage_cms.tours",
    "heritage_cms.guides",
    "heritage_cms.cards",
    "heritage_cms.payments",
    "heritage_cms.tickets",
    "heritage_cms.finance",
    "heritage_cms.ticketoffice",
    "heritage_cms.operations",
    "heritage_cms.opendata",
    "heritage_cms.fieldreports",
    "heritage_cms.engagement",
    "wagtail_localize",
    "wagtail_localize.locales",  # replaces wagtail.locales
    "wagtail.contrib.redirects",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail.api.v2",
    "wagtail",
    "modelcluster",
    "taggit",
    "rest_framework",
    "drf_spectacular",
    "django_tasks",
    "django_tasks_db",
    "storages",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "axes",
    "django_prometheus",
]

MIDDLEWARE = [
    # First and last: django-prometheus times every request (see /metrics).
    "django_prometheus.middleware.PrometheusBeforeMiddleware",
    # A fresh request id on every log line of the request and on the response (X-Request-ID).
    "log_request_id.middleware.RequestIDMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Outside the page cache, so a cached page gets the current policy (see SECURE_CSP).
    "heritage_cms.core.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # 400 for a NUL or a beyond-64-bit number in a public URL, before any query sees it.
    "heritage_cms.core.inputguard.UnusableInputMiddleware",
    # Serves anonymous visitors' pages from the cache when VISITOR_PAGE_CACHE_SECONDS > 0.
    "heritage_cms.core.pagecache.VisitorPageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Answers a locked-out login (django-axes); last, as axes asks.
    "axes.middleware.AxesMiddleware",
    "django_prometheus.middleware.PrometheusAfterMiddleware",
]

ROOT_URLCONF = "heritage_cms.urls"
WSGI_APPLICATION = "heritage_cms.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PROJECT_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# --- Database: SQLite embedded, DATABASE_URL (postgres://…) in production and CI ---------------
DATABASES = {
    "default": env.db_url("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'heritage.sqlite3'}")
}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=0)
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    if DATABASES["default"]["NAME"] != ":memory:":  # a fresh clone has no var/ yet
        Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    # WAL lets the web process read while the task worker writes.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Wagtail's search index uses PostgreSQL's full-text search vectors and GIN indexes.
    INSTALLED_APPS.append("django.contrib.postgres")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache: local memory embedded, REDIS_URL in production ------------------------------------
REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "heritage",
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Template fragments ({% cache %}) keyed by the content generation (core/generation.py), which
# lives in the default cache: each worker keeps its own copies, read without a network trip.
CACHES["template_fragments"] = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "template-fragments",
    "OPTIONS": {"MAX_ENTRIES": 5000},
}
# Whole-page cache for anonymous visitors, emptied on every publish (core/pagecache.py).
# Off by default so editors and tests always see fresh pages; production sets e.g. 300.
VISITOR_PAGE_CACHE_SECONDS = env.int("VISITOR_PAGE_CACHE_SECONDS", default=0)

# --- Background work: one TASKS setting serves django.tasks and Wagtail's django_tasks ----------
# Separate queues, so a 20-minute scan never holds up a scheduled publish: each worker takes the
# queues it is told (`db_worker --queue-name`, `rqworker <queues>`).
TASK_QUEUES = ["default", "models3d", "audio"]
TASKS_BACKEND = env.str("TASKS_BACKEND", default="django_tasks_db.DatabaseBackend")
TASKS = {"default": {"BACKEND": TASKS_BACKEND, "QUEUES": TASK_QUEUES}}
if TASKS_BACKEND.startswith("django_tasks_rq."):
    # Redis (REDIS_URL) holds the queues; `manage.py rqworker --job-class django_tasks_rq.Job`.
    INSTALLED_APPS += ["django_rq", "django_tasks_rq"]
    _TASK_TIMEOUTS = {"models3d": int(env.float("ASSETS_PIPELINE_TIMEOUT", default=1800.0)) + 300}
    RQ_QUEUES = {
        queue: {"URL": REDIS_URL, "DEFAULT_TIMEOUT": timeout}
        for queue in TASK_QUEUES
        for timeout in [_TASK_TIMEOUTS.get(queue, 900)]
    }

# Apps' periodic tasks, enqueued by run_scheduler (dotted path → every N seconds).
PERIODIC_TASKS = {"heritage_cms.operations.tasks.evaluate_alerts": 60}

# --- Operations centre: where a newly opened alert is delivered ---------------------------------
# E-mail goes to these addresses and to Operations members watching the alert's monument; the
# webhook (for the province's own systems) is signed with HMAC-SHA256 (X-Heritage-Signature).
OPERATIONS_ALERT_EMAILS = env.list("OPERATIONS_ALERT_EMAILS", default=[])
OPERATIONS_ALERT_WEBHOOK_URL = env.str("OPERATIONS_ALERT_WEBHOOK_URL", default="")
OPERATIONS_ALERT_WEBHOOK_SECRET = env.str("OPERATIONS_ALERT_WEBHOOK_SECRET", default="")
OPERATIONS_QUEUE_WAIT_MINUTES = env.int("OPERATIONS_QUEUE_WAIT_MINUTES", default=10)

# --- Storage: local MEDIA_ROOT embedded, S3-compatible when S3_BUCKET is set -------------------
MEDIA_ROOT = env.path("MEDIA_ROOT", default=VAR_DIR / "media")
MEDIA_URL = env.str("MEDIA_URL", default="/media/")
STATIC_ROOT = env.path("STATIC_ROOT", default=VAR_DIR / "static")
STATIC_URL = "/static/"
S3_BUCKET = env.str("S3_BUCKET", default="")
if S3_BUCKET:
    _media_storage = {
        "BACKEND": "heritage_cms.core.s3.PublicMediaStorage",
        "OPTIONS": {
            "bucket_name": S3_BUCKET,
            "endpoint_url": env.str("S3_ENDPOINT_URL", default="") or None,
            "region_name": env.str("S3_REGION", default="") or None,
            "access_key": env.str("S3_ACCESS_KEY_ID", default="") or None,
            "secret_key": env.str("S3_SECRET_ACCESS_KEY", default="") or None,
            "custom_domain": env.str("S3_CUSTOM_DOMAIN", default="") or None,
            "file_overwrite": False,
            "default_acl": None,
            "querystring_auth": False,
        },
    }
else:
    _media_storage = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
# Raw uploads that are not publications (full-resolution scans, curators' voice recordings,
# documents) live in a second storage that no public URL reaches: a folder outside MEDIA_ROOT
# embedded; in production a private bucket (S3_PRIVATE_BUCKET) or a prefix of the media bucket
# whose objects are never public (S3_PRIVATE_LOCATION), read through signed URLs only.
PRIVATE_MEDIA_ROOT = env.path("PRIVATE_MEDIA_ROOT", default=VAR_DIR / "private-media")
if S3_BUCKET:
    _private_storage = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            **_media_storage["OPTIONS"],
            "bucket_name": env.str("S3_PRIVATE_BUCKET", default="") or S3_BUCKET,
            "location": env.str("S3_PRIVATE_LOCATION", default="private"),
            "custom_domain": None,
            "default_acl": "private",
            "querystring_auth": True,
        },
    }
else:
    _private_storage = {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": PRIVATE_MEDIA_ROOT},
    }
STORAGES = {
    "default": _media_storage,
    "private": _private_storage,
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# --- Users, passwords --------------------------------------------------------------------------
AUTH_USER_MODEL = "users.User"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "wagtailadmin_login"
# Staff logins (Wagtail's and Django's admin) are throttled by django-axes: after
# AXES_FAILURE_LIMIT wrong passwords for one username from one address, that pair is locked for
# AXES_COOLOFF_MINUTES, even with the right password. Attempts are counted in the database, so
# every gunicorn worker sees the same count; the address is the one client_ip() trusts.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
# Ours, not axes' own (axes has no Vietnamese, Chinese, Japanese or Korean), and it says how long.
AXES_COOLOFF_MESSAGE = format_lazy(
    _("Sign-in locked: too many wrong passwords for this account. Try again in {minutes} min."),
    minutes=int(AXES_COOLOFF_TIME.total_seconds() // 60),
)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "heritage_cms.core.loginthrottle.axes_client_ip"
# No start-up banner: management commands print one line of their own, nothing else.
AXES_VERBOSE = False

# --- Languages: Vietnamese is the source; every content locale is also a UI language ----------
LANGUAGE_CODE = "vi"
LANGUAGES = WAGTAIL_CONTENT_LANGUAGES = WAGTAILADMIN_PERMITTED_LANGUAGES = [
    ("vi", _("Vietnamese")),
    ("en", _("English")),
    ("fr", _("French")),
    ("zh-hans", _("Simplified Chinese")),
    ("ja", _("Japanese")),
    ("ko", _("Korean")),
]
WAGTAIL_I18N_ENABLED = True
LOCALE_PATHS = [PROJECT_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"  # shown to people; stored in UTC
USE_I18N = True
USE_TZ = True

# Machine translation for wagtail-localize: any of its translator classes, chosen by env.
# Offline default (and in tests) is the dummy, which only reverses text; set e.g.
# MACHINE_TRANSLATOR=wagtail_localize.machine_translators.deepl.DeepLTranslator and
# MACHINE_TRANSLATOR_OPTIONS='{"AUTH_KEY": "…"}' in production.
WAGTAILLOCALIZE_MACHINE_TRANSLATOR = {
    "CLASS": env.str(
        "MACHINE_TRANSLATOR",
        default="wagtail_localize.machine_translators.dummy.DummyTranslator",
    ),
    "OPTIONS": env.json("MACHINE_TRANSLATOR_OPTIONS", default={}),
}

# --- Audio guides: an engine per language (audio_guides' config format) ------------------------
# gTTS online with espeak-ng as the offline fallback; AUDIO_GUIDES_CONFIG (JSON) replaces it, e.g.
# {"DEFAULT": {"CLASS": "espeak"}, "FALLBACK": null} on an air-gapped site.
AUDIO_GUIDES = env.json(
    "AUDIO_GUIDES_CONFIG",
    default={
        "DEFAULT": {"CLASS": "gtts", "OPTIONS": {"timeout": 10}},
        "FALLBACK": {"CLASS": "espeak"},
    },
)
AUDIO_GUIDES_CACHE_DIR = env.path("AUDIO_GUIDES_CACHE_DIR", default=VAR_DIR / "audio-cache")

# --- 3D pipeline: its content-addressed work folder (derived files are then copied to storage) --
ASSETS_PIPELINE_WORK_DIR = env.path("ASSETS_PIPELINE_WORK_DIR", default=VAR_DIR / "asset-work")
# Each scan is processed in a child process killed at this deadline and capped at this memory
# (address space), so one runaway upload cannot hold or sink the task worker.
ASSETS_PIPELINE_TIMEOUT = env.float("ASSETS_PIPELINE_TIMEOUT", default=1800.0)
ASSETS_PIPELINE_MEMORY_MB = env.int("ASSETS_PIPELINE_MEMORY_MB", default=8192)

# --- APIs: Wagtail's content API is public; the gate API authenticates each gate itself --------
REST_FRAMEWORK = {"DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema"}
SPECTACULAR_SETTINGS = {
    "TITLE": "Huế heritage platform — gate API",
    "DESCRIPTION": "What gate daemons call: tap batches (exactly once), heartbeat, snapshot.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "PREPROCESSING_HOOKS": ["heritage_cms.cards.api.only_gate_endpoints"],
}

# --- Payments: Stripe; the embedded default is the bundled TEST MODE sandbox -------------------
# (the demo app's `manage.py run_stripe_sandbox`, which its run_platform starts; only the dev and
# test settings install the demo). Production sets the live/test keys
# from the Stripe dashboard and STRIPE_API_BASE=https://api.stripe.com.
STRIPE_SECRET_KEY = env.str("STRIPE_SECRET_KEY", default="sk_test_heritage_sandbox")
STRIPE_WEBHOOK_SECRET = env.str("STRIPE_WEBHOOK_SECRET", default="whsec_heritage_sandbox")
STRIPE_API_BASE = env.str("STRIPE_API_BASE", default="http://127.0.0.1:12111")

# --- E-tickets: the Ed25519 keys that sign QR tickets (heritage_cms/tickets/signing.py) ---------
# {key id: base64url of the 32-byte private seed}; TICKET_SIGNING_KEY_ID signs new tickets, the
# others stay listed (their public halves go to the gates) until their tickets have expired. The
# default is a development key published in this repository: production refuses to start with it.
DEV_TICKET_SIGNING_KEYS = {"dev1": "qX9FPdGS7kxD8zwd0ZMolfNGDMtIZLo60OMTxR8Fo-c"}
TICKET_SIGNING_KEYS = env.json("TICKET_SIGNING_KEYS", default=DEV_TICKET_SIGNING_KEYS)
TICKET_SIGNING_KEY_ID = env.str("TICKET_SIGNING_KEY_ID", default="dev1")

# --- Wagtail -----------------------------------------------------------------------------------
WAGTAIL_SITE_NAME = env.str("SITE_NAME", default="Di sản Cố đô Huế")
WAGTAILIMAGES_IMAGE_MODEL = "core.HeritageImage"
WAGTAILSEARCH_BACKENDS = {
    "default": {
        "BACKEND": "wagtail.search.backends.database",
        # 'simple' keeps tokens as written: no English stemming of Vietnamese or pinyin.
        "SEARCH_CONFIG": "simple",
    }
}
WAGTAIL_WORKFLOW_ENABLED = True
WAGTAIL_MODERATION_ENABLED = True
WAGTAILAPI_BASE_URL = WAGTAILADMIN_BASE_URL
WAGTAILAPI_LIMIT_MAX = 100
# Documents only through /documents/<id>/…, which checks a collection's password or login; never
# a redirect to their storage URL (media view refuses documents/; on S3 keep that prefix private).
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAILDOCS_EXTENSIONS = ["pdf", "csv", "json", "jsonld", "txt", "zip"]
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 30 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# --- Map tiles: any XYZ tile server ({z}/{x}/{y}); a local one for an air-gapped site. Without an
# answer from it the map shows the labelled plan of the monuments (frontend/src/map-plan.js).
MAP_TILE_URL = env.str("MAP_TILE_URL", default="https://tile.openstreetmap.org/{z}/{x}/{y}.png")
_map_tiles = urlsplit(MAP_TILE_URL)
MAP_TILE_ORIGIN = f"{_map_tiles.scheme}://{_map_tiles.netloc}" if _map_tiles.netloc else ""

# --- Content-Security-Policy: the visitors' policy; core/csp.py adds the media origin and Stripe
# Checkout to it, and loosens it for Wagtail's admin (inline scripts without nonces).
SECURE_CSP = {
    "default-src": [CSP.SELF],
    # main.js and its chunks; the meshopt decoder compiles WebAssembly; base.html's one inline
    # script (document.documentElement.classList.add("js")) by its hash, since cached pages
    # cannot carry a fresh nonce.
    "script-src": [
        CSP.SELF,
        CSP.WASM_UNSAFE_EVAL,
        "'sha256-qOhFsq0QMV2REqNwk5hGH5bZE9SkX6gt6yeyKdYPv+U='",
    ],
    # model-viewer writes <style> elements at run time (its shadow DOM and the focus polyfill).
    "style-src": [CSP.SELF, CSP.UNSAFE_INLINE],
    # Leaflet's tiles (MAP_TILE_URL); three.js hands textures to the GPU through blob: URLs.
    "img-src": [CSP.SELF, "data:", "blob:", *([MAP_TILE_ORIGIN] if MAP_TILE_ORIGIN else [])],
    "media-src": [CSP.SELF, "blob:"],
    "connect-src": [CSP.SELF, "blob:", "data:"],
    "font-src": [CSP.SELF, "data:"],
    "worker-src": [CSP.SELF, "blob:"],  # the service worker; model-viewer's decoder workers
    "manifest-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.SELF],  # Wagtail's live preview frames our own pages
}

# --- Observability: /metrics (core/metrics.py), request ids, JSON logs --------------------------
# /metrics answers only `Authorization: Bearer <METRICS_TOKEN>` (401 otherwise); unset, it is off.
METRICS_TOKEN = env.str("METRICS_TOKEN", default="")
REQUEST_ID_RESPONSE_HEADER = "X-Request-ID"
# "json" (production's default): one JSON object a line, for the log shipper; "plain" for people.
LOG_FORMAT = env.str("LOG_FORMAT", default="plain")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "log_request_id.filters.RequestIDFilter"}},
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "format": "%(asctime)s %(levelname)s %(name)s %(message)s %(request_id)s",
            "rename_fields": {"levelname": "level"},
        },
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": LOG_FORMAT,
            "filters": ["request_id"],
        }
    },
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}

# --- Ticket office ----------------------------------------------------------------------------
# The desk agent on each counter PC (python -m cardreader_service desk-agent), as the page sees it.
TICKET_OFFICE_DESK_AGENT_URL = env.str(
    "TICKET_OFFICE_DESK_AGENT_URL", default="http://127.0.0.1:8765"
)
# Card numbers sold at the counter: this prefix and the sale's number (8 digits).
TICKET_OFFICE_CARD_PREFIX = env.str("TICKET_OFFICE_CARD_PREFIX", default="97041803")
TICKET_OFFICE_MAX_TOP_UP = env.int("TICKET_OFFICE_MAX_TOP_UP", default=5_000_000)
TICKET_OFFICE_EMPTY_CARDS = env.bool("TICKET_OFFICE_EMPTY_CARDS", default=False)
# The Z-report's font (Debian: fonts-dejavu-core); it must hold Vietnamese letters.
TICKET_OFFICE_PDF_FONT = env.str(
    "TICKET_OFFICE_PDF_FONT", default="/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
)
