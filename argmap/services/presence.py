"""Presence heartbeats: a cache write with a time to live, never history (see :mod:`argmap.presence`)."""

from __future__ import annotations

import uuid

from django.contrib.auth.models import AbstractBaseUser

from argmap import broker, presence
from argmap.errors import InvalidInput
from argmap.models import ArgumentMap
from argmap.selectors.presence import focusable_node


def record_presence(*, actor: AbstractBaseUser, argument_map: ArgumentMap, node_id: object = None) -> presence.Presence:
    """``actor`` has ``argument_map`` open, focused on ``node_id`` (a statement or scheme application of the map
    that they may see; anything else is refused as if it did not exist)."""
    if node_id is not None:
        try:
            node_id = uuid.UUID(str(node_id))
        except ValueError:
            raise InvalidInput("node: not a node id.", field="node") from None
        if focusable_node(actor, argument_map, node_id) is None:
            raise InvalidInput(f"node: no node {node_id} in this map (or none you may see).", field="node")
    present, noticeable = presence.heartbeat(
        user=actor, map_id=argument_map.pk, node_id=str(node_id) if node_id else None
    )
    if noticeable:
        broker.publish_presence(argument_map.pk)
    return present


def leave_map(*, actor: AbstractBaseUser, argument_map: ArgumentMap) -> None:
    presence.leave(user=actor, map_id=argument_map.pk)
    broker.publish_presence(argument_map.pk)
