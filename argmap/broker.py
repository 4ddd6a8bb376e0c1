"""Telling every app process that the feed moved on: Redis pub/sub through the Channels layer.

A notice carries only a position and where it happened, never the rows: each
open stream re-reads the feed through the access selectors for its own reader,
so nothing private travels through the broker and a missed notice costs only
latency (streams also re-read on every heartbeat). Without a channel layer (the
SQLite quick start, no Redis) publishing does nothing and streams fall back to
polling; :func:`push_mode` says which.
"""

from __future__ import annotations

import asyncio
import atexit
import contextlib
import logging
import threading
import time
from collections.abc import AsyncIterator, Iterable
from contextlib import asynccontextmanager
from dataclasses import dataclass

logger = logging.getLogger(__name__)

#: Seconds between re-reads of the feed when no broker is configured.
POLL_SECONDS = 2.0
FEED_MOVED = "feed.moved"
PRESENCE_MOVED = "presence.moved"


@dataclass(frozen=True)
class Notice:
    position: int
    workspace_id: object
    map_id: object


def group_for_map(map_id) -> str:
    return f"argmap.map.{str(map_id).replace('-', '')}"


def group_for_workspace(workspace_id) -> str:
    return f"argmap.workspace.{str(workspace_id).replace('-', '')}"


def _layer():
    try:
        from channels.layers import get_channel_layer
    except ImportError:  # pragma: no cover - channels is a base requirement
        return None
    return get_channel_layer()


def push_mode() -> str:
    """``"broker"`` when notices cross processes, ``"polling"`` otherwise."""
    return "broker" if _layer() is not None else "polling"


def publish(notices: Iterable[Notice]) -> None:
    """Called after commit; returns at once. The notices go out from one publisher thread per process
    that keeps its event loop and its Redis connection (a fresh loop per write cost a connection each,
    about 30 ms). A broker outage is logged, never raised: the write has committed, and streams catch
    up on their next heartbeat."""
    layer = _layer()
    if layer is None:
        return
    _publisher().submit(_send(layer, list(notices)))


class _Publisher:
    def __init__(self) -> None:
        self.loop = asyncio.new_event_loop()
        self.pending: set = set()
        threading.Thread(target=self.loop.run_forever, name="argmap-feed-publisher", daemon=True).start()
        atexit.register(self.drain)

    def submit(self, coroutine) -> None:
        future = asyncio.run_coroutine_threadsafe(coroutine, self.loop)
        self.pending.add(future)
        future.add_done_callback(self._done)

    def _done(self, future) -> None:
        self.pending.discard(future)
        if not future.cancelled() and future.exception() is not None:
            logger.warning("feed notice not published", exc_info=future.exception())

    def drain(self, timeout: float = 2.0) -> None:
        """Waits for the notices still in flight (a management command exiting right after its write)."""
        deadline = time.monotonic() + timeout
        for future in list(self.pending):
            with contextlib.suppress(Exception):
                future.result(timeout=max(0.0, deadline - time.monotonic()))


_publisher_lock = threading.Lock()
_the_publisher: _Publisher | None = None


def _publisher() -> _Publisher:
    global _the_publisher
    with _publisher_lock:
        if _the_publisher is None or _the_publisher.loop.is_closed():
            _the_publisher = _Publisher()
        return _the_publisher


def publish_presence(map_id) -> None:
    """Someone opened, focused or left the map: streams re-read its presence (cut to each reader) and push
    it when it changed. Like a feed notice, the message carries no one's name."""
    layer = _layer()
    if layer is None:
        return
    _publisher().submit(layer.group_send(group_for_map(map_id), {"type": PRESENCE_MOVED}))


async def _send(layer, notices: list[Notice]) -> None:
    for notice in notices:
        message = {"type": FEED_MOVED, "position": notice.position}
        if notice.map_id:
            await layer.group_send(group_for_map(notice.map_id), message)
        if notice.workspace_id:
            await layer.group_send(group_for_workspace(notice.workspace_id), message)


@asynccontextmanager
async def wake_ups(group: str) -> AsyncIterator[Waiter]:
    """A waiter that returns when a notice for ``group`` arrives (or after a timeout)."""
    layer = _layer()
    if layer is None:
        yield Waiter(None, None)
        return
    channel = await layer.new_channel()
    await layer.group_add(group, channel)
    try:
        yield Waiter(layer, channel)
    finally:
        try:
            await layer.group_discard(group, channel)
        except Exception:
            logger.debug("group_discard failed", exc_info=True)


class Waiter:
    def __init__(self, layer, channel) -> None:
        self.layer = layer
        self.channel = channel

    async def wait(self, timeout: float) -> str | None:
        """The notice's type (``FEED_MOVED``, ``PRESENCE_MOVED``) when woken by one, None on timeout."""
        if self.layer is None:
            await asyncio.sleep(min(timeout, POLL_SECONDS))
            return None
        try:
            message = await asyncio.wait_for(self.layer.receive(self.channel), timeout)
        except TimeoutError:
            return None
        return message.get("type") or FEED_MOVED
