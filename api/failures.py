"""What counts as the database failing under a request, for both APIs' error handlers."""

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
#: Seconds a client is told to wait (``Retry-After``) after the database failed under its request.
RETRY_AFTER_SECONDS = 5
