"""``subscription { mapChanged(mapId:, after:) { … } }``: the map's change feed, pushed.

The source stream re-reads the feed through the access selectors whenever the
broker says the map moved on (and every heartbeat), so each subscriber gets
exactly the events it may see, once and in commit order, and a subscriber who
loses access stops receiving. A map the caller may not read is refused exactly
like a missing one.
"""

from __future__ import annotations

import graphene
from asgiref.sync import sync_to_async
from django.db import connection

from argmap import broker
from argmap.errors import NotFound
from argmap.selectors import changes as feed
from argmap.selectors.access import feed_scope_for, visible_maps_for

from ..core.context import current_user
from ..core.lookup import find
from .types import ChangeEvent

#: Seconds between re-reads when no notice arrives (covers a lost notice).
RECHECK_SECONDS = 15.0


def _open(info, map_id, after):
    try:
        argument_map = find(info, map_id, {"Map": visible_maps_for}, field="mapId")
        feed_scope_for(current_user(info), argument_map=argument_map)
        return argument_map, feed.decode_cursor(after)
    finally:
        connection.close()


def _read(user, argument_map, after: int) -> feed.FeedPage:
    try:
        return feed.map_changes(user, argument_map, after=after, limit=feed.MAX_LIMIT)
    finally:
        connection.close()


class ChangeSubscriptions(graphene.ObjectType):
    map_changed = graphene.Field(
        graphene.NonNull(ChangeEvent),
        map_id=graphene.ID(required=True),
        after=graphene.String(description="Resume after this cursor (from `Map.changes` or an earlier event)."),
        description=(
            "Each write to the map as it commits, as you may see it (the same events as `Map.changes`). With "
            "`after`, first every event since that cursor. Over WebSocket, protocol `graphql-transport-ws`."
        ),
    )

    @staticmethod
    async def subscribe_map_changed(root, info, map_id, after=None):
        """Checks access before the stream opens, so a refusal is the subscription's error, not a dropped stream."""
        argument_map, position = await sync_to_async(_open)(info, map_id, after)
        return _follow(current_user(info), argument_map, position)


async def _follow(user, argument_map, position: int):
    async with broker.wake_ups(broker.group_for_map(argument_map.pk)) as waiter:
        while True:
            try:
                page = await sync_to_async(_read)(user, argument_map, position)
            except NotFound:
                return
            for event in page.events:
                yield event
                position = event.position
            if not page.has_more:
                while await waiter.wait(RECHECK_SECONDS) == broker.PRESENCE_MOVED:
                    pass
