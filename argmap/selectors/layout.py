"""The canvas layout of a map as a user may see it."""

from __future__ import annotations

from django.db.models import Q

from argmap.models import ArgumentMap, NodePosition

from .access import visible_scheme_applications_for, visible_statements_for


def map_layout(user, argument_map: ArgumentMap) -> list[dict]:
    """The stored positions of the map's nodes that ``user`` may see (a blind annotator: their own nodes'),
    one query: ``{node, family, x, y, updated_by, updated_at}``."""
    statements = visible_statements_for(user).filter(map=argument_map).values("pk")
    applications = visible_scheme_applications_for(user).filter(map=argument_map).values("pk")
    rows = (
        NodePosition.objects.filter(map=argument_map)
        .filter(Q(statement__in=statements) | Q(application__in=applications))
        .order_by("created_at", "id")
        .values("statement_id", "application_id", "x", "y", "updated_by__username", "updated_at")
    )
    return [
        {
            "node": row["statement_id"] or row["application_id"],
            "family": "statement" if row["statement_id"] else "application",
            "x": row["x"],
            "y": row["y"],
            "updated_by": row["updated_by__username"],
            "updated_at": row["updated_at"],
        }
        for row in rows
    ]


def stored_positions(argument_map: ArgumentMap) -> dict[tuple[str, object], tuple[float, float]]:
    """``{(family, node id): (x, y)}`` for every positioned node of the map (for exports, which filter nodes
    themselves)."""
    rows = NodePosition.objects.filter(map=argument_map).values_list("statement_id", "application_id", "x", "y")
    return {("statement", s) if s else ("application", a): (x, y) for s, a, x, y in rows}
