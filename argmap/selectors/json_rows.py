"""Rows written as JSON by PostgreSQL, byte for byte what orjson writes for the same rows as Python values.

The big reads (the whole graph, the neighbourhood) hand their rows to the client without
making Python objects of them: ``row_to_json`` over a select list of API names (foreign keys
without ``_id``), times formatted as orjson's ``OPT_UTC_Z`` writes them. jsonb columns are not
written here (PostgreSQL writes them with spaces); render those in Python.
"""

from __future__ import annotations

import orjson
from django.db import models

#: orjson's options for everything the APIs render (REST's FastJSONRenderer, GraphQL's view).
ORJSON_OPTIONS = orjson.OPT_NON_STR_KEYS | orjson.OPT_UTC_Z
#: How orjson writes an aware datetime with ``OPT_UTC_Z``: microseconds only when not zero.
UTC_Z = """replace(to_char({} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'), '.000000Z', 'Z')"""
#: How orjson writes a float from 0 to 1 (a confidence; check constraints keep them there), as ``json``:
#: PostgreSQL writes ``0``, ``1``, ``1.5e-05`` and ``1e-07`` where orjson writes ``0.0``, ``1.0``, ``0.000015``
#: and ``1e-7`` (both write the shortest digits that read back the same value).
ORJSON_UNIT_FLOAT = (
    "(CASE WHEN {0} = trunc({0}) THEN trunc({0})::numeric::text || '.0'"
    " WHEN {0}::text ~ 'e-05$' THEN '0.0000' || replace(split_part({0}::text, 'e', 1), '.', '')"
    " ELSE regexp_replace({0}::text, 'e-0', 'e-') END)::json"
)
#: How Python's ``datetime.isoformat`` writes a UTC time (GraphQL's ``DateTime``): microseconds only when not zero.
ISO_8601 = """replace(to_char({} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"+00:00"'), '.000000+', '+')"""


def api_name(field_name: str) -> str:
    """The APIs' name of a field: foreign keys without the ``_id`` suffix."""
    return field_name[:-3] if field_name.endswith("_id") else field_name


def with_api_names(row: dict) -> dict:
    """A selector row with the APIs' field names (:func:`api_name`)."""
    return {api_name(key): value for key, value in row.items()}


def json_columns(
    model: type[models.Model], field_names: tuple, *, alias: str | None = None, overrides=None, computed=None
) -> str:
    """The select list of one row's JSON object: each field under its API name, in order.

    ``alias``: the table's name in the query (default its table name). ``overrides`` gives the SQL
    of an API name whose value is not the column (an application's ``scheme``: the scheme's key);
    ``computed`` (API name → SQL) members that are not fields, written after them.
    """
    table = alias or model._meta.db_table
    columns = []
    for name in field_names:
        field = model._meta.get_field(name)
        if isinstance(field, models.JSONField):
            raise TypeError(f"{model.__name__}.{name}: PostgreSQL writes jsonb with spaces; render it in Python")
        value = (overrides or {}).get(api_name(name)) or f'"{table}"."{field.column}"'
        if isinstance(field, models.DateTimeField):
            value = UTC_Z.format(value)
        elif isinstance(field, models.FloatField):
            value = ORJSON_UNIT_FLOAT.format(value)
        columns.append(f'{value} AS "{api_name(name)}"')
    columns.extend(f'{sql} AS "{name}"' for name, sql in (computed or {}).items())
    return ", ".join(columns)


def row_json(columns: str) -> str:
    """One row's JSON text (compact, as orjson writes it) from a select list over the current row."""
    return f"(SELECT row_to_json(r)::text FROM (SELECT {columns}) r)"


def tag_slugs_sql(model: type[models.Model]) -> str:
    """The row's tag slugs as a JSON array text, in slug order (what the APIs render as ``tags``)."""
    through = model.tags.through._meta
    owner = next(f.column for f in through.fields if f.related_model is model)
    return (
        f"array_to_json(ARRAY(SELECT t.slug FROM {through.db_table} x JOIN argmap_tag t ON t.id = x.tag_id "
        f'WHERE x.{owner} = "{model._meta.db_table}".id ORDER BY t.slug))'
    )


def pipeline_sql(alias: str) -> str:
    """A node's ``pipeline`` as the APIs render it: ``{"name": …, "version": …}``, null when a person made it."""
    return (
        f'(SELECT row_to_json(p) FROM (SELECT name, version FROM argmap_pipeline WHERE id = "{alias}".pipeline_id) p)'
    )


def provenance_sql(alias: str) -> dict[str, str]:
    """A statement's or scheme application's provenance (``pipeline``, ``confidence``) as JSON, by API name."""
    return {"pipeline": pipeline_sql(alias), "confidence": ORJSON_UNIT_FLOAT.format(f'"{alias}".confidence')}


def scheme_key_sql(alias: str) -> str:
    """An application's ``scheme`` as the APIs render it: the scheme's key."""
    return f'(SELECT key FROM argmap_scheme WHERE id = "{alias}".scheme_id)'


def array(texts) -> bytes:
    """A JSON array of JSON texts."""
    return b"[" + ",".join(texts).encode() + b"]"


def json_object(members: dict[str, bytes]) -> bytes:
    """A JSON object of members already written as JSON (keys: plain names, written as they are)."""
    return b"{" + b",".join(b'"' + key.encode() + b'":' + value for key, value in members.items()) + b"}"
