"""Read replicas: reads go to the ``replica`` alias; writes, and the reads that must see them, to the primary.

Enabled by ``DATABASE_REPLICA_URL`` (see config/settings.py and docs/scaling.md).
A read goes to the primary instead of the replica when

* it happens inside a transaction the application opened (every service is
  one): the replica cannot see what the transaction wrote, and the service's
  reads must be consistent with its writes;
* something was already written in the same request (or, outside requests,
  the same context): read-after-write;
* the request itself is a write (POST, PUT, PATCH, DELETE);
* the client wrote shortly before: :class:`ReadYourWritesMiddleware` hands
  out a cookie after a write that pins the client's next requests to the
  primary for ``REPLICA_LAG_SECONDS``, longer than the replica may lag.
"""

from __future__ import annotations

import contextvars
from collections.abc import Iterator
from contextlib import contextmanager

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections

REPLICA = "replica"
PIN_COOKIE = "argmap_primary"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})

_pinned = contextvars.ContextVar("argmap_reads_pinned_to_primary", default=False)
_wrote = contextvars.ContextVar("argmap_wrote", default=False)


def replica_lag_seconds() -> int:
    return int(getattr(settings, "REPLICA_LAG_SECONDS", 5))


def in_application_transaction(alias: str = DEFAULT_DB_ALIAS) -> bool:
    """Inside ``transaction.atomic()`` on ``alias`` (ignoring the wrapper a Django test case adds, as Django does)."""
    return any(not getattr(block, "_from_testcase", False) for block in connections[alias].atomic_blocks)


@contextmanager
def request_scope(*, pinned: bool = False) -> Iterator[None]:
    """A fresh routing state (one request): reads start on the replica unless ``pinned``."""
    pin, wrote = _pinned.set(pinned), _wrote.set(False)
    try:
        yield
    finally:
        _pinned.reset(pin)
        _wrote.reset(wrote)


@contextmanager
def primary() -> Iterator[None]:
    """Read from the primary inside this block (e.g. right before a write that depends on the read)."""
    token = _pinned.set(True)
    try:
        yield
    finally:
        _pinned.reset(token)


def wrote_in_scope() -> bool:
    return _wrote.get()


class PrimaryReplicaRouter:
    """Django database router for one primary (``default``) and one read replica (``replica``)."""

    def db_for_read(self, model, **hints):
        if _pinned.get() or REPLICA not in connections.settings or in_application_transaction():
            return DEFAULT_DB_ALIAS
        return REPLICA

    def db_for_write(self, model, **hints):
        _pinned.set(True)
        _wrote.set(True)
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints):
        """The replica holds the same rows as the primary, so objects from either may be related."""
        return True

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        """Only the primary is migrated; the replica follows it by replication."""
        return db == DEFAULT_DB_ALIAS


class ReadYourWritesMiddleware:
    """Route each request's reads: writes and recent writers to the primary, everything else to the replica."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        pinned = request.method not in SAFE_METHODS or PIN_COOKIE in request.COOKIES
        with request_scope(pinned=pinned):
            response = self.get_response(request)
            if wrote_in_scope() and response.status_code < 400:
                response.set_cookie(
                    PIN_COOKIE,
                    "1",
                    max_age=replica_lag_seconds(),
                    httponly=True,
                    samesite="Lax",
                    secure=not settings.DEBUG and getattr(settings, "SESSION_COOKIE_SECURE", False),
                )
        return response
