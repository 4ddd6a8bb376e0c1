"""The canvas layout of a map: where its nodes sit, so a team sees one picture."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import NamedTuple

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone

from argmap.errors import InvalidInput
from argmap.models import ArgumentMap, NodePosition, SchemeApplication, Statement

#: Far beyond any drawing, near enough that a coordinate stays exact in a float and in OVA's integer x/y.
COORDINATE_LIMIT = 1_000_000
#: Nodes one request may move (a whole 1,000-statement map with its inferences fits).
MOVE_LIMIT = 10_000


class NodeMove(NamedTuple):
    node: Statement | SchemeApplication
    x: float
    y: float


def move_nodes(
    *, actor: AbstractBaseUser | None, argument_map: ArgumentMap, positions: Sequence[NodeMove]
) -> list[NodePosition]:
    """Store where ``positions``' nodes sit on the map's canvas, all or none, replacing earlier positions.

    Arranging the picture is not changing the argument: no node version moves, nothing is reviewed or
    recorded in history, and the last writer's position of a node wins."""
    if len(positions) > MOVE_LIMIT:
        raise InvalidInput(f"At most {MOVE_LIMIT} nodes can be moved at once.", field="positions")
    for index, move in enumerate(positions):
        if move.node.map_id != argument_map.pk:
            raise InvalidInput(f"positions[{index}]: that node is not part of this map.", field="positions")
        for axis in ("x", "y"):
            value = getattr(move, axis)
            if not math.isfinite(value) or abs(value) > COORDINATE_LIMIT:
                raise InvalidInput(
                    f"positions[{index}].{axis} must be a number between -{COORDINATE_LIMIT} and {COORDINATE_LIMIT}.",
                    field="positions",
                )
    user = actor if getattr(actor, "pk", None) else None
    now = timezone.now()
    latest = {move.node.pk: move for move in positions}
    rows = {"statement": [], "application": []}
    for move in latest.values():
        family = "statement" if isinstance(move.node, Statement) else "application"
        rows[family].append(
            NodePosition(
                workspace_id=argument_map.workspace_id,
                map=argument_map,
                x=float(move.x),
                y=float(move.y),
                created_by=user,
                updated_by=user,
                created_at=now,
                updated_at=now,
                **{family: move.node},
            )
        )
    stored = []
    with transaction.atomic():
        for family, batch in rows.items():
            if batch:
                stored += NodePosition.objects.bulk_create(
                    batch,
                    update_conflicts=True,
                    unique_fields=[family],
                    update_fields=["x", "y", "updated_by", "updated_at"],
                )
    return stored
