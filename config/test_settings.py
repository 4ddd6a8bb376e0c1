"""Settings for the test suite: production settings, on PostgreSQL, minus HTTPS redirects and slow hashing."""

import os

os.environ.setdefault("ARGMAP_ALLOW_DEV_SECRET", "1")
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres")

from .settings import *  # noqa: F403
from .settings import DATABASES

SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Throttles out of reach of the tests that send bad tokens on purpose; tests of throttling set their own.
ARGMAP_LOGIN_FAILURES = ARGMAP_TOKEN_FAILURES = (1_000_000, 300)
ARGMAP_LOGIN_ADDRESS_FAILURES = ARGMAP_TOKEN_ADDRESS_FAILURES = (1_000_000, 300)
if os.environ.get("TEST_DATABASE_NAME"):
    DATABASES["default"]["TEST"] = {"NAME": os.environ["TEST_DATABASE_NAME"]}
# Redis pub/sub is shared by everyone on the machine: one prefix per test database keeps runs apart.
CHANNEL_LAYERS = {
    "default": {
        "BACKEND": "channels_redis.pubsub.RedisPubSubChannelLayer",
        "CONFIG": {
            "hosts": [os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")],
            "prefix": os.environ.get("ARGMAP_CHANNEL_PREFIX", f"argmap-{os.environ.get('TEST_DATABASE_NAME', 'test')}"),
        },
    }
}
# The tests' webhook receivers listen on 127.0.0.1.
ARGMAP_WEBHOOK_ALLOW_PRIVATE = True
