"""The change feed read: batches in commit order, cut to what the reader may see.

An event is one history batch's part in one map (or, in a workspace's feed, in
one map or in the workspace itself). A reader gets only the changes of an event
they may read (:func:`argmap.selectors.access.feed_scope_for`); an event with
none of those is left out entirely, so a hidden write leaves no trace. Cursors
are opaque encodings of the entry's position: positions are allocated in commit
order (``argmap.services.feed``), so a cursor stays valid forever and paging
from it never skips a batch that committed later.
"""

from __future__ import annotations

import base64
import binascii
import re
from dataclasses import dataclass, field

from django.db.models import Count, Exists, F, Max, OuterRef, Window
from django.db.models.functions import RowNumber

from argmap.errors import InvalidInput
from argmap.models import ArgumentMap, FeedEntry, Workspace

from .access import feed_scope_for

DEFAULT_LIMIT = 50
MAX_LIMIT = 200
#: Changes listed per event; an import's batch can hold hundreds of thousands (``truncated`` says so).
MAX_CHANGES_PER_EVENT = 500
_CURSOR_PREFIX = "feed:"


#: What a cursor looks like (unpadded base64url), as the schema publishes it.
CURSOR_PATTERN = re.compile(r"[A-Za-z0-9_-]*")


def encode_cursor(position: int) -> str:
    return base64.urlsafe_b64encode(f"{_CURSOR_PREFIX}{position}".encode()).decode().rstrip("=")


def decode_cursor(cursor: str | None, *, field_name: str = "after") -> int:
    """The position after which to read; 0 (the beginning) for an empty cursor."""
    if not cursor:
        return 0
    try:
        text = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        if not text.startswith(_CURSOR_PREFIX):
            raise ValueError(text)
        position = int(text[len(_CURSOR_PREFIX) :])
        if position < 0:
            raise ValueError(text)
    except (ValueError, binascii.Error, UnicodeDecodeError):
        raise InvalidInput(f"{field_name}: not a cursor of this feed.", field=field_name) from None
    return position


def latest_cursor() -> str:
    """The feed's newest position as a cursor: read it before reading a state, and ``after=`` it misses nothing
    written since. Positions are shared by every map, so it says nothing about any one map."""
    position = FeedEntry.objects.aggregate(last=Max("position"))["last"] or 0
    return encode_cursor(position)


def check_limit(limit: int | None) -> int:
    if limit is None:
        return DEFAULT_LIMIT
    if not 1 <= limit <= MAX_LIMIT:
        raise InvalidInput(f"limit: between 1 and {MAX_LIMIT}.", field="limit")
    return limit


@dataclass
class FeedEvent:
    position: int
    cursor: str
    batch: object
    workspace_id: object
    map_id: object
    actor_id: int | None
    actor_username: str
    at: object
    summary: str
    changes: list[dict] = field(default_factory=list)
    change_count: int = 0

    @property
    def truncated(self) -> bool:
        return len(self.changes) < self.change_count

    def document(self) -> dict:
        """The event as every door publishes it (REST feed, SSE stream, webhook payload)."""
        return {
            "id": self.batch,
            "cursor": self.cursor,
            "map": self.map_id,
            "workspace": self.workspace_id,
            "actor": self.actor_id,
            "actor_username": self.actor_username,
            "at": self.at,
            "summary": self.summary,
            "change_count": self.change_count,
            "truncated": self.truncated,
            "changes": self.changes,
        }


@dataclass
class FeedPage:
    events: list[FeedEvent]
    has_more: bool
    #: Where to resume: the last event's cursor, or the one given when there was nothing new.
    cursor: str


def map_changes(user, argument_map: ArgumentMap, *, after: int = 0, limit: int = DEFAULT_LIMIT) -> FeedPage:
    """Events of one map after position ``after`` (raises NotFound if the reader may not read its feed)."""
    scope = feed_scope_for(user, argument_map=argument_map)
    return _page(FeedEntry.objects.filter(map_id=argument_map.pk), scope, after=after, limit=limit)


def workspace_changes(user, workspace: Workspace, *, after: int = 0, limit: int = DEFAULT_LIMIT) -> FeedPage:
    """Events of every map of a workspace and of the workspace itself (members only)."""
    scope = feed_scope_for(user, workspace=workspace)
    return _page(FeedEntry.objects.filter(workspace_id=workspace.pk), scope, after=after, limit=limit)


def _page(entries, scope, *, after: int, limit: int) -> FeedPage:
    visible = scope.changes.filter(batch=OuterRef("batch"))
    rows = list(
        entries.filter(Exists(visible), position__gt=max(after, scope.since - 1))
        .order_by("position")
        .values("position", "batch", "workspace_id", "map_id", "actor_id", "actor__username", "at", "summary")[
            : limit + 1
        ]
    )
    has_more = len(rows) > limit
    rows = rows[:limit]
    events = [
        FeedEvent(
            position=row["position"],
            cursor=encode_cursor(row["position"]),
            batch=row["batch"],
            workspace_id=row["workspace_id"],
            map_id=row["map_id"],
            actor_id=row["actor_id"],
            actor_username=row["actor__username"] or "",
            at=row["at"],
            summary=row["summary"],
        )
        for row in rows
    ]
    if events:
        _attach_changes(events, scope)
    return FeedPage(events=events, has_more=has_more, cursor=events[-1].cursor if events else encode_cursor(after))


def _attach_changes(events: list[FeedEvent], scope) -> None:
    """The events' visible changes (the first ``MAX_CHANGES_PER_EVENT`` of each) and their counts, in one query."""
    by_key = {(e.batch, e.workspace_id, e.map_id): e for e in events}
    partition = {"partition_by": [F("batch"), F("workspace_id"), F("map_id")]}
    numbered = (
        scope.changes.filter(batch__in=[e.batch for e in events])
        .annotate(
            number=Window(RowNumber(), order_by=F("id").asc(), **partition),
            total=Window(Count("id"), **partition),
        )
        .values("id", "batch", "workspace_id", "map_id", "entity", "entity_id", "action", "before", "after", "total")
    )
    for change in numbered.filter(number__lte=MAX_CHANGES_PER_EVENT).order_by("id"):
        event = by_key.get((change["batch"], change["workspace_id"], change["map_id"]))
        if event is None:
            continue
        event.change_count = change["total"]
        event.changes.append(
            {
                "id": change["id"],
                "entity": change["entity"],
                "entity_id": change["entity_id"],
                "action": change["action"],
                "before": change["before"],
                "after": change["after"],
            }
        )
