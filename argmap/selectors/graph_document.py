"""The whole of a map as one JSON document: the body of REST's ``GET /api/v1/maps/{id}/graph/``.

GraphQL serves it as ``Map.graphDocument`` so that clients wanting a whole map
get it without field-by-field execution. It is built from
:func:`argmap.selectors.graph.map_graph` with REST's field names (foreign keys
without the ``_id`` suffix) and REST's map header, so the two APIs serve the
same document; ``tests/api/graphql/test_graph_document.py`` compares them.
"""

from __future__ import annotations

from argmap.models import ArgumentMap
from argmap.selectors.graph import UNRESTRICTED, map_graph


def with_api_names(row: dict) -> dict:
    """A selector row with the APIs' field names: foreign keys without the ``_id`` suffix."""
    return {(key[:-3] if key.endswith("_id") else key): value for key, value in row.items()}


def map_header(argument_map: ArgumentMap, documents: list[dict]) -> dict:
    """The map itself as REST renders it; ``documents`` are :func:`map_graph`'s rows (title order, as REST's)."""
    return {
        "version": argument_map.version,
        "created_at": argument_map.created_at,
        "updated_at": argument_map.updated_at,
        "created_by": argument_map.created_by_id,
        "updated_by": argument_map.updated_by_id,
        "id": argument_map.pk,
        "workspace": argument_map.workspace_id,
        "key": argument_map.key,
        "name": argument_map.name,
        "description": argument_map.description,
        "visibility": argument_map.visibility,
        "documents": [str(row["id"]) for row in documents],
    }


def map_graph_document(*, argument_map: ArgumentMap, user: object = UNRESTRICTED) -> dict:
    """``{"map": …, "statements": […], "scheme_applications": […], "edges": […], "anchors": […],
    "evidence_links": […], "sources": […], "documents": […]}`` in :func:`map_graph`'s nine queries.

    Ids stay UUIDs and times datetimes (render with orjson, ``OPT_UTC_Z``). Authorise reading the map
    first; ``user`` hides what :func:`map_graph` hides from them.
    """
    found = map_graph(argument_map=argument_map, user=user)
    return {
        "map": map_header(argument_map, found["documents"]),
        **{key: [with_api_names(row) for row in rows] for key, rows in found.items()},
    }
