"""Who else has a map open, as a reader of the map may see it.

A focused node the reader may not see (another annotator's hidden draft during
blind annotation) is reported as no node at all, so presence never reveals a row
the feed and the graph hide.
"""

from __future__ import annotations

from dataclasses import replace

from argmap import presence
from argmap.models import ArgumentMap

from .access import visible_scheme_applications_for, visible_statements_for


def focusable_node(user, argument_map: ArgumentMap, node_id) -> str | None:
    """``node_id`` as a string if it is a statement or scheme application of the map that ``user`` may see."""
    if node_id is None:
        return None
    for reader in (visible_statements_for, visible_scheme_applications_for):
        if reader(user).filter(map_id=argument_map.pk, pk=node_id).exists():
            return str(node_id)
    return None


def present_readers(user, argument_map: ArgumentMap) -> list[presence.Presence]:
    """The map's present readers (the caller has checked that ``user`` reads the map), nodes cut to what they see."""
    everyone = presence.present(argument_map.pk)
    nodes = {p.node_id for p in everyone if p.node_id}
    if not nodes:
        return everyone
    seen = {
        str(pk): reader(user).model._meta.model_name
        for reader in (visible_statements_for, visible_scheme_applications_for)
        for pk in reader(user).filter(map_id=argument_map.pk, pk__in=nodes).values_list("pk", flat=True)
    }
    return [
        replace(p, node_id=p.node_id if p.node_id in seen else None, node_type=seen.get(p.node_id)) for p in everyone
    ]
