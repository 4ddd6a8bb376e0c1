"""``GET maps/{id}/events/``: the map's change feed pushed as Server-Sent Events.

Each event is one feed event (``event: change``, ``id:`` its cursor, ``data:`` the JSON the feed
endpoint gives), or the map's presence list when it changed (``event: presence``, no ``id:``, ``data:``
what ``GET maps/{id}/presence/`` answers: someone opened the map, moved their focus or left; the first
one comes with the opening when anyone is present). A browser's ``EventSource`` resumes after a drop by sending ``Last-Event-ID``; other
clients may send ``?after=<cursor>``. Comment lines (``: heartbeat``) keep proxies from closing an idle
stream. The stream re-reads the feed through the access selectors whenever the broker says the map
moved on (and on every heartbeat, so a lost notice costs latency, not events): delivery is exactly
once and in commit order by construction, and a reader who loses access is disconnected.

Under ASGI (``make serve``) the stream is an async iterator woken by Redis pub/sub. Under WSGI (the
quick start's runserver) it holds a thread and polls every couple of seconds, and its first comment
line says so.
"""

from __future__ import annotations

import time

import orjson
from asgiref.sync import sync_to_async
from django.core.handlers.asgi import ASGIRequest
from django.db import connection
from django.http import StreamingHttpResponse
from drf_spectacular.utils import extend_schema
from rest_framework.renderers import BaseRenderer
from rest_framework.views import APIView

from argmap import broker
from argmap.errors import NotFound
from argmap.selectors import changes as feed
from argmap.selectors.access import feed_scope_for, visible_maps_for

from ..renderers import FastJSONRenderer
from ..serializers.changes import render_event
from .base import ArgmapView
from .presence import presence_listing

HEARTBEAT_SECONDS = 15.0
#: What the client should wait before reconnecting (the SSE ``retry:`` field), in milliseconds.
RETRY_MILLISECONDS = 2000


class EventStreamRenderer(BaseRenderer):
    """Lets ``Accept: text/event-stream`` through content negotiation; refusals still render as JSON."""

    media_type = "text/event-stream"
    format = "sse"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        return orjson.dumps(data, option=orjson.OPT_NON_STR_KEYS | orjson.OPT_UTC_Z) if data is not None else b""


def sse_event(event) -> bytes:
    data = orjson.dumps(render_event(event), option=orjson.OPT_NON_STR_KEYS | orjson.OPT_UTC_Z)
    return b"id: " + event.cursor.encode() + b"\nevent: change\ndata: " + data + b"\n\n"


class MapEventsView(ArgmapView, APIView):
    object_etag = False
    renderer_classes = [FastJSONRenderer, EventStreamRenderer]

    @extend_schema(exclude=True)
    def get(self, request, pk):
        """Not in OpenAPI: an endless response cannot be described there, and the schema-driven fuzzers
        would wait on it forever (docs/api.md documents it)."""
        user = request.user
        argument_map = self.referenced(visible_maps_for(user), pk, field="id", noun="map")
        feed_scope_for(user, argument_map=argument_map)
        cursor = request.headers.get("Last-Event-ID") or request.query_params.get("after")
        after = feed.decode_cursor(
            cursor, field_name="Last-Event-ID" if request.headers.get("Last-Event-ID") else "after"
        )
        if isinstance(request._request, ASGIRequest):
            stream = _pushed(user, argument_map, after)
        else:
            stream = _polled(user, argument_map, after)
        response = StreamingHttpResponse(stream, content_type="text/event-stream; charset=utf-8")
        response["Cache-Control"] = "no-store"
        response["X-Accel-Buffering"] = "no"
        return response


class _PresenceWatch:
    """Pushes the presence list when what a reader would notice changed (not on every heartbeat's ``seen``)."""

    def __init__(self, user, argument_map) -> None:
        self.user, self.argument_map, self.last = user, argument_map, None

    def event(self) -> bytes | None:
        listing = presence_listing(self.user, self.argument_map)
        shown = [(r["user"], r["node"], r["since"]) for r in listing["results"]]
        previous, self.last = self.last, shown
        if shown == (previous if previous is not None else []):
            return None
        return b"event: presence\ndata: " + orjson.dumps(listing, option=orjson.OPT_UTC_Z) + b"\n\n"


def _read(user, argument_map, after: int, *, watch: _PresenceWatch | None, feed_too: bool = True):
    """The presence event (when ``watch`` is given and it changed) and one page of the feed (when
    ``feed_too``), on a connection that is given back at once (to the pool, with ``DB_POOL=1``): an idle
    stream holds no database connection."""
    try:
        pushed = watch.event() if watch is not None else None
        page = feed.map_changes(user, argument_map, after=after, limit=feed.MAX_LIMIT) if feed_too else None
        return pushed, page
    finally:
        connection.close()


def _opening(mode: str) -> bytes:
    return f"retry: {RETRY_MILLISECONDS}\n: argmap change stream, push: {mode}\n\n".encode()


async def _pushed(user, argument_map, after: int):
    mode = broker.push_mode()
    watch = _PresenceWatch(user, argument_map)
    async with broker.wake_ups(broker.group_for_map(argument_map.pk)) as waiter:
        # Subscribed before the first read: a write committed from here on is either read or notified.
        yield _opening(mode if mode == "broker" else f"polling every {broker.POLL_SECONDS:g} s")
        woken = None  # the first pass, and every heartbeat, read both
        while True:
            try:
                pushed, page = await sync_to_async(_read)(
                    user,
                    argument_map,
                    after,
                    watch=watch if woken != broker.FEED_MOVED else None,
                    feed_too=woken != broker.PRESENCE_MOVED,
                )
            except NotFound:
                return
            if pushed:
                yield pushed
            if page is not None:
                for event in page.events:
                    yield sse_event(event)
                    after = event.position
                if page.has_more:
                    woken = broker.FEED_MOVED
                    continue
            woken = await waiter.wait(HEARTBEAT_SECONDS)
            if woken is None:
                yield b": heartbeat\n\n"


def _polled(user, argument_map, after: int):
    yield _opening(f"polling every {broker.POLL_SECONDS:g} s (WSGI server; serve with ASGI for push)")
    watch = _PresenceWatch(user, argument_map)
    idle = 0.0
    while True:
        try:
            pushed, page = _read(user, argument_map, after, watch=watch)
        except NotFound:
            return
        if pushed:
            yield pushed
        for event in page.events:
            yield sse_event(event)
            after = event.position
        if page.has_more:
            continue
        time.sleep(broker.POLL_SECONDS)
        idle += broker.POLL_SECONDS
        if idle >= HEARTBEAT_SECONDS:
            idle = 0.0
            yield b": heartbeat\n\n"
