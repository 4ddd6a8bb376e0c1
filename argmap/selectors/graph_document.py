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

import functools
import uuid
from dataclasses import dataclass

import orjson
from django.db import connection
from django.db.models import OuterRef
from django.db.models.expressions import RawSQL

from argmap.models import ArgumentMap, Document, Edge, EdgeRole, Participant, SchemeApplication, Source, Statement
from argmap.selectors.access import visible_maps_for
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
    fingerprint_of,
    fingerprint_parts,
    map_graph,
    map_graph_fingerprint,
)
from argmap.selectors.json_rows import (
    ORJSON_OPTIONS,
    array,
    json_columns,
    json_object,
    provenance_sql,
    row_json,
    scheme_key_sql,
    tag_slugs_sql,
    with_api_names,
)
from argmap.selectors.prepared import prepared_rows
from argmap.selectors.reader_sql import reader_sql


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


def _speaker_name_sql(alias: str) -> str:
    """A statement's ``speaker_name`` as ``map_graph`` joins it: its participant's name, null for the author."""
    return f'(SELECT name FROM {Participant._meta.db_table} WHERE id = "{alias}".speaker_id)'


def _text(sql: str) -> RawSQL:
    return RawSQL(sql, ())


def _with_kind_and_tags(row_json: str, tags: str, kind: str | None) -> str:
    """An application's JSON with ``conflict_kind`` and ``tags`` last (their place in ``map_graph``'s rows)."""
    return f'{row_json[:-1]},"conflict_kind":{orjson.dumps(kind).decode()},"tags":{tags}}}'


def map_graph_document(
    *, argument_map: ArgumentMap, user: object = UNRESTRICTED, include_suggestions: bool = False
) -> bytes:
    """``{"map": …, "statements": […], "scheme_applications": […], "edges": […], "anchors": […],
    "evidence_links": […], "sources": […], "documents": […]}`` as JSON bytes, in one query.

    Authorise reading the map first; ``user`` hides what :func:`map_graph` hides from them. Conflict kinds
    come from :func:`conflict_kinds_in_graph` over the visible rows, read in the same query (ids as text).
    """
    return graph_body(
        map_id=argument_map.pk,
        user=user,
        include_suggestions=include_suggestions,
        header=lambda documents: orjson.dumps(map_header(argument_map, documents), option=ORJSON_OPTIONS),
    )


#: The parts of the graph body in the order they are read (one ``UNION ALL``) and written.
PARTS = ("statements", "edges", "scheme_applications", "anchors", "evidence_links", "sources", "documents")
#: Per part, up to three more text columns after the row's JSON.
EXTRA_COLUMNS = 3
_NO_TEXT = "NULL::text"


def graph_body(*, map_id, user: object, header, include_suggestions: bool = False) -> bytes:
    """The graph body of map ``map_id`` (readable by ``user``: authorise first); ``header(documents)`` writes its
    ``map`` from the documents' rows (``{"id": …}`` each, title order). Pending suggestions only if
    ``include_suggestions``."""
    if connection.vendor != "postgresql":
        return _portable_graph_body(map_id, user, header, include_suggestions)
    sql, params = reader_sql(
        _read_name("graph body", include_suggestions),
        user,
        functools.partial(_graph_body_sql, include_suggestions=include_suggestions),
        literal_constants=True,
        map_id=map_id,
    )
    found: dict = {part: [] for part in PARTS}
    for part, *row in prepared_rows(sql, params):
        found[PARTS[part]].append(row)
    kind_of_statement = {statement_id: kind for _, statement_id, kind, _ in found["statements"]}
    consequents = [
        (application_id, statement_id, other_application_id is not None)
        for _, application_id, statement_id, other_application_id in found["edges"]
        if application_id is not None
    ]
    kinds = conflict_kinds_in_graph(
        kind_of_statement=kind_of_statement,
        type_of_application={application_id: type for _, _, application_id, type in found["scheme_applications"]},
        consequents=consequents,
    )
    parts = {
        "statements": array(row[0] for row in found["statements"]),
        "scheme_applications": array(
            _with_kind_and_tags(row_json, tags, kinds.get(application_id))
            for row_json, tags, application_id, _ in found["scheme_applications"]
        ),
        "edges": array(row[0] for row in found["edges"]),
        "anchors": array(row[0] for row in found["anchors"]),
        "evidence_links": array(row[0] for row in found["evidence_links"]),
        # row_to_json writes jsonb (a source's authors) with spaces: orjson writes these few rows again
        "sources": orjson.dumps([orjson.loads(row[0]) for row in found["sources"]], option=ORJSON_OPTIONS),
        "documents": array(row[0] for row in found["documents"]),
    }
    return json_object({"map": header([{"id": row[1]} for row in found["documents"]]), **_in_body_order(parts)})


def _portable_graph_body(map_id, user, header, include_suggestions: bool) -> bytes:
    """:func:`graph_body` on a database other than PostgreSQL (the quick start's SQLite): :func:`map_graph`'s
    rows written by orjson, the same bytes."""
    found = map_graph(
        argument_map=ArgumentMap.objects.get(pk=map_id), user=user, include_suggestions=include_suggestions
    )
    parts = {
        key: orjson.dumps([with_api_names(row) for row in rows], option=ORJSON_OPTIONS) for key, rows in found.items()
    }
    return json_object({"map": header([{"id": row["id"]} for row in found["documents"]]), **_in_body_order(parts)})


#: The body's parts in the order it writes them (REST's, since before the body was one statement).
BODY_ORDER = ("statements", "scheme_applications", "edges", "anchors", "evidence_links", "sources", "documents")


def _in_body_order(parts: dict[str, bytes]) -> dict[str, bytes]:
    return {key: parts[key] for key in BODY_ORDER}


def _portable_graph_head(map_id, user, include_suggestions: bool) -> GraphHead | None:
    """:func:`map_graph_head` on a database other than PostgreSQL, through the ORM."""
    maps = ArgumentMap.objects.all() if user is UNRESTRICTED else visible_maps_for(user)
    argument_map = maps.filter(pk=map_id).first()
    if argument_map is None:
        return None
    documents = list(argument_map.documents.order_by("title", "id").values("id"))
    fingerprint = map_graph_fingerprint(argument_map=argument_map, user=user, include_suggestions=include_suggestions)
    return GraphHead(
        map_id=map_id,
        etag=_graph_etag(fingerprint, include_suggestions),
        header=orjson.dumps(map_header(argument_map, documents), option=ORJSON_OPTIONS),
        include_suggestions=include_suggestions,
    )


def _graph_etag(fingerprint: str, include_suggestions: bool) -> str:
    """A graph with suggestions is another representation of the map: its ETag differs."""
    return fingerprint + ("+suggestions" if include_suggestions else "")


def _read_name(read: str, include_suggestions: bool) -> str:
    """A read's name for :func:`reader_sql`: with suggestions it is another statement, compiled apart."""
    return f"{read} with suggestions" if include_suggestions else read


def _graph_body_sql(reader, *, map_id, include_suggestions: bool = False) -> tuple[str, list]:
    """Every part of the body in one statement: ``(part index, row JSON, extra texts…)``, each part in its order."""
    rows = _row_sources(reader, include_suggestions=include_suggestions)
    created = ("created_at", "id")
    consequent = f"CASE WHEN \"argmap_edge\".role = '{EdgeRole.CONSEQUENT}' THEN {{}} END"
    cited = rows["evidence_links"].filter(map_id=map_id)
    source_columns = ", ".join(f'"argmap_source"."{name}" AS "{name}"' for name in (*SOURCE_FIELDS, "version"))
    selects = [
        _json_rows_sql(
            "statements",
            rows["statements"].filter(map_id=map_id),
            Statement,
            _with_authorship(STATEMENT_FIELDS),
            order=created,
            computed={"speaker_name": _speaker_name_sql("argmap_statement"), **provenance_sql("argmap_statement")},
            tags=True,
            extra=('"argmap_statement".id::text', '"argmap_statement".kind'),
        ),
        _json_rows_sql(
            "edges",
            rows["edges"].filter(map_id=map_id),
            Edge,
            _with_authorship(EDGE_FIELDS),
            order=created,
            extra=tuple(
                consequent.format(f'"argmap_edge".{column}::text')
                for column in ("application_id", "statement_id", "other_application_id")
            ),
        ),
        _json_rows_sql(
            "scheme_applications",
            rows["scheme_applications"].filter(map_id=map_id),
            SchemeApplication,
            _with_authorship(APPLICATION_FIELDS),
            order=created,
            overrides={"scheme": scheme_key_sql("argmap_schemeapplication")},
            computed=provenance_sql("argmap_schemeapplication"),
            extra=(
                tag_slugs_sql(SchemeApplication) + "::text",
                '"argmap_schemeapplication".id::text',
                '"argmap_schemeapplication".type',
            ),
        ),
        _json_rows_sql(
            "anchors",
            rows["anchors"].filter(map_id=map_id),
            rows["anchors"].model,
            _with_authorship(ANCHOR_FIELDS),
            order=("document_id", "start", "end", "id"),
        ),
        _json_rows_sql("evidence_links", cited, cited.model, _with_authorship(EVIDENCE_FIELDS), order=created),
        _json_rows_sql(
            "sources",
            Source.objects.filter(pk__in=cited.values("source_id")),
            Source,
            (),
            order=("footnote", "title", "id"),
            row=f"(SELECT row_to_json(r)::text FROM (SELECT {source_columns}) r)",
        ),
        _json_rows_sql(
            "documents",
            Document.objects.filter(maps__id=map_id),
            Document,
            DOCUMENT_FIELDS,
            order=("title", "id"),
            extra=('"argmap_document".id::text',),
        ),
    ]
    sql = " UNION ALL ".join(f"({select})" for select, _ in selects)
    return sql, [param for _, params in selects for param in params]


def _json_rows_sql(
    part: str, queryset, model, field_names, *, order, overrides=None, computed=None, tags=False, extra=(), row=None
) -> tuple[str, tuple]:
    """One part of :func:`_graph_body_sql`: ``(its index, row JSON text, extra…)`` of each row in ``order``.

    ``computed``: API name → SQL of fields that are not columns, written after ``field_names`` and before ``tags``;
    ``row``: the row's JSON written otherwise.
    """
    if row is None:
        columns = json_columns(model, field_names, overrides=overrides, computed=computed)
        if tags:
            columns += f', {tag_slugs_sql(model)} AS "tags"'
        row = row_json(columns)
    index = PARTS.index(part)
    texts = (*extra, *(_NO_TEXT for _ in range(EXTRA_COLUMNS - len(extra))))
    annotations = {"part": _text(str(index)), "row_json": _text(row)}
    annotations |= {f"extra_{i}": _text(sql) for i, sql in enumerate(texts)}
    query = queryset.order_by(*order).annotate(**annotations).values_list(*annotations).query
    return query.sql_with_params()


#: The map's own fields in its ``map`` header, in :func:`map_header`'s order.
MAP_FIELDS = (
    "version",
    "created_at",
    "updated_at",
    "created_by_id",
    "updated_by_id",
    "id",
    "workspace_id",
    "key",
    "name",
    "description",
    "visibility",
)


@dataclass(frozen=True)
class GraphHead:
    """What the graph's response needs before its body: the map's ``map`` header (JSON) and its ETag."""

    map_id: uuid.UUID
    etag: str
    header: bytes
    include_suggestions: bool = False


def map_graph_head(*, map_id, user: object, include_suggestions: bool = False) -> GraphHead | None:
    """The map ``map_id`` if ``user`` may read it (else None), its header as :func:`map_header` writes it and its
    :func:`~argmap.selectors.graph.map_graph_fingerprint`, in one query."""
    try:
        map_id = uuid.UUID(str(map_id))
    except ValueError:
        return None
    if connection.vendor != "postgresql":
        return _portable_graph_head(map_id, user, include_suggestions)
    sql, params = reader_sql(
        _read_name("graph head", include_suggestions),
        user,
        functools.partial(_graph_head_sql, include_suggestions=include_suggestions),
        literal_constants=True,
        map_id=map_id,
    )
    # not kept prepared: the generic plan PostgreSQL adopts for the head on small maps counts a 100k map's rows
    # slower than a plan for its own map id (docs/performance.md, "Neighbourhood at 100k: generic plans")
    found = prepared_rows(sql, params, prepare=False)
    if not found:
        return None
    header, *values = found[0]
    row = dict(zip(("version", *_fingerprint_names()), values, strict=True))
    etag = _graph_etag(fingerprint_of(map_id, row), include_suggestions)
    return GraphHead(map_id=map_id, etag=etag, header=header.encode(), include_suggestions=include_suggestions)


def graph_document_after(head: GraphHead, *, user: object) -> bytes:
    """The graph body of the map ``head`` read (:func:`map_graph_head`), for the same ``user``."""
    return graph_body(
        map_id=head.map_id,
        user=user,
        header=lambda documents: head.header,
        include_suggestions=head.include_suggestions,
    )


def _fingerprint_names() -> tuple:
    return tuple(fingerprint_parts(UNRESTRICTED, map_id=None, workspace_id=None))


def _graph_head_sql(reader, *, map_id, include_suggestions: bool = False) -> tuple[str, list]:
    through = ArgumentMap.documents.through._meta.db_table
    documents = (
        f"array_to_json(ARRAY(SELECT d.id::text FROM argmap_document d JOIN {through} md ON md.document_id = d.id "
        f'WHERE md.argumentmap_id = "argmap_argumentmap".id ORDER BY d.title, d.id))'
    )
    header = row_json(json_columns(ArgumentMap, MAP_FIELDS) + f', {documents} AS "documents"')
    parts = fingerprint_parts(
        reader, map_id=OuterRef("pk"), workspace_id=OuterRef("workspace_id"), include_suggestions=include_suggestions
    )
    query = (
        visible_maps_for(reader)
        .filter(pk=map_id)
        .order_by()
        .values_list(_text(header), "version", *parts.values())
        .query
    )
    return query.sql_with_params()
