"""argmap settings, all read from the environment.

``DATABASE_URL`` picks the database: unset means the embedded SQLite file
(the quick start); PostgreSQL through psycopg 3 is the real database for tests
and production.
"""

import os
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)
SECRET_KEY = os.environ.get("SECRET_KEY") or (
    "insecure-dev-key-only-for-local-use" if DEBUG or os.environ.get("ARGMAP_ALLOW_DEV_SECRET") else ""
)
if not SECRET_KEY:
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured("SECRET_KEY must be set in the environment (or DEBUG=1 for local use).")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "corsheaders",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "graphene_django",
    "argmap",
    "api",
    "api.rest",
    "ui",
    "config.apps.DeploymentConfig",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "config.security.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    "config.security.RequestSizeLimitMiddleware",
    "config.security.AuthenticationThrottleMiddleware",
    # Sessions, CSRF, the session's user and messages are passed over for API requests with a token (config/middleware.py).
    "config.middleware.SessionMiddleware",
    "config.i18n.InterfaceLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "config.middleware.CsrfViewMiddleware",
    "config.middleware.AuthenticationMiddleware",
    "config.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

#: Django's CSRF check looks for its own middleware by name; config.checks.csrf_protection_is_on accepts our subclass.
SILENCED_SYSTEM_CHECKS = ["security.W003"]

ROOT_URLCONF = "config.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
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

WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'var' / 'argmap.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "0")),
    )
}


def _with_session_options(database: dict) -> dict:
    """A PostgreSQL database's settings with the service's session options and pool added to the URL's own
    options (``sslmode``, ``options=…`` are kept)."""
    if database["ENGINE"] != "django.db.backends.postgresql":
        return database
    options = database.setdefault("OPTIONS", {})
    # No JIT: it compiled the neighbourhood's kept generic plan on every execution, seconds each time (docs/decisions.md).
    session = os.environ.get("DB_SESSION_OPTIONS", "-c jit=off")
    if session:
        options["options"] = " ".join(filter(None, (options.get("options"), session)))
    if env_bool("DB_POOL", False):
        options["pool"] = {"min_size": 2, "max_size": int(os.environ.get("DB_POOL_MAX", "10"))}
    return database


_with_session_options(DATABASES["default"])
# A read replica (docs/scaling.md): reads go to it, writes and reads after a write to the primary.
if os.environ.get("DATABASE_REPLICA_URL"):
    DATABASES["replica"] = _with_session_options(
        dj_database_url.parse(os.environ["DATABASE_REPLICA_URL"], conn_max_age=DATABASES["default"]["CONN_MAX_AGE"])
    )
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
    DATABASE_ROUTERS = ["config.routers.PrimaryReplicaRouter"]
    MIDDLEWARE.insert(
        MIDDLEWARE.index("django.middleware.security.SecurityMiddleware") + 1, "config.routers.ReadYourWritesMiddleware"
    )
    REPLICA_LAG_SECONDS = int(os.environ.get("REPLICA_LAG_SECONDS", "5"))

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
# The screens speak English or Japanese (Accept-Language, or the switcher's cookie); the APIs always English.
LANGUAGES = [("en", "English"), ("ja", "日本語")]
LOCALE_PATHS = [BASE_DIR / "locale"]
API_URLS_REGEX = r"^/(api|graphql)/.*$"
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "var" / "static"
STATICFILES_DIRS = [BASE_DIR / "static"] if (BASE_DIR / "static").exists() else []
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True

DATA_UPLOAD_MAX_MEMORY_SIZE = int(os.environ.get("DATA_UPLOAD_MAX_MEMORY_SIZE", str(5 * 1024 * 1024)))

CORS_ALLOWED_ORIGINS = env_list("CORS_ALLOWED_ORIGINS", "")
# Reliability & security: CORS spelled out (only the APIs, no cookies, the concurrency headers
# usable), body limits, the cache that throttle counts share across app servers, throttle limits.
CORS_URLS_REGEX = API_URLS_REGEX
CORS_ALLOW_CREDENTIALS = False
CORS_ALLOW_HEADERS = ("accept", "authorization", "content-type", "if-match", "if-none-match", "x-csrftoken")
CORS_EXPOSE_HEADERS = ("ETag", "Location", "Retry-After", "X-Argmap-Batch")
ARGMAP_MAX_UPLOAD_BYTES = int(os.environ.get("ARGMAP_MAX_UPLOAD_BYTES", str(25 * 1024 * 1024)))
CACHE_URL = os.environ.get("CACHE_URL") or os.environ.get("REDIS_URL") or ("" if DEBUG else "redis://127.0.0.1:6379/0")
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": CACHE_URL}
        if CACHE_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}
# Push (docs/api.md "Change feed"): feed notices cross app processes through Redis pub/sub. Without
# Redis (the SQLite quick start) there is no channel layer and streams poll the feed instead.
CHANNELS_REDIS_URL = os.environ.get("CHANNELS_REDIS_URL") or os.environ.get("REDIS_URL") or CACHE_URL
CHANNEL_LAYERS = (
    {
        "default": {
            "BACKEND": "channels_redis.pubsub.RedisPubSubChannelLayer",
            "CONFIG": {
                "hosts": [CHANNELS_REDIS_URL],
                "prefix": os.environ.get("ARGMAP_CHANNEL_PREFIX", "argmap"),
            },
        }
    }
    if CHANNELS_REDIS_URL
    else {}
)
# Sliding 5-minute windows: failed logins per (address, username) and per address; refused tokens
# per token prefix and per address (config/security.py).
ARGMAP_LOGIN_FAILURES = (int(os.environ.get("ARGMAP_LOGIN_FAILURES", "10")), 300)
ARGMAP_LOGIN_ADDRESS_FAILURES = (int(os.environ.get("ARGMAP_LOGIN_ADDRESS_FAILURES", "100")), 300)
ARGMAP_TOKEN_FAILURES = (int(os.environ.get("ARGMAP_TOKEN_FAILURES", "20")), 300)
ARGMAP_TOKEN_ADDRESS_FAILURES = (int(os.environ.get("ARGMAP_TOKEN_ADDRESS_FAILURES", "200")), 300)
# Behind a reverse proxy: how many proxies of your own append to X-Forwarded-For. ARGMAP_BEHIND_PROXY=1
# without it is refused at start in production (check argmap.E001; docs/security.md, "Behind a proxy").
ARGMAP_TRUSTED_PROXY_HOPS = int(os.environ.get("ARGMAP_TRUSTED_PROXY_HOPS", "0"))
ARGMAP_BEHIND_PROXY = env_bool("ARGMAP_BEHIND_PROXY", False)
# Strict CSP on every page (admin, annotation screen, GraphiQL, Swagger UI): nothing inline, nothing
# from elsewhere. config.security.ContentSecurityPolicyMiddleware; decisions.md says why each part.
ARGMAP_CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self' data:",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "frame-ancestors 'none'",
        "form-action 'self'",
    ]
)

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "api.authentication.TokenAuthentication",
    ],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "api.rest.errors.exception_handler",
    # JSON only: one request content type per write, so the published schema is what the server reads
    # (the import view adds multipart for its file upload).
    "DEFAULT_PARSER_CLASSES": ["api.rest.parsers.JSONParser"],
    "DEFAULT_CONTENT_NEGOTIATION_CLASS": "api.rest.negotiation.ArgmapContentNegotiation",
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
    "DEFAULT_PAGINATION_CLASS": "api.rest.pagination.CreatedOrderCursorPagination",
    "PAGE_SIZE": 50,
}

SPECTACULAR_SETTINGS = {
    "TITLE": "argmap API",
    "DESCRIPTION": "Argument maps of policy documents in the Argument Interchange Format's model.",
    "VERSION": "1.0.0",
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Request bodies get their own components (no read-only fields; files as `format: binary`).
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "ReviewStatusEnum": "argmap.models.ReviewStatus",
        "AnchorStatusEnum": "argmap.models.AnchorStatus",
        "MemberRoleEnum": "argmap.models.Role",
        "EdgeRoleEnum": "argmap.models.EdgeRole",
        "SchemeTypeEnum": "argmap.models.SchemeType",
        "SearchHitTypeEnum": "argmap.selectors.search.KINDS",
        "KindEnum": "argmap.models.StatementKind",
        "ParticipantKindEnum": "argmap.models.ParticipantKind",
        "IllocutionEnum": "argmap.models.Illocution",
        "SuggestionNodeTypeEnum": ["statement", "scheme_application"],
        "SuggestedStatusEnum": ["suggested"],
    },
}

GRAPHENE = {
    "SCHEMA": "api.graphql.schema.schema",
    "ATOMIC_MUTATIONS": True,
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

if not DEBUG:
    SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", True)
    CSRF_COOKIE_SECURE = env_bool("SECURE_COOKIES", True)
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_CONTENT_TYPE_NOSNIFF = True
# Webhooks (docs/api.md "Webhooks"): deliveries to loopback/private/reserved addresses are refused unless
# this is on; it defaults to DEBUG, so the local demo can post to a receiver on 127.0.0.1.
ARGMAP_WEBHOOK_ALLOW_PRIVATE = env_bool("ARGMAP_WEBHOOK_ALLOW_PRIVATE", DEBUG)
ARGMAP_WEBHOOK_TIMEOUT = float(os.environ.get("ARGMAP_WEBHOOK_TIMEOUT", "10"))
# Presence (docs/api.md "Presence"): seconds a heartbeat keeps a reader listed as present.
ARGMAP_PRESENCE_TTL = int(os.environ.get("ARGMAP_PRESENCE_TTL", "30"))
