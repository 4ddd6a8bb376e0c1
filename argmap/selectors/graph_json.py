"""A map's graph with the members a caller names, written as one JSON object by PostgreSQL in one statement.

The caller (GraphQL's compiled ``Map.graph``) says which lists it wants under which names and, per row, which
members: a model field's value (:class:`Column`, optionally written as a label), a constant, the row's or a
foreign key's id as an opaque ``base64(prefix + id)`` (:class:`PrefixedId`, :class:`Reference`), the tags'
slugs, the scheme's key, a conflict's kind or a jsonb list of texts. PostgreSQL writes each row with
``row_to_json`` over a select list named as asked (compact, members in the order given), each list with
``array_to_json(ARRAY(… ORDER BY …))`` in :func:`~argmap.selectors.graph.map_graph`'s order, and the whole
object the same way: Python only receives the text.

The rows are the ones ``map_graph`` reads for ``user`` (the access selectors' querysets through
``graph._row_sources``, pending suggestions left out unless asked); the statement is compiled once per
selection and reader shape (:mod:`argmap.selectors.reader_sql`). The conflicts' kinds are
:func:`~argmap.selectors.graph.conflict_kind`'s truth table over the visible consequent edges, applied as
``conflict_kinds_in_graph`` applies it (last consequent edge of the conflict wins).
"""

from __future__ import annotations

import functools
import itertools
import re
from dataclasses import dataclass

import orjson
from django.core.exceptions import FieldDoesNotExist
from django.db import connection, models
from django.db.models import F, QuerySet
from django.db.models.expressions import RawSQL

from argmap.models import (
    Anchor,
    Edge,
    EdgeRole,
    EvidenceLink,
    SchemeApplication,
    SchemeType,
    Source,
    Statement,
    StatementKind,
)
from argmap.selectors.access import visible_sources_for
from argmap.selectors.graph import (
    ANCHOR_FIELDS,
    APPLICATION_FIELDS,
    EDGE_FIELDS,
    EVIDENCE_FIELDS,
    STATEMENT_FIELDS,
    _row_sources,
    _with_authorship,
    conflict_kind,
)
from argmap.selectors.json_rows import ISO_8601
from argmap.selectors.prepared import prepared_rows
from argmap.selectors.reader_sql import reader_sql

_NAME = re.compile(r"^[_A-Za-z][_0-9A-Za-z]{0,62}$")
#: The alias ``row_to_json`` reads its row under: no member's name (an identifier) can shadow it.
ROW_ALIAS = '"row-"'


@dataclass(frozen=True)
class Column:
    """A model field's value; with ``labels`` (``(value, label)`` pairs) the label written for each value."""

    field: str
    labels: tuple | None = None


@dataclass(frozen=True)
class Constant:
    """The same text on every row (a type's name)."""

    text: str


@dataclass(frozen=True)
class PrefixedId:
    """``base64(prefix + field's text)``, the key field's opaque id."""

    field: str
    prefix: str


@dataclass(frozen=True)
class Reference:
    """An object over the foreign key ``field`` (null when the key is): ``members`` are Constants and
    PrefixedIds of that key."""

    field: str
    members: tuple


@dataclass(frozen=True)
class Members:
    """A value written as an object (or a list of objects) of ``members``: ``(name, value)`` pairs."""

    members: tuple


class Tags(Members):
    """The row's tags in slug order, each an object of ``members`` (Constants, ``Column("slug")``)."""


class SchemeKey(Members):
    """A scheme application's scheme as an object of ``members`` (Constants, ``Column("key")``); null without one."""


@dataclass(frozen=True)
class ConflictKind:
    """A conflict's kind (rebut, undermine, undercut) written as its label in ``labels``; null for other types."""

    labels: tuple


@dataclass(frozen=True)
class TextList:
    """A jsonb list's items as texts (a source's ``authors``)."""

    field: str


@dataclass(frozen=True)
class Part:
    """One of ``map_graph``'s lists (``statements``, ``scheme_applications``, ``edges``, ``anchors``,
    ``evidence_links``, ``sources``), each row an object of ``members`` (``(name, value)`` pairs)."""

    part: str
    members: tuple


#: The fields of each part's rows a :class:`Column` may name (``map_graph``'s; sources: every concrete field).
ROW_FIELDS = {
    "statements": _with_authorship(STATEMENT_FIELDS),
    "scheme_applications": _with_authorship(APPLICATION_FIELDS),
    "edges": _with_authorship(EDGE_FIELDS),
    "anchors": _with_authorship(ANCHOR_FIELDS),
    "evidence_links": _with_authorship(EVIDENCE_FIELDS),
    "sources": tuple(name for field in Source._meta.concrete_fields for name in {field.name, field.attname}),
}
_ORDER = {
    "statements": ("created_at", "id"),
    "scheme_applications": ("created_at", "id"),
    "edges": ("created_at", "id"),
    "anchors": ("document_id", "start", "end", "id"),
    "evidence_links": ("created_at", "id"),
    "sources": ("footnote", "title", "id"),
}


def map_graph_json(*, map_id, user, members: tuple, include_suggestions: bool = False) -> bytes:
    """The object of ``members`` (``(name, Part | Constant)`` pairs) for map ``map_id`` as JSON bytes, one
    statement. Authorise reading the map first. Raises ``ValueError`` for a selection it cannot write
    (a name that is not a plain identifier of at most 63 characters, a field the rows do not hold)."""
    sql, params = _compiled(members, include_suggestions, user, map_id)
    return prepared_rows(sql, params, text_as_bytes=True)[0][0]


def _compiled(members, include_suggestions, user, map_id):
    read = ("typed graph", members, include_suggestions)
    build = functools.partial(_graph_sql, members=members, include_suggestions=include_suggestions)
    return reader_sql(read, user, build, map_id=map_id, literal_constants=True)


#: What :func:`object_sql` raises for a selection it cannot write (a name PostgreSQL would fold, an unknown
#: part or field): the caller executes the field instead.
NOT_WRITABLE = (ValueError, LookupError, FieldDoesNotExist)


def supports(members: tuple) -> bool:
    """Whether :func:`map_graph_json` can write this selection (checked without the database); only
    PostgreSQL writes it (the quick start's SQLite executes the field as before)."""
    if connection.vendor != "postgresql":
        return False
    try:
        for name, value in members:
            checked_name(name)
            if isinstance(value, Part):
                model = _model_of(value.part)
                object_sql(value.members, model, model._meta.db_table, value.part)
            elif not isinstance(value, Constant):
                return False
    except NOT_WRITABLE:
        return False
    return True


def writes_object(model: type[models.Model], members: tuple) -> bool:
    """Whether :func:`with_object_json` can write one ``model`` row as ``members`` (PostgreSQL only)."""
    if connection.vendor != "postgresql":
        return False
    try:
        object_sql(members, model, model._meta.db_table, None)
    except NOT_WRITABLE:
        return False
    return True


def with_object_json(queryset: QuerySet, members: tuple, name: str) -> QuerySet:
    """``queryset`` with each row's object of ``members`` (``(name, value)`` pairs of :class:`Column`,
    :class:`Constant`, :class:`PrefixedId`, :class:`Reference`) as JSON text, annotated as ``name``: a point
    read whose row carries the JSON an API answers for it (GraphQL's compiled ``node(id:)``)."""
    model = queryset.model
    sql = object_sql(members, model, model._meta.db_table, None)
    return queryset.annotate(**{name: RawSQL(f"{sql}::text", (), output_field=models.TextField())})


def checked_name(name: str) -> str:
    if not _NAME.match(name):
        raise ValueError(f"{name!r} is not a name PostgreSQL keeps as it is")
    return name


def literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _model_of(part: str) -> type[models.Model]:
    return {
        "statements": Statement,
        "scheme_applications": SchemeApplication,
        "edges": Edge,
        "anchors": Anchor,
        "evidence_links": EvidenceLink,
        "sources": Source,
    }[part]


def object_sql(members: tuple, model, table: str, part: str | None) -> str:
    """``row_to_json`` of one row's ``members`` over the row of ``model`` named ``table``."""
    columns = ", ".join(f'{member_sql(value, model, table, part)} AS "{checked_name(name)}"' for name, value in members)
    return f"(SELECT row_to_json({ROW_ALIAS}) FROM (SELECT {columns}) {ROW_ALIAS})"


def _field_sql(model, table: str, name: str, part: str | None) -> str:
    field = model._meta.get_field(name)
    if part is not None and name not in ROW_FIELDS[part]:
        raise ValueError(f"{part} rows do not hold {name}")
    if isinstance(field, models.JSONField):
        raise ValueError(f"{model.__name__}.{name}: PostgreSQL writes jsonb with spaces")
    sql = f'"{table}"."{field.column}"'
    if isinstance(field, models.DateTimeField):
        return ISO_8601.format(sql)
    if isinstance(field, (models.FloatField, models.DecimalField)):
        raise ValueError(f"{model.__name__}.{name}: numbers are written apart from Python's")
    return sql


def _uuid_sql(model, table: str, name: str, part: str | None) -> str:
    """A uuid key's column (its text is always 36 characters)."""
    field = model._meta.get_field(name)
    if not isinstance(field.target_field if field.is_relation else field, models.UUIDField):
        raise ValueError(f"{model.__name__}.{name} is not a uuid")
    return _field_sql(model, table, name, part)


def labelled(sql: str, labels: tuple | None) -> str:
    if labels is None:
        return sql
    cases = " ".join(f"WHEN {literal(value)} THEN {literal(label)}" for value, label in labels)
    return f"CASE {sql} {cases} END"


#: PostgreSQL's base64 breaks its output into lines of 76 characters, i.e. after 57 bytes of input.
_BASE64_LINE_BYTES = 57


def _prefixed_id(sql: str, prefix: str) -> str:
    """``base64(prefix + sql's text)``. An ASCII prefix (a type's name) before a uuid's text is the same bytes in
    every encoding, so ``textsend`` gives them without ``convert_to``'s conversion (a quarter of the cost)."""
    if prefix.isascii():
        encoded = f"encode(textsend({literal(prefix)} || {sql}::text), 'base64')"
    else:
        encoded = f"encode(convert_to({literal(prefix)} || {sql}::text, 'UTF8'), 'base64')"
    if len(prefix.encode()) + len("00000000-0000-0000-0000-000000000000") <= _BASE64_LINE_BYTES:
        return encoded
    return f"replace({encoded}, chr(10), '')"


def member_sql(value, model, table: str, part: str | None, lookups=None) -> str:
    if isinstance(value, Constant):
        return f"{literal(value.text)}::text"
    if isinstance(value, Column):
        return labelled(_field_sql(model, table, value.field, part), value.labels)
    if isinstance(value, PrefixedId):
        return _prefixed_id(_uuid_sql(model, table, value.field, part), value.prefix)
    if isinstance(value, Reference):
        key = _uuid_sql(model, table, value.field, part)
        return f"CASE WHEN {key} IS NULL THEN NULL ELSE {_reference_json(value, key)} END"
    if isinstance(value, Tags) and lookups is not None:
        return f'coalesce(((SELECT by_id FROM "{lookups.tags(model, value.members)}") ->> "{table}".id::text)::json, \'[]\'::json)'
    if isinstance(value, Tags):
        return _tags_sql(value.members, model, table)
    if isinstance(value, SchemeKey) and model is SchemeApplication and lookups is not None:
        return f'((SELECT by_id FROM "{lookups.scheme(value.members)}") ->> "{table}".scheme_id::text)::json'
    if isinstance(value, SchemeKey) and model is SchemeApplication:
        scheme = model._meta.get_field("scheme").related_model
        inner = object_sql(value.members, scheme, "s", None)
        return f'(SELECT {inner} FROM {scheme._meta.db_table} s WHERE s.id = "{table}".scheme_id)'
    if isinstance(value, ConflictKind) and model is SchemeApplication:
        return labelled(f'((SELECT by_id FROM conflict_kinds) ->> "{table}".id::text)', value.labels)
    if isinstance(value, TextList):
        field = model._meta.get_field(value.field)
        if not isinstance(field, models.JSONField):
            raise ValueError(f"{value.field} is not a jsonb list")
        column = f'"{table}"."{field.column}"'
        return (
            f"CASE WHEN jsonb_typeof({column}) = 'array' "
            f"THEN array_to_json(ARRAY(SELECT jsonb_array_elements_text({column}))) ELSE '[]'::json END"
        )
    raise ValueError(f"{type(value).__name__} is not a member of {model.__name__} rows")


def _reference_json(value: Reference, key: str) -> str:
    """The reference's object written as text and read as ``json``: its members are constants (JSON strings
    written here) and base64 ids (nothing to escape), so no ``row_to_json`` sub-select runs per row."""
    members = []
    for name, member in value.members:
        start = '"' + checked_name(name) + '":'
        if isinstance(member, Constant):
            members.append(literal(start + orjson.dumps(member.text).decode()))
        elif isinstance(member, PrefixedId) and member.field == value.field:
            members.append(f"{literal(start + chr(34))} || {_prefixed_id(key, member.prefix)} || {literal(chr(34))}")
        else:
            raise ValueError(f"a reference holds constants and its key's ids, not {member!r}")
    body = " || ',' || ".join(members) or "''"
    return f"('{{' || {body} || '}}')::json"


def _tags_sql(members: tuple, model, table: str) -> str:
    """The row's tags in slug order (``map_graph``'s ``tags``), each written as ``members``."""
    if not hasattr(model, "tags"):
        raise ValueError(f"{model.__name__} rows have no tags")
    through = model.tags.through._meta
    owner = next(f.column for f in through.fields if f.related_model is model)
    tag = model.tags.field.related_model
    inner = object_sql(members, tag, "t", None)
    return (
        f"array_to_json(ARRAY(SELECT {inner} FROM {through.db_table} x JOIN {tag._meta.db_table} t "
        f'ON t.id = x.tag_id WHERE x.{owner} = "{table}".id ORDER BY t.slug))'
    )


def _graph_sql(reader, *, map_id, members: tuple, include_suggestions: bool) -> tuple[str, list]:
    rows = _row_sources(reader, include_suggestions=include_suggestions)
    cited = rows["evidence_links"].filter(map_id=map_id)
    sources = Source.objects.filter(pk__in=cited.values("source_id")).filter(
        pk__in=visible_sources_for(reader).values("pk")
    )
    querysets = {name: rows[name].filter(map_id=map_id) for name in rows} | {"sources": sources}
    selects, params = [], []
    lookups = _Lookups()
    for name, value in members:
        if isinstance(value, Constant):
            selects.append(f'{literal(value.text)}::text AS "{checked_name(name)}"')
            continue
        sql, part_params = _part_sql(value, querysets[value.part], lookups)
        selects.append(f'array_to_json(ARRAY({sql})) AS "{checked_name(name)}"')
        params.extend(part_params)
    sql = f"SELECT row_to_json({ROW_ALIAS})::text FROM (SELECT {', '.join(selects)}) {ROW_ALIAS}"
    ctes, cte_params = [], []
    if any(_asks_conflict_kind(value) for _, value in members):
        kinds_sql, kinds_params = _conflict_kinds_sql(rows, map_id)
        ctes.append(
            f"conflict_kinds AS MATERIALIZED (SELECT jsonb_object_agg(id::text, kind) AS by_id FROM ({kinds_sql}) k)"
        )
        cte_params += kinds_params
    ctes += lookups.ctes
    cte_params += [map_id] * len(lookups.ctes)
    if ctes:
        sql = f"WITH {', '.join(ctes)} {sql}"
    return sql, [*cte_params, *params]


def _part_sql(value: Part, queryset, lookups: _Lookups) -> tuple[str, list]:
    """Each row of ``queryset`` as its JSON object, in order: the members are the selected columns of the
    (ordered) rows and ``row_to_json`` reads each row once, where a sub-select per row (``object_sql``) costs
    PostgreSQL a sub-plan's start per row (a quarter of the 10k map's time with the references' ones)."""
    model = _model_of(value.part)
    table = model._meta.db_table
    columns = {
        f"m{index}": RawSQL(member_sql(member, model, table, value.part, lookups), ())
        for index, (_, member) in enumerate(value.members)
    }
    order = {f"o{index}": F(field) for index, field in enumerate(_ORDER[value.part])}
    rows_sql, params = (
        queryset.annotate(**columns, **order).order_by(*order).values_list(*columns, *order).query.sql_with_params()
    )
    named = ", ".join(f'"rows-"."m{index}" AS "{checked_name(name)}"' for index, (name, _) in enumerate(value.members))
    by = ", ".join(f'"rows-"."{alias}"' for alias in order)
    sql = (
        f'SELECT row_to_json({ROW_ALIAS}) FROM ({rows_sql}) "rows-" '
        f"CROSS JOIN LATERAL (SELECT {named}) {ROW_ALIAS} ORDER BY {by}"
    )
    return sql, params


class _Lookups:
    """What the rows look up, read once per statement as CTEs over the map (each takes the map's id): an
    application's scheme and a row's tags, each written once as JSON text into a jsonb object by id. A row
    looks its value up (a binary search; ``[]`` for a row without tags) instead of running a sub-select."""

    def __init__(self):
        self.ctes: list[str] = []
        self.names: dict = {}

    def scheme(self, members: tuple) -> str:
        key = ("scheme", members)
        if key not in self.names:
            name = self.names[key] = f"schemes-{len(self.names)}"
            scheme = SchemeApplication._meta.get_field("scheme").related_model
            item = object_sql(members, scheme, "s", None)
            self.ctes.append(
                f'"{name}" AS MATERIALIZED (SELECT jsonb_object_agg(s.id::text, {item}::text) AS by_id '
                f"FROM {scheme._meta.db_table} s WHERE s.id IN (SELECT a.scheme_id FROM "
                f"{SchemeApplication._meta.db_table} a WHERE a.map_id = %s))"
            )
        return self.names[key]

    def tags(self, model, members: tuple) -> str:
        key = ("tags", model, members)
        if key not in self.names:
            name = self.names[key] = f"tags-{len(self.names)}"
            through = model.tags.through._meta
            owner = next(f.column for f in through.fields if f.related_model is model)
            tag = model.tags.field.related_model
            item = object_sql(members, tag, "t", None)
            self.ctes.append(
                f'"{name}" AS MATERIALIZED (SELECT jsonb_object_agg(owner::text, tags) AS by_id FROM ('
                f"SELECT x.{owner} AS owner, array_to_json(array_agg({item} ORDER BY t.slug))::text AS tags "
                f"FROM {through.db_table} x JOIN {tag._meta.db_table} t ON t.id = x.tag_id "
                f"JOIN {model._meta.db_table} o ON o.id = x.{owner} WHERE o.map_id = %s GROUP BY x.{owner}) g)"
            )
        return self.names[key]


def conflict_kind_table() -> str:
    """:func:`~argmap.selectors.graph.conflict_kind` as SQL ``VALUES`` rows ``(targets_application,
    target_is_conclusion, target_kind, kind)`` over every input it can be given: the rule stays in Python."""
    kinds = [None, *StatementKind.values]
    return ", ".join(
        f"({'true' if application else 'false'}, {'true' if conclusion else 'false'}, "
        f"{'NULL' if kind is None else literal(kind)}::text, "
        f"{literal(conflict_kind(targets_application=application, target_is_conclusion=conclusion, target_kind=kind))})"
        for application, conclusion, kind in itertools.product((True, False), (True, False), kinds)
    )


#: The columns of :func:`conflict_kind_table`'s rows.
CONFLICT_KIND_COLUMNS = "(targets_application, target_is_conclusion, target_kind, kind)"


def _asks_conflict_kind(value) -> bool:
    return isinstance(value, Part) and any(isinstance(member, ConflictKind) for _, member in value.members)


def _conflict_kinds_sql(rows: dict, map_id) -> tuple[str, list]:
    """``(id, kind)`` of each conflict in ``rows`` with a consequent edge in ``rows``: the kind
    :func:`~argmap.selectors.graph.conflict_kind` gives its last one (``conflict_kinds_in_graph``'s reading),
    through ``conflict_kind``'s truth table written as ``VALUES``.

    A conflict the reader sees without any consequent edge they see has no kind (null), as in ``map_graph``."""
    edges_sql, edges_params = (
        rows["edges"]
        .filter(map_id=map_id, role=EdgeRole.CONSEQUENT, application_id__isnull=False)
        .values_list("application_id", "statement_id", "other_application_id", "created_at", "id")
        .order_by()
        .query.sql_with_params()
    )
    applications_sql, applications_params = (
        rows["scheme_applications"].filter(map_id=map_id).values_list("id", "type").order_by().query.sql_with_params()
    )
    statements_sql, statements_params = (
        rows["statements"].filter(map_id=map_id).values_list("id", "kind").order_by().query.sql_with_params()
    )
    table = conflict_kind_table()
    sql = (
        f"WITH e (application_id, statement_id, other_application_id, created_at, id) AS MATERIALIZED ({edges_sql}), "
        f"a (id, type) AS MATERIALIZED ({applications_sql}), s (id, kind) AS ({statements_sql}), "
        f"last_consequents AS (SELECT DISTINCT ON (e.application_id) e.* FROM e JOIN a ON a.id = e.application_id "
        f"WHERE a.type = {literal(SchemeType.CONFLICT)} ORDER BY e.application_id, e.created_at DESC, e.id DESC), "
        f"concluded AS (SELECT DISTINCT e.statement_id FROM e JOIN a ON a.id = e.application_id "
        f"WHERE a.type = {literal(SchemeType.INFERENCE)} AND e.statement_id IS NOT NULL) "
        f"SELECT c.application_id AS id, t.kind FROM last_consequents c "
        f"LEFT JOIN s ON s.id = c.statement_id LEFT JOIN concluded ON concluded.statement_id = c.statement_id "
        f"JOIN (VALUES {table}) t {CONFLICT_KIND_COLUMNS} "
        f"ON t.targets_application = (c.other_application_id IS NOT NULL) "
        f"AND t.target_is_conclusion = (concluded.statement_id IS NOT NULL) "
        f"AND t.target_kind IS NOT DISTINCT FROM s.kind"
    )
    return sql, [*edges_params, *applications_params, *statements_params]
