"""Reads over the argument graph."""

from __future__ import annotations

import functools
import hashlib
import re
import uuid
from collections import deque
from collections.abc import Iterable, Iterator

import orjson
from django.db import connection
from django.db.models import (
    BooleanField,
    Case,
    CharField,
    Count,
    Exists,
    F,
    Max,
    OuterRef,
    Subquery,
    UUIDField,
    When,
)
from django.db.models.expressions import RawSQL, Value
from django.db.models.functions import Cast, Concat

from argmap.errors import InvalidInput
from argmap.models import (
    Anchor,
    ArgumentMap,
    Document,
    Edge,
    EdgeRole,
    EvidenceLink,
    Participant,
    Pipeline,
    SchemeApplication,
    SchemeType,
    Source,
    Statement,
    StatementKind,
    Tag,
)
from argmap.selectors import access, json_rows
from argmap.selectors.prepared import prepared_rows
from argmap.selectors.reader_sql import UNRESTRICTED, reader_sql
from argmap.selectors.suggestions import SUGGESTION_PATHS, leave_out_suggestions


def conflict_kind(*, targets_application: bool, target_is_conclusion: bool, target_kind: str | None) -> str:
    """Name an attack by what it hits (Pollock/Prakken).

    An attack on an inference is an *undercut*; on a statement that some
    inference concludes (or that is a claim) a *rebut*; on any other statement
    (a premise or evidence) an *undermine*.
    """
    if targets_application:
        return "undercut"
    if target_is_conclusion or target_kind == StatementKind.CLAIM:
        return "rebut"
    return "undermine"


def conflict_kind_of(application: SchemeApplication) -> str | None:
    """The kind of one conflict node (two queries); graph selectors classify in bulk instead."""
    if application.type != SchemeType.CONFLICT:
        return None
    target = Edge.objects.filter(application=application, role=EdgeRole.CONSEQUENT).select_related("statement").first()
    if target is None:
        return None
    if target.other_application_id:
        return "undercut"
    concluded = Edge.objects.filter(
        statement_id=target.statement_id, role=EdgeRole.CONSEQUENT, application__type=SchemeType.INFERENCE
    ).exists()
    return conflict_kind(targets_application=False, target_is_conclusion=concluded, target_kind=target.statement.kind)


# --- Whole-graph reads ---------------------------------------------------------------------------------------------

MAX_NEIGHBOURHOOD_DEPTH = 10
DIRECTIONS = ("up", "down", "both")

AUTHORED_FIELDS = ("version", "created_at", "updated_at", "created_by_id", "updated_by_id")
#: who says a statement and how it enters the text (issue 15)
SPEAKER_FIELDS = ("speaker_id", "illocution")
_STATEMENT_CONTENT = ("id", "map_id", "key", "kind", "text", "gloss", "status", "status_reason", "implicit")
STATEMENT_FIELDS = (*_STATEMENT_CONTENT, *SPEAKER_FIELDS)
APPLICATION_FIELDS = ("id", "map_id", "key", "type", "scheme_id", "note", "status", "status_reason")
EDGE_FIELDS = ("id", "map_id", "application_id", "role", "statement_id", "other_application_id")
_ANCHOR_CONTENT = ("id", "map_id", "statement_id", "document_id", "exact", "prefix", "suffix", "start", "end", "status")
#: a pipeline's confidence in a suggested anchor's boundaries (null for people's)
ANCHOR_FIELDS = (*_ANCHOR_CONTENT, "start_confidence", "end_confidence")
EVIDENCE_FIELDS = ("id", "map_id", "statement_id", "source_id", "footnote", "locator", "quote")
SOURCE_FIELDS = (
    "id",
    "key",
    "title",
    "authors",
    "container",
    "publisher",
    "published",
    "url",
    "accessed_on",
    "footnote",
    "locator",
    "citation",
)
DOCUMENT_FIELDS = ("id", "key", "title", "title_en", "language", "sha256", "version")
#: Who or what made a statement or scheme application, after its authorship in the graph's rows: ``pipeline``
#: (``{"name", "version"}``, None when a person made it) and ``confidence``. Read under these names, then
#: :func:`with_provenance` makes them the two keys.
PROVENANCE_VALUES = {
    "pipeline_name": F("pipeline__name"),
    "pipeline_version": F("pipeline__version"),
    "provenance_confidence": F("confidence"),
}


def with_provenance(row: dict) -> dict:
    """``row`` read with :data:`PROVENANCE_VALUES`, now with ``pipeline`` and ``confidence`` as its last keys."""
    name, version = row.pop("pipeline_name"), row.pop("pipeline_version")
    row["pipeline"] = None if name is None else {"name": name, "version": version}
    row["confidence"] = row.pop("provenance_confidence")
    return row


def map_graph(
    *,
    argument_map: ArgumentMap,
    user: object = UNRESTRICTED,
    with_data: bool = False,
    include_suggestions: bool = False,
) -> dict:
    """Every node, edge, anchor and evidence link of a map as plain dicts, in nine queries whatever its size.

    Keys: ``statements`` (each with ``speaker_name``: its participant's name, None for the author; joined in the
    same query, its provenance (:data:`PROVENANCE_VALUES`) and ``tags``: slugs), ``scheme_applications``
    (each with ``scheme``: the scheme's key or None, its provenance, ``conflict_kind``:
    rebut/undermine/undercut for conflicts else None, ``tags``), ``edges``,
    ``anchors``, ``evidence_links``, ``sources`` (those the map cites) and
    ``documents`` (the map's documents, without their text). Ids stay UUIDs and
    times datetimes: the API layer renders them.

    Authorise reading the map first. With ``user``, rows come from the access
    selectors (``visible_*_for``), so whatever they hide inside a readable map
    (blind annotation) stays hidden, at no extra query; without it, everything.
    ``with_data`` adds statements' and scheme applications' ``data`` (what interchange files keep).
    Pending suggestions are left out unless ``include_suggestions`` (:mod:`argmap.selectors.suggestions`).
    """
    map_id = argument_map.pk
    rows = _row_sources(user, include_suggestions=include_suggestions)
    statements = list(
        rows["statements"]
        .filter(map_id=map_id)
        .order_by("created_at", "id")
        .values(
            *_with_authorship(STATEMENT_FIELDS),
            *(("data",) if with_data else ()),
            speaker_name=F("speaker__name"),
            **PROVENANCE_VALUES,
        )
    )
    applications = list(
        rows["scheme_applications"]
        .filter(map_id=map_id)
        .order_by("created_at", "id")
        .values(
            *_with_authorship(APPLICATION_FIELDS),
            *(("data",) if with_data else ()),
            scheme_key=F("scheme__key"),
            **PROVENANCE_VALUES,
        )
    )
    edges = list(
        rows["edges"].filter(map_id=map_id).order_by("created_at", "id").values(*_with_authorship(EDGE_FIELDS))
    )
    anchors = list(
        rows["anchors"]
        .filter(map_id=map_id)
        .order_by("document_id", "start", "end", "id")
        .values(*_with_authorship(ANCHOR_FIELDS))
    )
    cited = rows["evidence_links"].filter(map_id=map_id)
    evidence_links = list(cited.order_by("created_at", "id").values(*_with_authorship(EVIDENCE_FIELDS)))
    sources = list(
        Source.objects.filter(pk__in=cited.values("source_id"))
        .order_by("footnote", "title", "id")
        .values(*SOURCE_FIELDS, "version")
    )
    documents = list(argument_map.documents.order_by("title", "id").values(*DOCUMENT_FIELDS))
    statement_tags = _tag_slugs(Statement.tags.through.objects.filter(statement__map_id=map_id), "statement_id")
    application_tags = _tag_slugs(
        SchemeApplication.tags.through.objects.filter(schemeapplication__map_id=map_id), "schemeapplication_id"
    )

    for row in statements:
        with_provenance(row)["tags"] = statement_tags.get(row["id"], [])
    kinds = conflict_kinds_from_rows(statements=statements, applications=applications, edges=edges)
    for row in applications:
        row["scheme"] = row.pop("scheme_key")
        with_provenance(row)["conflict_kind"] = kinds.get(row["id"])
        row["tags"] = application_tags.get(row["id"], [])
    return {
        "statements": statements,
        "scheme_applications": applications,
        "edges": edges,
        "anchors": anchors,
        "evidence_links": evidence_links,
        "sources": sources,
        "documents": documents,
    }


def map_graph_fingerprint(
    *, argument_map: ArgumentMap, user: object = UNRESTRICTED, include_suggestions: bool = False
) -> str:
    """A cheap (one query) token that changes whenever what :func:`map_graph` returns changes.

    Made of the map's version and, per kind of row, the count and the latest
    ``updated_at`` of the rows ``user`` may see: an insert or update moves the
    latest time, a delete (or a row becoming hidden) the count. Used as the
    graph's ETag so ``If-None-Match`` is answered without building the graph.
    """
    map_id = argument_map.pk
    parts = fingerprint_parts(
        user, map_id=map_id, workspace_id=argument_map.workspace_id, include_suggestions=include_suggestions
    )
    row = ArgumentMap.objects.filter(pk=map_id).values("version", **parts).first()
    return "" if row is None else fingerprint_of(map_id, row)


def fingerprint_of(map_id, row: dict) -> str:
    """The fingerprint of map ``map_id`` from its ``version`` and :func:`fingerprint_parts`' values."""
    digest = hashlib.sha256(repr(sorted(row.items())).encode()).hexdigest()[:20]
    return f"{map_id}-{row['version']}-{digest}"


def fingerprint_parts(user: object, *, map_id, workspace_id, include_suggestions: bool = False) -> dict:
    """:func:`map_graph_fingerprint`'s subqueries (``{name: count/latest text}``) for the map ``map_id`` of workspace
    ``workspace_id`` (values, or ``OuterRef``s to a query over maps)."""
    rows = _row_sources(user, include_suggestions=include_suggestions)

    def count_and_latest(queryset):
        """One scan of the rows per kind: their count and latest time as one text."""
        summary = Concat(Cast(Count("pk"), CharField()), Value("/"), Cast(Max("updated_at"), CharField()))
        return Subquery(queryset.order_by().values("workspace_id").annotate(summary=summary).values("summary")[:1])

    return {
        f"{name}_seen": count_and_latest(queryset)
        for name, queryset in {
            "statements": rows["statements"].filter(map_id=map_id),
            "applications": rows["scheme_applications"].filter(map_id=map_id),
            "edges": rows["edges"].filter(map_id=map_id),
            "anchors": rows["anchors"].filter(map_id=map_id),
            "evidence": rows["evidence_links"].filter(map_id=map_id),
            "sources": Source.objects.filter(workspace_id=workspace_id),
            "tags": Tag.objects.filter(workspace_id=workspace_id),
            "documents": Document.objects.filter(workspace_id=workspace_id),
            # statements publish their speaker's name
            "participants": Participant.objects.filter(workspace_id=workspace_id),
            # and statements and scheme applications their pipeline's name and version
            "pipelines": Pipeline.objects.filter(workspace_id=workspace_id),
        }.items()
    }


def conflict_kinds_from_rows(*, statements: list[dict], applications: list[dict], edges: list[dict]) -> dict:
    """``{conflict id: rebut|undermine|undercut}`` from already-fetched rows (no queries)."""
    return conflict_kinds_in_graph(
        kind_of_statement={row["id"]: row["kind"] for row in statements},
        type_of_application={row["id"]: row["type"] for row in applications},
        consequents=(
            (e["application_id"], e["statement_id"], e["other_application_id"] is not None)
            for e in edges
            if e["role"] == EdgeRole.CONSEQUENT
        ),
    )


def conflict_kinds_in_graph(*, kind_of_statement: dict, type_of_application: dict, consequents: Iterable) -> dict:
    """``{conflict id: kind}`` of the conflicts in ``type_of_application`` from the rows a reader sees.

    ``consequents``: ``(application id, statement id or None, targets an application)`` of each consequent
    edge, in edge order (the last one of a conflict names its kind). Ids of any one type (UUIDs, text).
    """
    consequents = list(consequents)
    concluded = {
        statement_id
        for application_id, statement_id, _ in consequents
        if statement_id is not None and type_of_application.get(application_id) == SchemeType.INFERENCE
    }
    kinds = {}
    for application_id, statement_id, targets_application in consequents:
        if type_of_application.get(application_id) != SchemeType.CONFLICT:
            continue
        kinds[application_id] = conflict_kind(
            targets_application=targets_application,
            target_is_conclusion=statement_id in concluded,
            target_kind=kind_of_statement.get(statement_id),
        )
    return kinds


def conflict_kinds(application_ids: Iterable, *, user: object) -> dict:
    """``{conflict id: kind}`` for many conflicts in one query, named from the edges ``user`` sees, as the whole
    graph names them (:func:`conflict_kinds_from_rows`): a conflict whose target the reader may not see has no
    kind, and an inference they may not see does not make its conclusion's attack a rebut, so a kind never hints
    at what is hidden (``UNRESTRICTED``: every row)."""
    edges = _row_sources(user, ("edges",), include_suggestions=True)["edges"]
    targets = (
        _conflict_targets(edges)
        .filter(application_id__in=list(application_ids))
        .order_by("created_at", "id")
        .values("application_id", *CONFLICT_TARGET_FACTS, type=F("application__type"))
    )
    kinds = {row["application_id"]: _conflict_kind_from_facts(row) for row in targets}
    return {pk: kind for pk, kind in kinds.items() if kind is not None}


_ROW_SOURCES = {
    "statements": (Statement, access.visible_statements_for),
    "scheme_applications": (SchemeApplication, access.visible_scheme_applications_for),
    "edges": (Edge, access.visible_edges_for),
    "anchors": (Anchor, access.visible_anchors_for),
    "evidence_links": (EvidenceLink, access.visible_evidence_links_for),
}


def _row_sources(
    user: object, names: Iterable[str] = tuple(_ROW_SOURCES), *, include_suggestions: bool = False
) -> dict:
    """The querysets graph reads take rows from: everything, or with ``user`` what the access selectors show;
    without pending suggestions unless ``include_suggestions``."""
    if user is UNRESTRICTED:
        sources = {name: _ROW_SOURCES[name][0].objects.all() for name in names}
    else:
        sources = {name: _ROW_SOURCES[name][1](user) for name in names}
    return {
        name: leave_out_suggestions(rows, *SUGGESTION_PATHS[name], include=include_suggestions)
        for name, rows in sources.items()
    }


def _with_authorship(fields: tuple) -> tuple:
    return (*fields, *AUTHORED_FIELDS)


def _tag_slugs(through_rows, owner_field: str) -> dict:
    slugs: dict = {}
    for owner_id, slug in through_rows.order_by("tag__slug").values_list(owner_field, "tag__slug"):
        slugs.setdefault(owner_id, []).append(slug)
    return slugs


# --- Support and attack, in bulk, keyed by statement id -------------------------------------------------------------


def _applications_by_statement(statement_ids: Iterable, *, role: str, type: str) -> dict:
    found: dict = {}
    rows = Edge.objects.filter(statement_id__in=list(statement_ids), role=role, application__type=type)
    for statement_id, application_id in rows.order_by("created_at", "id").values_list("statement_id", "application_id"):
        found.setdefault(statement_id, []).append(application_id)
    return found


def supports_of(statement_ids: Iterable) -> dict:
    """``{statement id: [inference ids it is a premise of]}`` in one query."""
    return _applications_by_statement(statement_ids, role=EdgeRole.ANTECEDENT, type=SchemeType.INFERENCE)


def supported_by(statement_ids: Iterable) -> dict:
    """``{statement id: [inference ids that conclude it]}`` in one query."""
    return _applications_by_statement(statement_ids, role=EdgeRole.CONSEQUENT, type=SchemeType.INFERENCE)


def attacks_of(statement_ids: Iterable) -> dict:
    """``{statement id: [conflict ids it is the attacker of]}`` in one query."""
    return _applications_by_statement(statement_ids, role=EdgeRole.ANTECEDENT, type=SchemeType.CONFLICT)


def attacked_by(statement_ids: Iterable) -> dict:
    """``{statement id: [conflict ids that target it]}`` in one query."""
    return _applications_by_statement(statement_ids, role=EdgeRole.CONSEQUENT, type=SchemeType.CONFLICT)


# --- Traversal ------------------------------------------------------------------------------------------------------


def neighbourhood(
    *, statement: Statement, depth: int, direction: str, user: object = UNRESTRICTED, include_suggestions: bool = False
) -> dict:
    """Everything reachable from ``statement`` through at most ``depth`` scheme applications.

    Edges are followed as the argument flows: an antecedent edge leads from its
    statement (or application) into the scheme application, a consequent edge
    out of it. ``up`` follows that flow (towards what the statement supports or
    attacks), ``down`` goes against it (towards what supports or attacks the
    statement), ``both`` either way. A node's ``depth`` is the number of scheme
    applications on the shortest such path, the application itself included; the
    origin has depth 0. Cycles are safe: on PostgreSQL a recursive CTE whose
    rows are ``(node, depth)`` under ``UNION`` (every cycle passes a scheme
    application, so depth grows and the cap ends it); elsewhere the same walk in
    Python. Returns ``statements``, ``scheme_applications`` and ``edges`` (the
    edges whose both ends were reached), each row with its ``depth``. With
    ``user``, the rows returned are only those the access selectors let them see.
    """
    depth = _checked_depth(depth)
    if direction not in DIRECTIONS:
        raise InvalidInput(f"direction must be one of: {', '.join(DIRECTIONS)} (got {direction!r}).", field="direction")
    rows = _row_sources(user, ("statements", "scheme_applications", "edges"), include_suggestions=include_suggestions)
    if connection.vendor == "postgresql":
        reached, statements = _reach_with_cte(statement, depth, direction, rows["statements"])
    else:
        reached, statements = reach_in_python(statement, depth, direction), None
    return _neighbourhood_rows(statement, depth, direction, reached, rows, statements)


def _checked_depth(depth: object) -> int:
    if isinstance(depth, bool) or not isinstance(depth, int):
        raise InvalidInput("depth must be an integer.", field="depth")
    if not 0 <= depth <= MAX_NEIGHBOURHOOD_DEPTH:
        raise InvalidInput(
            f"depth must be between 0 and {MAX_NEIGHBOURHOOD_DEPTH} (got {depth}).",
            field="depth",
            rule="neighbourhood_depth_cap",
        )
    return depth


def _arcs(edges: Iterable[dict], direction: str) -> Iterator[tuple]:
    """``(from, to, to_is_application)`` for each way an edge may be walked in ``direction``."""
    for e in edges:
        far, far_is_app = (e["statement_id"], False) if e["statement_id"] else (e["other_application_id"], True)
        app = e["application_id"]
        if e["role"] == EdgeRole.ANTECEDENT:
            forward, backward = (far, app, True), (app, far, far_is_app)
        else:
            forward, backward = (app, far, far_is_app), (far, app, True)
        if direction in ("up", "both"):
            yield forward
        if direction in ("down", "both"):
            yield backward


def reach_in_python(statement: Statement, depth: int, direction: str) -> dict:
    """``{(node id, is_application): depth}``: the walk of :func:`neighbourhood` as a 0-1 BFS in Python.

    The database-independent path (used on SQLite, and in tests to check the CTE).
    """
    edges = Edge.objects.filter(map_id=statement.map_id).values(
        "application_id", "role", "statement_id", "other_application_id"
    )
    adjacency: dict = {}
    for src, dst, dst_is_app in _arcs(edges, direction):
        adjacency.setdefault(src, []).append((dst, dst_is_app))
    best = {(statement.pk, False): 0}
    queue = deque([(statement.pk, 0)])
    while queue:
        node, d = queue.popleft()
        for dst, dst_is_app in adjacency.get(node, ()):
            nd = d + 1 if dst_is_app else d
            if nd > depth or best.get((dst, dst_is_app), nd + 1) <= nd:
                continue
            best[(dst, dst_is_app)] = nd
            if dst_is_app:
                queue.append((dst, nd))
            else:
                queue.appendleft((dst, nd))
    return best


#: One index lookup per step (edges by statement, by application, by other application) rather than a scan of
#: every edge of the map per query: the cost follows the neighbourhood, not the map (docs/performance.md).
NEIGHBOURHOOD_SQL = """
WITH RECURSIVE walk(node, is_app, depth) AS (
    SELECT %(origin)s::uuid, FALSE, 0
    UNION
    SELECT step.node, step.is_app, step.depth
    FROM walk w CROSS JOIN LATERAL (
        SELECT e.application_id AS node, TRUE AS is_app, w.depth + 1 AS depth
        FROM argmap_edge e
        WHERE NOT w.is_app AND e.statement_id = w.node AND e.map_id = %(map_id)s
          AND ((e.role = 'antecedent' AND %(up)s) OR (e.role = 'consequent' AND %(down)s))
        UNION ALL
        SELECT COALESCE(e.statement_id, e.other_application_id), e.other_application_id IS NOT NULL,
               w.depth + CASE WHEN e.other_application_id IS NULL THEN 0 ELSE 1 END
        FROM argmap_edge e
        WHERE w.is_app AND e.application_id = w.node AND e.map_id = %(map_id)s
          AND ((e.role = 'consequent' AND %(up)s) OR (e.role = 'antecedent' AND %(down)s))
        UNION ALL
        SELECT e.application_id, TRUE, w.depth + 1
        FROM argmap_edge e
        WHERE w.is_app AND e.other_application_id = w.node AND e.map_id = %(map_id)s
          AND ((e.role = 'antecedent' AND %(up)s) OR (e.role = 'consequent' AND %(down)s))
    ) step
    WHERE step.depth <= %(depth)s
)
SELECT node, is_app, MIN(depth) FROM walk GROUP BY node, is_app
"""
_WALK_SQL = NEIGHBOURHOOD_SQL.rsplit("SELECT node, is_app", 1)[0]
#: The walk's named parameters in order of appearance (the combined query below is positional).
_WALK_PARAMS = re.findall(r"%\((\w+)\)s", _WALK_SQL)
#: The walk, then in the same statement the rows of the reached statements the reader may see
#: (``{visible}``: the access selector's query, compiled by Django) and the depths of the reached applications.
REACH_WITH_STATEMENTS_SQL = (
    re.sub(r"%\(\w+\)s", "%s", _WALK_SQL)
    + """, reached AS (SELECT node, is_app, MIN(depth) AS depth FROM walk GROUP BY node, is_app)
SELECT r.node, r.is_app, r.depth, {nulls} FROM reached r WHERE r.is_app
UNION ALL
(SELECT r.node, r.is_app, r.depth, {columns} FROM reached r JOIN argmap_statement s ON s.id = r.node
 WHERE NOT r.is_app AND s.id IN ({visible}) ORDER BY s.created_at, s.id)
"""
)


def _reach_with_cte(statement: Statement, depth: int, direction: str, visible_statements) -> tuple[dict, list]:
    """``(reached, statement rows)`` in one query: what :func:`reach_in_python` returns, and the rows of the
    reached statements ``visible_statements`` holds, in the order of :func:`map_graph`."""
    params = {
        "map_id": statement.map_id,
        "origin": statement.pk,
        "depth": depth,
        "up": direction in ("up", "both"),
        "down": direction in ("down", "both"),
    }
    fields = (*_with_authorship(STATEMENT_FIELDS), *PROVENANCE_VALUES)
    pipeline = "(SELECT {} FROM argmap_pipeline p WHERE p.id = s.pipeline_id)"
    visible_sql, visible_params = (
        visible_statements.filter(map_id=statement.map_id).order_by().values("pk").query.sql_with_params()
    )
    sql = REACH_WITH_STATEMENTS_SQL.format(
        nulls=", ".join("NULL" for _ in fields),
        columns=", ".join(
            [
                *(f"s.{Statement._meta.get_field(name).column}" for name in _with_authorship(STATEMENT_FIELDS)),
                pipeline.format("p.name"),
                pipeline.format("p.version"),
                "s.confidence",
            ]
        ),
        visible=visible_sql,
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [params[name] for name in _WALK_PARAMS] + list(visible_params))
        found = cursor.fetchall()
    reached = {(node, is_app): d for node, is_app, d, *_ in found if is_app}
    statements = []
    for node, _, d, *values in found:
        if values[0] is not None:
            reached[(node, False)] = d
            statements.append(with_provenance(dict(zip(fields, values, strict=True))))
    return reached, statements


#: The walk's parameters in the document's query (origin and map come from its ``origin`` row).
_DOCUMENT_WALK_PARAMS = [name for name in _WALK_PARAMS if name not in ("origin", "map_id")]
#: The origin if the reader may see it (``{visible_origin}``), the walk from it, then in the same statement the
#: reached rows the reader may see, each as its JSON text with its
#: ``depth`` (``{visible_*}``: the access selectors' queries, compiled by Django, for the one row ``s``, ``a`` or
#: ``e``), statements first, then scheme applications (with what :func:`conflict_kind` needs about a conflict's
#: target), then edges whose both ends were reached, each kind in creation order. Each reached row's visibility is
#: a scalar subquery (``… LIMIT 1``), which PostgreSQL runs per row and never turns into a join: a prepared
#: statement's generic plan, which cannot tell how many rows the reader's rule lets through, would otherwise
#: hash every visible row of the map (docs/performance.md, "Neighbourhood at 100k: generic plans").
NEIGHBOURHOOD_DOCUMENT_SQL = (
    re.sub(
        r"%\(\w+\)s",
        "%s",
        _WALK_SQL.replace("WITH RECURSIVE walk", "WITH RECURSIVE origin(id, map_id) AS ({visible_origin}), walk")
        .replace("%(origin)s::uuid", "(SELECT id FROM origin)")
        .replace("%(map_id)s", "(SELECT map_id FROM origin)"),
    )
    + """, reached AS (SELECT node, is_app, MIN(depth) AS depth FROM walk GROUP BY node, is_app),
st AS (SELECT s.*, r.depth AS reached_depth FROM reached r JOIN argmap_statement s ON s.id = r.node
       WHERE NOT r.is_app AND ({visible_statements} LIMIT 1) IS NOT NULL),
ap AS (SELECT a.*, r.depth AS reached_depth FROM reached r JOIN argmap_schemeapplication a ON a.id = r.node
       WHERE r.is_app AND ({visible_applications} LIMIT 1) IS NOT NULL),
ed AS (SELECT e.*, ap.reached_depth FROM argmap_edge e JOIN ap ON ap.id = e.application_id
       WHERE ({visible_edges} LIMIT 1) IS NOT NULL
         AND (e.statement_id IN (SELECT id FROM st) OR e.other_application_id IN (SELECT id FROM ap)))
(SELECT 'statements', {statement}, NULL, NULL, NULL, NULL, NULL FROM st ORDER BY st.created_at, st.id)
UNION ALL
(SELECT 'scheme_applications', {application}, ap.type, {facts}
 FROM ap LEFT JOIN LATERAL ({target}) f ON TRUE ORDER BY ap.created_at, ap.id)
UNION ALL
(SELECT 'edges', {edge}, NULL, NULL, NULL, NULL, NULL FROM ed ORDER BY ed.created_at, ed.id)
"""
)


def neighbourhood_document(
    *, statement_id, depth: int, direction: str, user: object = UNRESTRICTED, include_suggestions: bool = False
) -> bytes | None:
    """:func:`neighbourhood` as the REST body (JSON bytes, the APIs' field names), in one query; None when
    ``user`` may not see the statement (or there is none).

    The same walk, rows and order; PostgreSQL writes each row's JSON (:mod:`argmap.selectors.json_rows`),
    Python adds the conflict kinds and joins the texts, so no row becomes a Python object. The origin's
    visibility is read in the same statement: a visible origin is always among the statements returned.
    """
    depth = _checked_depth(depth)
    if direction not in DIRECTIONS:
        raise InvalidInput(f"direction must be one of: {', '.join(DIRECTIONS)} (got {direction!r}).", field="direction")
    try:
        statement_id = uuid.UUID(str(statement_id))
    except ValueError:
        return None
    if connection.vendor != "postgresql":
        return _portable_neighbourhood_document(statement_id, depth, direction, user, include_suggestions)
    sql, params = reader_sql(
        "neighbourhood+suggestions" if include_suggestions else "neighbourhood",
        user,
        functools.partial(_neighbourhood_document_sql, include_suggestions=include_suggestions),
        literal_constants=True,
        origin=statement_id,
        depth=depth,
        up=direction in ("up", "both"),
        down=direction in ("down", "both"),
    )
    found = prepared_rows(sql, params)
    if not found:
        return None
    parts: dict = {"statements": [], "scheme_applications": [], "edges": []}
    for part, row_json, type, *facts in found:
        if part == "scheme_applications":
            kind = _conflict_kind_from_facts({"type": type, **dict(zip(CONFLICT_TARGET_FACTS, facts, strict=True))})
            row_json = f'{row_json[:-1]},"conflict_kind":{orjson.dumps(kind).decode()}}}'
        parts[part].append(row_json)
    header = {"origin": statement_id, "depth": depth, "direction": direction}
    return json_rows.json_object(
        {
            **{key: orjson.dumps(value) for key, value in header.items()},
            **{key: json_rows.array(texts) for key, texts in parts.items()},
        }
    )


def _portable_neighbourhood_document(statement_id, depth, direction, user, include_suggestions) -> bytes | None:
    """:func:`neighbourhood_document` on a database other than PostgreSQL (the quick start's SQLite):
    :func:`neighbourhood`'s rows written by orjson, the same bytes."""
    origin = _row_sources(user, ("statements",))["statements"].filter(pk=statement_id).first()
    if origin is None:
        return None
    found = neighbourhood(
        statement=origin, depth=depth, direction=direction, user=user, include_suggestions=include_suggestions
    )
    return orjson.dumps(
        {
            "origin": statement_id,
            "depth": depth,
            "direction": direction,
            **{
                key: [json_rows.with_api_names(row) for row in found[key]]
                for key in ("statements", "scheme_applications", "edges")
            },
        },
        option=json_rows.ORJSON_OPTIONS,
    )


def _neighbourhood_document_sql(
    reader, *, origin, depth, up, down, include_suggestions: bool = False
) -> tuple[str, list]:
    """:data:`NEIGHBOURHOOD_DOCUMENT_SQL` for ``reader`` (the access selectors' queries compiled by Django)."""
    params = {"depth": depth, "up": up, "down": down}
    rows = _row_sources(reader, ("statements", "scheme_applications", "edges"), include_suggestions=include_suggestions)
    origin_map = RawSQL("SELECT map_id FROM origin", ())
    visible = {
        name: rows[name]
        .filter(map_id=origin_map, pk=RawSQL(f"{alias}.id", ()))
        .order_by()
        .values("pk")
        .query.sql_with_params()
        for name, alias in (("statements", "s"), ("scheme_applications", "a"), ("edges", "e"))
    }
    visible["origin"] = rows["statements"].filter(pk=origin).order_by().values("pk", "map_id").query.sql_with_params()
    target_sql, target_params = (
        _conflict_target(rows["edges"], RawSQL(f"CASE WHEN ap.type = '{SchemeType.CONFLICT}' THEN ap.id END", ()))
        .values(*CONFLICT_TARGET_FACTS)
        .query.sql_with_params()
    )
    sql = NEIGHBOURHOOD_DOCUMENT_SQL.format(
        visible_origin=visible["origin"][0],
        visible_statements=visible["statements"][0],
        visible_applications=visible["scheme_applications"][0],
        visible_edges=visible["edges"][0],
        statement=json_rows.row_json(
            json_rows.json_columns(
                Statement,
                _with_authorship(STATEMENT_FIELDS),
                alias="st",
                computed={**json_rows.provenance_sql("st"), "depth": "st.reached_depth"},
            )
        ),
        application=json_rows.row_json(
            json_rows.json_columns(
                SchemeApplication,
                _with_authorship(APPLICATION_FIELDS),
                alias="ap",
                overrides={"scheme": json_rows.scheme_key_sql("ap")},
                computed={**json_rows.provenance_sql("ap"), "depth": "ap.reached_depth"},
            )
        ),
        facts=", ".join(f"f.{name}" for name in CONFLICT_TARGET_FACTS),
        target=target_sql,
        edge=json_rows.row_json(
            json_rows.json_columns(
                Edge, _with_authorship(EDGE_FIELDS), alias="ed", computed={"depth": "ed.reached_depth"}
            )
        ),
    )
    return sql, [
        *visible["origin"][1],
        *(params[name] for name in _DOCUMENT_WALK_PARAMS),
        *(p for name in ("statements", "scheme_applications", "edges") for p in visible[name][1]),
        *target_params,
    ]


def _neighbourhood_rows(
    statement: Statement, depth: int, direction: str, reached: dict, rows: dict, statements: list | None = None
) -> dict:
    statement_depth = {node: d for (node, is_app), d in reached.items() if not is_app}
    application_depth = {node: d for (node, is_app), d in reached.items() if is_app}
    if statements is None:
        statements = [
            with_provenance(row)
            for row in rows["statements"]
            .filter(pk__in=list(statement_depth))
            .order_by("created_at", "id")
            .values(*_with_authorship(STATEMENT_FIELDS), **PROVENANCE_VALUES)
        ]
    applications = list(
        rows["scheme_applications"]
        .filter(pk__in=list(application_depth))
        .annotate(**_conflict_target_facts(rows["edges"]))
        .order_by("created_at", "id")
        .values(
            *_with_authorship(APPLICATION_FIELDS),
            *CONFLICT_TARGET_FACTS,
            scheme_key=F("scheme__key"),
            **PROVENANCE_VALUES,
        )
    )
    statement_depth = {row["id"]: statement_depth[row["id"]] for row in statements}
    application_depth = {row["id"]: application_depth[row["id"]] for row in applications}
    edges = [
        e
        for e in rows["edges"]
        .filter(application_id__in=list(application_depth))
        .order_by("created_at", "id")
        .values(*_with_authorship(EDGE_FIELDS))
        if (e["statement_id"] in statement_depth or e["other_application_id"] in application_depth)
    ]
    for row in statements:
        row["depth"] = statement_depth[row["id"]]
    for row in applications:
        with_provenance(row)["depth"] = application_depth[row["id"]]
        row["scheme"] = row.pop("scheme_key")
        row["conflict_kind"] = _conflict_kind_from_facts(row)
    for e in edges:
        e["depth"] = application_depth[e["application_id"]]
    return {
        "origin": statement.pk,
        "depth": depth,
        "direction": direction,
        "statements": statements,
        "scheme_applications": applications,
        "edges": edges,
    }


#: What :func:`conflict_kind` needs about a conflict's target, read in the same query as the conflict.
CONFLICT_TARGET_FACTS = ("target_statement_id", "target_application_id", "target_kind", "target_is_conclusion")


def concluded_among(edges) -> Exists:
    """Whether an inference among ``edges`` (a reader's) concludes the statement of the edge row annotated: the
    ``target_is_conclusion`` of :func:`conflict_kind`, so an inference the reader may not see never counts."""
    return Exists(
        edges.filter(
            statement_id=OuterRef("statement_id"), role=EdgeRole.CONSEQUENT, application__type=SchemeType.INFERENCE
        )
    )


def _conflict_targets(edges):
    """The consequent edges among ``edges`` (a reader's) with :data:`CONFLICT_TARGET_FACTS` about the node each
    points at; whether an inference concludes a target statement is read among ``edges`` too."""
    return edges.filter(role=EdgeRole.CONSEQUENT).annotate(
        target_statement_id=F("statement_id"),
        target_application_id=F("other_application_id"),
        target_kind=F("statement__kind"),
        target_is_conclusion=concluded_among(edges),
    )


def _conflict_target(edges, application):
    """:func:`_conflict_targets` of the conflict ``application`` (an expression giving its id; NULL: none): the
    last consequent edge, as :func:`conflict_kinds_in_graph` reads the last one."""
    return _conflict_targets(edges).filter(application_id=application).order_by("-created_at", "-id")[:1]


def _conflict_target_facts(edges) -> dict:
    """Annotations of scheme application rows: :data:`CONFLICT_TARGET_FACTS` of each conflict's target among
    ``edges`` (NULL for other types)."""
    target = _conflict_target(edges, OuterRef("pk"))
    fields = {
        "target_statement_id": UUIDField(),
        "target_application_id": UUIDField(),
        "target_kind": CharField(),
        "target_is_conclusion": BooleanField(),
    }
    return {
        name: Case(
            When(type=SchemeType.CONFLICT, then=Subquery(target.values(name), output_field=field)), output_field=field
        )
        for name, field in fields.items()
    }


def _conflict_kind_from_facts(row: dict) -> str | None:
    facts = [row.pop(name) for name in CONFLICT_TARGET_FACTS]
    statement_id, application_id, target_kind, target_is_conclusion = facts
    if row["type"] != SchemeType.CONFLICT or (statement_id is None and application_id is None):
        return None
    return conflict_kind(
        targets_application=application_id is not None,
        target_is_conclusion=bool(target_is_conclusion),
        target_kind=target_kind,
    )
