"""psycopg's C timestamp loader for the big GraphQL reads, on Django's connection, for the duration of a read."""

from __future__ import annotations

from contextlib import contextmanager
from functools import cache

import psycopg
from django.db import connections, router
from django.db.models import Model
from psycopg.adapt import Loader
from psycopg.pq import Format


@contextmanager
def c_timestamps(model: type[Model]):
    """While a big read runs (the whole map, a page of rows, a DataLoader batch), timestamps are parsed by
    psycopg's C loader, not Django's.

    Django registers a pure-Python ``timestamptz`` loader on each connection (to pin the time zone); at 87,500
    timestamps in a 10k map it was a tenth of the typed request. psycopg's own (C) loader gives the same
    instants in the session's time zone, which Django sets to UTC, so ``isoformat()`` writes the same text.
    Django's loader is put back afterwards; nothing else runs on the connection meanwhile (one request, sync).
    """
    connection = connections[router.db_for_read(model)]
    if connection.vendor != "postgresql" or connection.timezone_name != "UTC":
        yield
        return
    connection.ensure_connection()
    adapters = connection.connection.adapters
    oid = adapters.types["timestamptz"].oid
    previous = adapters.get_loader(oid, Format.TEXT)
    adapters.register_loader("timestamptz", _psycopg_loader(connection.timezone))
    try:
        yield
    finally:
        if previous is not None:
            adapters.register_loader("timestamptz", previous)


@cache
def _psycopg_loader(timezone):
    """psycopg's default (C) ``timestamptz`` loader, with the ``timezone`` Django's cursors check on a loader."""
    fast = psycopg.adapters.get_loader(psycopg.adapters.types["timestamptz"].oid, Format.TEXT)

    class PsycopgTimestamptzLoader(Loader):
        def __init__(self, oid, context=None):
            super().__init__(oid, context)
            self._fast = fast(oid, context)
            self.load = self._fast.load  # psycopg's transformer calls the instance's ``load``: the C one

        def load(self, data):
            return self._fast.load(data)

    PsycopgTimestamptzLoader.timezone = timezone
    return PsycopgTimestamptzLoader
