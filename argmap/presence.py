"""Presence: who has a map open right now, and on which node, kept in the cache with a short time to live.

Presence is not history: nothing is written to the database. Each reader's
heartbeat stores ``presence:<map>:<user>`` with a TTL (``ARGMAP_PRESENCE_TTL``,
30 s by default), and a per-map roster of user ids says whose keys to read. A
reader who stops sending heartbeats disappears when their key expires; the
roster forgets them on the next read. Two readers joining at the same instant
may race on the roster; the one left out is added back by their next heartbeat.

With Redis as the cache (production, tests on PostgreSQL) every app process sees
everyone; with the local-memory cache (the SQLite quick start) presence is per
process, and :func:`shared` says so.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

#: Roster entries outlive a member's key by this factor, so a roster never expires before its members.
_ROSTER_FACTOR = 4


def ttl() -> int:
    return int(getattr(settings, "ARGMAP_PRESENCE_TTL", 30))


def shared() -> bool:
    """Whether presence is seen by every app process (a shared cache) or only by this one (local memory)."""
    backend = settings.CACHES.get("default", {}).get("BACKEND", "")
    return not backend.endswith(("LocMemCache", "DummyCache"))


@dataclass(frozen=True)
class Presence:
    user_id: int
    username: str
    node_id: str | None
    since: dt.datetime
    seen: dt.datetime
    #: "statement" or "schemeapplication" once a selector has checked the node (see argmap.selectors.presence).
    node_type: str | None = None


def _roster_key(map_id) -> str:
    return f"argmap:presence:{map_id}"


def _member_key(map_id, user_id) -> str:
    return f"argmap:presence:{map_id}:{user_id}"


def heartbeat(*, user, map_id, node_id: str | None) -> tuple[Presence, bool]:
    """``user`` has the map open (focused on ``node_id``, already checked by the caller) for the next TTL seconds.

    Also says whether others would notice: the reader is new (or had expired) or moved their focus."""
    now = timezone.now()
    key = _member_key(map_id, user.pk)
    previous = cache.get(key)
    since = previous["since"] if previous else now
    entry = {"user_id": user.pk, "username": user.get_username(), "node_id": node_id, "since": since, "seen": now}
    cache.set(key, entry, ttl())
    roster = cache.get(_roster_key(map_id)) or []
    if user.pk not in roster:
        cache.set(_roster_key(map_id), [*roster, user.pk], ttl() * _ROSTER_FACTOR)
    else:
        cache.touch(_roster_key(map_id), ttl() * _ROSTER_FACTOR)
    return Presence(**entry), previous is None or previous["node_id"] != node_id


def leave(*, user, map_id) -> None:
    cache.delete(_member_key(map_id, user.pk))


def present(map_id) -> list[Presence]:
    """Who has the map open, longest present first (one cache round trip for the roster, one for the members)."""
    roster = cache.get(_roster_key(map_id)) or []
    if not roster:
        return []
    entries = cache.get_many([_member_key(map_id, user_id) for user_id in roster])
    alive = [Presence(**entry) for entry in entries.values()]
    if len(alive) < len(roster):
        cache.set(_roster_key(map_id), [p.user_id for p in alive], ttl() * _ROSTER_FACTOR)
    return sorted(alive, key=lambda p: (p.since, p.username))
