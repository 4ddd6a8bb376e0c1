"""Deployment hardening shared by both APIs: what counts as the database failing, and login/token throttling.

Rate limits count in Django's default cache, which production points at Redis (``REDIS_URL``
or ``CACHE_URL``) so every app server shares one count; a per-process count would let an
attacker multiply the limit by the number of workers.
"""

from __future__ import annotations

from django.db import InterfaceError, OperationalError

try:
    import psycopg
except ImportError:  # SQLite-only installs
    psycopg = None

#: The database failing under a request (connection lost, server shutting down, query cancelled):
#: not the client's doing, so answered 503 / UNAVAILABLE. psycopg's own classes too, for the raw
#: ``COPY`` of bulk inserts, which bypasses Django's error wrapping.
DATABASE_FAILURES: tuple[type[BaseException], ...] = (OperationalError, InterfaceError) + (
    (psycopg.OperationalError, psycopg.InterfaceError) if psycopg else ()
)
