"""The change feed: each history batch becomes one feed entry per map it touched, in commit order.

Positions come from the entry table's own sequence, drawn while the writer holds
one transaction-level advisory lock that it keeps until its commit. Two writers
therefore draw positions in the order they commit, and a reader that has seen
position *n* can never later find a committed entry below *n* (a plain sequence
would hand a smaller number to a slower transaction that commits afterwards, and
keyset readers would skip it). The lock is taken last in the transaction, after
every row lock, so it adds no lock-order cycle with the row locks of other
writers. SQLite runs one writer at a time, so it needs no lock.

Subscribers are told after commit (never before; a rolled-back write tells
nothing) through :mod:`argmap.broker`.
"""

from __future__ import annotations

from django.db import connection, transaction

from argmap import broker
from argmap.models import FeedEntry

from .webhook_outbox import enqueue_deliveries

#: The advisory lock key of the feed ("argf"); advisory locks are scoped to one database.
FEED_LOCK_KEY = 0x61726766


def append_to_feed(common: dict, rows: list[dict]) -> list[FeedEntry]:
    """One entry per (workspace, map) among ``rows``, in the order the batch first touched them."""
    counts: dict[tuple, int] = {}
    for row in rows:
        key = (row["workspace_id"], row["map_id"])
        counts[key] = counts.get(key, 0) + 1
    entries = [
        FeedEntry(
            batch=common["batch"],
            workspace_id=workspace_id,
            map_id=map_id,
            actor_id=common["actor_id"],
            summary=common["summary"],
            at=common["at"],
            change_count=count,
        )
        for (workspace_id, map_id), count in counts.items()
    ]
    _lock_feed()
    FeedEntry.objects.bulk_create(entries)
    enqueue_deliveries(entries)
    notices = [broker.Notice(position=e.position, workspace_id=e.workspace_id, map_id=e.map_id) for e in entries]
    transaction.on_commit(lambda: broker.publish(notices))
    return entries


def _lock_feed() -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [FEED_LOCK_KEY])
