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
import logging
from collections.abc import AsyncIterator, Iterable
from contextlib import asynccontextmanager
from dataclasses import dataclass

from asgiref.sync import async_to_sync

logger = logging.getLogger(__name__)

#: Seconds between re-reads of the feed when no broker is configured.
POLL_SECONDS = 2.0


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
    """Called after commit. A broker outage is logged, never raised: the write has committed, and
    streams catch up on their next heartbeat."""
    layer = _layer()
    if layer is None:
        return
    try:
        async_to_sync(_send)(layer, list(notices))
    except Exception:
        logger.warning("feed notice not published", exc_info=True)


async def _send(layer, notices: list[Notice]) -> None:
    for notice in notices:
        message = {"type": "feed.moved", "position": notice.position}
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

    async def wait(self, timeout: float) -> bool:
        """True when woken by a notice, False on timeout."""
        if self.layer is None:
            await asyncio.sleep(min(timeout, POLL_SECONDS))
            return False
        try:
            await asyncio.wait_for(self.layer.receive(self.channel), timeout)
        except TimeoutError:
            return False
        return True
