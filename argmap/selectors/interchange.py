"""Reads for export: a map's whole graph plus what interchange formats carry beyond it.

Fixed number of queries whatever the map's size: :func:`argmap.selectors.graph.map_graph`
(nine) plus dialogue nodes, dialogue edges, external ids and the documents' texts.
Visibility is the caller's business: authorise the map first.
"""

from __future__ import annotations

from argmap.models import ArgumentMap, DialogueEdge, DialogueNode, ExternalId, Participant

from .graph import UNRESTRICTED, map_graph
from .layout import stored_positions


def interchange_graph(
    *, argument_map: ArgumentMap, user: object = UNRESTRICTED, include_suggestions: bool = False
) -> dict:
    """:func:`map_graph`'s dict, each statement and scheme application with its ``data``, plus ``map`` (id, name, description), ``dialogue_nodes``,
    ``dialogue_edges``, ``external_ids`` (``{(family, node id): {scheme: external id}}``),
    ``external_records`` (``{(family, node id): {scheme: {text, timestamp}}}``, verbatim from the file),
    ``document_texts`` (``{document id: text}``), ``document_urls``, ``map_authors`` (the first document's
    authors that has any: the speaker of statements without one), ``participants`` (the statements' speakers:
    id, name, kind, key; one query, none when no statement has a speaker) and ``positions`` (the canvas layout,
    :func:`argmap.selectors.layout.stored_positions`). With ``user``, the graph is
    what that user may see (see :func:`map_graph`); dialogue nodes and external ids are not layered
    and come whole. Pending suggestions only with ``include_suggestions``."""
    graph = map_graph(argument_map=argument_map, user=user, with_data=True, include_suggestions=include_suggestions)
    map_id = argument_map.pk
    graph["map"] = {
        "id": argument_map.pk,
        "name": argument_map.name,
        "description": argument_map.description,
        "visibility": argument_map.visibility,
    }
    graph["dialogue_nodes"] = list(
        DialogueNode.objects.filter(map_id=map_id)
        .order_by("created_at", "id")
        .values("id", "aif_type", "text", "scheme_name", "timestamp", "properties", "created_at")
    )
    graph["dialogue_edges"] = list(
        DialogueEdge.objects.filter(map_id=map_id)
        .order_by("created_at", "id")
        .values("id", "from_family", "from_id", "to_family", "to_id")
    )
    external: dict = {}
    records: dict = {}
    for row in (
        ExternalId.objects.filter(map_id=map_id)
        .order_by("id")
        .values("scheme", "external_id", "family", "node_id", "text", "timestamp")
    ):
        node = (row["family"], row["node_id"])
        external.setdefault(node, {})[row["scheme"]] = row["external_id"]
        records.setdefault(node, {})[row["scheme"]] = {"text": row["text"], "timestamp": row["timestamp"]}
    graph["external_ids"] = external
    graph["external_records"] = records
    documents = list(argument_map.documents.order_by("title", "id").values("id", "text", "url", "authors"))
    graph["map_authors"] = next((d["authors"] for d in documents if d["authors"]), [])
    speakers = {row["speaker_id"] for row in graph["statements"] if row["speaker_id"]}
    graph["participants"] = (
        list(Participant.objects.filter(pk__in=speakers).order_by("name", "id").values("id", "name", "kind", "key"))
        if speakers
        else []
    )
    graph["document_texts"] = {d["id"]: d["text"] for d in documents}
    graph["document_urls"] = {d["id"]: d["url"] for d in documents}
    graph["positions"] = stored_positions(argument_map)
    return graph
