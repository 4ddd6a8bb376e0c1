"""The whole of a map as one JSON document: the body of REST's ``GET /api/v1/maps/{id}/graph/``.

GraphQL serves it as ``Map.graphDocument`` so that clients wanting a whole map
get it without field-by-field execution; ``tests/api/graphql/test_graph_document.py``
compares the two.

The rows are the ones :func:`argmap.selectors.graph.map_graph` returns (the
same access selectors, fields and order) with REST's field names (foreign keys
without the ``_id`` suffix), but PostgreSQL writes each row's JSON text
(``row_to_json``; times formatted as orjson writes them, ``…Z``) and Python only
joins the texts: no row becomes a Python object, so a large map costs a fraction
of the time and memory (docs/performance.md, "REST graph and neighbourhood").
The bytes are the ones orjson would write for ``map_graph``'s rows
(``tests/argmap/selectors/test_graph_document.py`` holds them equal).
"""

from __future__ import annotations

import orjson
from django.db import models
from django.db.models.expressions import RawSQL

from argmap.models import ArgumentMap, Edge, EdgeRole, Participant, SchemeApplication, Source, Statement
from argmap.selectors.graph import (
    ANCHOR_FIELDS,
    APPLICATION_FIELDS,
    DOCUMENT_FIELDS,
    EDGE_FIELDS,
    EVIDENCE_FIELDS,
    SOURCE_FIELDS,
    STATEMENT_FIELDS,
    UNRESTRICTED,
    _row_sources,
    _with_authorship,
    conflict_kinds_in_graph,
)
from argmap.selectors.json_rows import ORJSON_OPTIONS, array, json_columns, row_json, scheme_key_sql


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


def _tag_slugs_sql(model: type[models.Model]) -> str:
    """The row's tag slugs as a JSON array text, in slug order (what ``map_graph``'s ``tags`` holds)."""
    through = model.tags.through._meta
    owner = next(f.column for f in through.fields if f.related_model is model)
    return (
        f"array_to_json(ARRAY(SELECT t.slug FROM {through.db_table} x JOIN argmap_tag t ON t.id = x.tag_id "
        f'WHERE x.{owner} = "{model._meta.db_table}".id ORDER BY t.slug))'
    )


def _speaker_name_sql(alias: str) -> str:
    """A statement's ``speaker_name`` as ``map_graph`` joins it: its participant's name, null for the author."""
    return f'(SELECT name FROM {Participant._meta.db_table} WHERE id = "{alias}".speaker_id)'


def _json_rows(
    queryset, model, field_names, *, order, overrides=None, computed=None, tags=False, extra=None
) -> list[tuple]:
    """``(row JSON text, …)`` of each row of ``queryset`` in ``order``; ``extra``: more columns after it.

    ``computed``: API name → SQL of fields that are not columns, written after ``field_names`` and before ``tags``.
    """
    columns = json_columns(model, field_names, overrides=overrides)
    for name, sql in (computed or {}).items():
        columns += f', {sql} AS "{name}"'
    if tags:
        columns += f', {_tag_slugs_sql(model)} AS "tags"'
    annotations = {"row_json": RawSQL(row_json(columns), ())}
    annotations |= extra or {}
    return list(queryset.order_by(*order).annotate(**annotations).values_list(*annotations))


def _text(sql: str) -> RawSQL:
    return RawSQL(sql, ())


def _with_kind_and_tags(row_json: str, tags: str, kind: str | None) -> str:
    """An application's JSON with ``conflict_kind`` and ``tags`` last (their place in ``map_graph``'s rows)."""
    return f'{row_json[:-1]},"conflict_kind":{orjson.dumps(kind).decode()},"tags":{tags}}}'


def map_graph_document(
    *, argument_map: ArgumentMap, user: object = UNRESTRICTED, include_suggestions: bool = False
) -> bytes:
    """``{"map": …, "statements": […], "scheme_applications": […], "edges": […], "anchors": […],
    "evidence_links": […], "sources": […], "documents": […]}`` as JSON bytes, in seven queries.

    Authorise reading the map first; ``user`` hides what :func:`map_graph` hides from them. Conflict kinds
    come from :func:`conflict_kinds_in_graph` over the visible rows, read in the same queries (ids as text).
    """
    map_id = argument_map.pk
    rows = _row_sources(user, include_suggestions=include_suggestions)
    created = ("created_at", "id")
    parts: dict = {}
    found = _json_rows(
        rows["statements"].filter(map_id=map_id),
        Statement,
        _with_authorship(STATEMENT_FIELDS),
        order=created,
        computed={"speaker_name": _speaker_name_sql("argmap_statement")},
        tags=True,
        extra={"id_text": _text('"argmap_statement".id::text'), "kind_text": _text('"argmap_statement".kind')},
    )
    parts["statements"] = array(row[0] for row in found)
    kind_of_statement = {statement_id: kind for _, statement_id, kind in found}
    consequent = f"CASE WHEN \"argmap_edge\".role = '{EdgeRole.CONSEQUENT}' THEN {{}} END"
    found = _json_rows(
        rows["edges"].filter(map_id=map_id),
        Edge,
        _with_authorship(EDGE_FIELDS),
        order=created,
        extra={
            "consequent_of": _text(consequent.format('"argmap_edge".application_id::text')),
            "consequent_statement": _text(consequent.format('"argmap_edge".statement_id::text')),
            "targets_application": _text(consequent.format('"argmap_edge".other_application_id IS NOT NULL')),
        },
    )
    edges = array(row[0] for row in found)
    consequents = [consequent for _, *consequent in found if consequent[0] is not None]
    found = _json_rows(
        rows["scheme_applications"].filter(map_id=map_id),
        SchemeApplication,
        _with_authorship(APPLICATION_FIELDS),
        order=created,
        overrides={"scheme": scheme_key_sql("argmap_schemeapplication")},
        extra={
            "tag_slugs": _text(_tag_slugs_sql(SchemeApplication) + "::text"),
            "id_text": _text('"argmap_schemeapplication".id::text'),
            "type_text": _text('"argmap_schemeapplication".type'),
        },
    )
    kinds = conflict_kinds_in_graph(
        kind_of_statement=kind_of_statement,
        type_of_application={application_id: type for _, _, application_id, type in found},
        consequents=consequents,
    )
    parts["scheme_applications"] = array(
        _with_kind_and_tags(row_json, tags, kinds.get(application_id)) for row_json, tags, application_id, _ in found
    )
    parts["edges"] = edges
    del found
    parts["anchors"] = array(
        row[0]
        for row in _json_rows(
            rows["anchors"].filter(map_id=map_id),
            rows["anchors"].model,
            _with_authorship(ANCHOR_FIELDS),
            order=("document_id", "start", "end", "id"),
        )
    )
    cited = rows["evidence_links"].filter(map_id=map_id)
    parts["evidence_links"] = array(
        row[0] for row in _json_rows(cited, cited.model, _with_authorship(EVIDENCE_FIELDS), order=created)
    )
    sources = (
        Source.objects.filter(pk__in=cited.values("source_id"))
        .order_by("footnote", "title", "id")
        .values(*SOURCE_FIELDS, "version")
    )
    parts["sources"] = orjson.dumps(list(sources), option=ORJSON_OPTIONS)
    documents = list(argument_map.documents.order_by("title", "id").values(*DOCUMENT_FIELDS))
    parts["documents"] = orjson.dumps(documents, option=ORJSON_OPTIONS)
    header = orjson.dumps(map_header(argument_map, documents), option=ORJSON_OPTIONS)
    pieces = [b'{"map":', header]
    for key, value in parts.items():
        pieces += [b',"', key.encode(), b'":', value]
    return b"".join([*pieces, b"}"])
