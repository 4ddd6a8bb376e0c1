"""A page of a map's statements (keyset order) with the members a caller names, written as JSON by PostgreSQL in
one statement: the visualiser's ``map { statements(first: …) { edges { node { … } } } }``.

The rows are ``access.visible_statements_for``'s; the relations next to each node are
:mod:`argmap.selectors.relations`' own querysets (``across_inferences``, ``attacks_on``, ``anchors_on``, which
carry the visibility rules), read for the page's statements as subqueries and aggregated per node in their
order. The statement is compiled once per selection and reader shape (:mod:`argmap.selectors.reader_sql`);
the page's position (``after``), size and filters are parameters of every request.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from django.db import connection
from django.db.models import F, Window
from django.db.models.expressions import RawSQL
from django.db.models.functions import RowNumber

from argmap.models import Anchor, Statement
from argmap.selectors import access, relations
from argmap.selectors.graph_json import (
    CONFLICT_KIND_COLUMNS,
    ROW_ALIAS,
    Constant,
    Members,
    checked_name,
    conflict_kind_table,
    labelled,
    member_sql,
    object_sql,
)
from argmap.selectors.prepared import prepared_rows
from argmap.selectors.reader_sql import reader_sql


@dataclass(frozen=True)
class Cursor:
    """An edge's cursor: urlsafe base64 of the JSON list of its ``created_at`` and ``id`` texts."""


class Node(Members):
    """An edge's statement, an object of ``members`` (graph_json's, and the relations below)."""


@dataclass(frozen=True)
class Across:
    """The statements at the ``far_role`` end of the inferences the node is at the ``own_role`` end of."""

    own_role: str
    far_role: str
    members: tuple


class AttacksOn(Members):
    """The attacks on the node (rebuttals, underminers), each an object of Constants, :class:`AttackKind`
    and :class:`Attacker`."""


@dataclass(frozen=True)
class AttackKind:
    """The attack's kind (rebut, undermine) written as its label in ``labels``."""

    labels: tuple


class Attacker(Members):
    """An attack's attacking statement, an object of ``members``."""


class AnchorsOn(Members):
    """The node's anchors in their model's order, each an object of ``members``."""


class Edges(Members):
    """The page's edges, each an object of Constants, :class:`Cursor` and :class:`Node`."""


class PageInfo(Members):
    """An object of Constants and :class:`PageFact`\\ s."""


@dataclass(frozen=True)
class PageFact:
    """``has_next_page``, ``has_previous_page``, ``start_cursor`` or ``end_cursor``."""

    name: str


@dataclass(frozen=True)
class TotalCount:
    """How many statements the whole filtered list has."""


_ALIAS = "argmap_statement"
_TABLE = f'"{_ALIAS}"'
_CURSOR = (
    "translate(encode(convert_to('[\"' || replace(to_char({t}.created_at AT TIME ZONE 'UTC', "
    "'YYYY-MM-DD HH24:MI:SS.US\"+00:00\"'), '.000000+', '+') || '\", \"' || {t}.id::text || '\"]', 'UTF8'), "
    "'base64'), '+/' || chr(10), '-_')"
)


def statement_page_json(
    *, map_id, user, members: tuple, first: int, after: tuple | None, kind: str | None = None, status=None
) -> bytes:
    """The connection object of ``members`` over the map's statements ``user`` sees (``kind``/``status``: only
    those), the ``first`` after the keyset position ``after`` (``(created_at, id)``, or None), as JSON bytes.
    Authorise reading the map first."""
    sql, params = reader_sql(
        ("statement page", members), user, functools.partial(_page_sql, members=members), map_id=map_id
    )
    after_created, after_id = after or (None, None)
    return prepared_rows(sql, [kind, status, after_created, after_id, first, *params], text_as_bytes=True)[0][0]


def supports(members: tuple) -> bool:
    """Whether :func:`statement_page_json` can write this selection (checked without the database); only
    PostgreSQL writes it (the quick start's SQLite executes the field as before)."""
    if connection.vendor != "postgresql":
        return False
    try:
        _page_sql(None, map_id=None, members=members)
    except (ValueError, LookupError, TypeError):
        return False
    return True


def _page_sql(reader, *, map_id, members: tuple) -> tuple[str, list]:
    visible_sql, visible_params = (
        access.visible_statements_for(reader).filter(map_id=map_id).order_by().query.sql_with_params()
    )
    # the request's own values (filters, position, size) are the statement's first parameters
    head = (
        "WITH request AS (SELECT %s::text AS kind, %s::text AS status, %s::timestamptz AS after_created, "
        "%s::uuid AS after_id, %s::int AS page_size), "
        f"listed AS MATERIALIZED (SELECT s.* FROM ({visible_sql}) s, request r "
        "WHERE (r.kind IS NULL OR s.kind = r.kind) AND (r.status IS NULL OR s.status = r.status)), "
        "page AS MATERIALIZED (SELECT l.* FROM listed l, request r WHERE r.after_created IS NULL "
        "OR (l.created_at, l.id) > (r.after_created, r.after_id) "
        "ORDER BY l.created_at, l.id LIMIT (SELECT page_size + 1 FROM request)), "
        "shown AS MATERIALIZED (SELECT * FROM page ORDER BY created_at, id LIMIT (SELECT page_size FROM request))"
    )
    relation_ctes: list = []
    params = list(visible_params)
    selects = []
    for name, value in members:
        selects.append(f'{_connection_member(value, reader, relation_ctes, params)} AS "{checked_name(name)}"')
    ctes = "".join(f", {cte}" for cte in relation_ctes)
    sql = f"{head}{ctes} SELECT row_to_json({ROW_ALIAS})::text FROM (SELECT {', '.join(selects)}) {ROW_ALIAS}"
    return sql, params


def _connection_member(value, reader, ctes: list, params: list) -> str:
    if isinstance(value, Constant):
        return f"{member_sql(value, Statement, _ALIAS, None)}"
    if isinstance(value, TotalCount):
        return "(SELECT count(*) FROM listed)"
    if isinstance(value, PageInfo):
        facts = {
            "has_next_page": "((SELECT count(*) FROM page) > (SELECT count(*) FROM shown))",
            "has_previous_page": "((SELECT after_created FROM request) IS NOT NULL)",
            "start_cursor": f"(SELECT {_CURSOR.format(t='f')} FROM shown f ORDER BY f.created_at, f.id LIMIT 1)",
            "end_cursor": f"(SELECT {_CURSOR.format(t='f')} FROM shown f ORDER BY f.created_at DESC, f.id DESC LIMIT 1)",
        }
        columns = ", ".join(
            f"{member_sql(fact, Statement, _ALIAS, None) if isinstance(fact, Constant) else facts[fact.name]} "
            f'AS "{checked_name(name)}"'
            for name, fact in value.members
        )
        return f"(SELECT row_to_json({ROW_ALIAS}) FROM (SELECT {columns}) {ROW_ALIAS})"
    if isinstance(value, Edges):
        columns = []
        for name, member in value.members:
            if isinstance(member, Constant):
                sql = member_sql(member, Statement, _ALIAS, None)
            elif isinstance(member, Cursor):
                sql = _CURSOR.format(t=_TABLE)
            elif isinstance(member, Node):
                sql = _node_sql(member.members, reader, ctes, params)
            else:
                raise ValueError(f"an edge holds no {member!r}")
            columns.append(f'{sql} AS "{checked_name(name)}"')
        edge = f"(SELECT row_to_json({ROW_ALIAS}) FROM (SELECT {', '.join(columns)}) {ROW_ALIAS})"
        return f"array_to_json(ARRAY(SELECT {edge} FROM shown {_TABLE} ORDER BY {_TABLE}.created_at, {_TABLE}.id))"
    raise ValueError(f"a page holds no {value!r}")


def _node_sql(members: tuple, reader, ctes: list, params: list) -> str:
    columns = []
    for name, value in members:
        relation = _relation_cte(value, reader, params)
        if relation is None:
            sql = member_sql(value, Statement, _ALIAS, None)
        else:
            # looked up by id in one jsonb object: a join's plan would rest on the page's unknown size
            alias = f"related_{len(ctes)}"
            ctes.append(
                f"{alias} AS MATERIALIZED (SELECT jsonb_object_agg(r.key::text, r.items::text) AS by_id "
                f"FROM ({relation}) r)"
            )
            sql = f"coalesce(((SELECT by_id FROM {alias}) ->> {_TABLE}.id::text)::json, '[]'::json)"
        columns.append(f'{sql} AS "{checked_name(name)}"')
    return f"(SELECT row_to_json({ROW_ALIAS}) FROM (SELECT {', '.join(columns)}) {ROW_ALIAS})"


_SHOWN = RawSQL("SELECT id FROM shown", ())


def _subquery(queryset, params: list) -> str:
    """The SQL of ``queryset``, its parameters added to ``params`` (in the order the statement reads them)."""
    sql, found = queryset.query.sql_with_params()
    params.extend(found)
    return sql


def _relation_cte(value, reader, params: list) -> str | None:
    """``(key, items)`` per statement of the page for a relation member, or None for a plain member."""
    if isinstance(value, Across):
        sql = _subquery(
            relations.across_inferences(_SHOWN, reader, own_role=value.own_role, far_role=value.far_role)
            .order_by()
            .values_list("application__edges__statement_id", "statement_id", *relations.ACROSS_ORDER),
            params,
        )
        item = object_sql(value.members, Statement, "far", None)
        return (
            f"SELECT k.key, array_to_json(array_agg({item} ORDER BY k.o1, k.o2, k.o3, k.o4)) AS items FROM ("
            f"SELECT DISTINCT ON (d.key, d.far_id) d.* FROM ({sql}) d (key, far_id, o1, o2, o3, o4) "
            f"ORDER BY d.key, d.far_id, d.o1, d.o2, d.o3, d.o4) k JOIN argmap_statement far ON far.id = k.far_id "
            f"GROUP BY k.key"
        )
    if isinstance(value, AttacksOn):
        sql = _subquery(
            relations.attacks_on(_SHOWN, reader)
            .order_by()
            .values_list(
                "statement_id",
                "concluded",
                "statement__kind",
                "application__edges__statement_id",
                *relations.ATTACKS_ORDER,
            ),
            params,
        )
        columns = []
        for name, member in value.members:
            if isinstance(member, Constant):
                sql_of = member_sql(member, Statement, "att", None)
            elif isinstance(member, AttackKind):
                sql_of = labelled("t.kind", member.labels)
            elif isinstance(member, Attacker):
                sql_of = object_sql(member.members, Statement, "att", None)
            else:
                raise ValueError(f"an attack holds no {member!r}")
            columns.append(f'{sql_of} AS "{checked_name(name)}"')
        attack = f"(SELECT row_to_json({ROW_ALIAS}) FROM (SELECT {', '.join(columns)}) {ROW_ALIAS})"
        return (
            f"SELECT d.key, array_to_json(array_agg({attack} ORDER BY d.o1, d.o2, d.o3, d.o4)) AS items "
            f"FROM ({sql}) d (key, concluded, target_kind, attacker_id, o1, o2, o3, o4) "
            f"JOIN argmap_statement att ON att.id = d.attacker_id "
            f"JOIN (VALUES {conflict_kind_table()}) t {CONFLICT_KIND_COLUMNS} ON NOT t.targets_application "
            f"AND t.target_is_conclusion = d.concluded AND t.target_kind IS NOT DISTINCT FROM d.target_kind "
            f"GROUP BY d.key"
        )
    if isinstance(value, AnchorsOn):
        order = Window(RowNumber(), order_by=[F(name).asc() for name in _model_order(Anchor)])
        sql = _subquery(
            relations.anchors_on(_SHOWN, reader)
            .annotate(position=order)
            .order_by()
            .values_list("statement_id", "id", "position"),
            params,
        )
        item = object_sql(value.members, Anchor, "argmap_anchor", None)
        return (
            f"SELECT d.key, array_to_json(array_agg({item} ORDER BY d.position)) AS items "
            f"FROM ({sql}) d (key, id, position) JOIN argmap_anchor ON argmap_anchor.id = d.id GROUP BY d.key"
        )
    return None


def _model_order(model) -> list[str]:
    """``model``'s default ordering with a relation's name expanded to its model's ordering, as Django orders it."""
    names = []
    for name in model._meta.ordering:
        field = model._meta.get_field(name)
        if field.is_relation:
            names += [f"{name}__{related}" for related in _model_order(field.related_model)]
        else:
            names.append(name)
    return names
