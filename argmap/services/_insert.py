"""Fast inserts for bulk writes: PostgreSQL ``COPY`` where available, ``bulk_create`` elsewhere.

Django's ``bulk_create`` on psycopg 3 quotes every value in Python; ``COPY``
streams typed rows and is several times faster for the tens of thousands of
rows an import or a history batch writes.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from django.db import DEFAULT_DB_ALIAS, connections, models

BATCH_SIZE = 5000


def _column_values(fields: list[models.Field], connection) -> list[Callable[[models.Model], object]]:
    """One getter per column: raw attribute values, except where Django must prepare them."""
    getters = []
    for f in fields:
        if isinstance(f, models.JSONField) or getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
            getters.append(lambda obj, f=f: f.get_db_prep_save(f.pre_save(obj, True), connection))
        else:
            getters.append(lambda obj, name=f.attname: getattr(obj, name))
    return getters


def insert_rows(model: type[models.Model], objs: Sequence[models.Model]) -> None:
    """Insert new rows whose primary keys are already set (or assigned by the database when absent)."""
    if not objs:
        return
    connection = connections[DEFAULT_DB_ALIAS]
    if connection.vendor != "postgresql":
        model.objects.bulk_create(objs, batch_size=BATCH_SIZE)
        return
    fields = [f for f in model._meta.concrete_fields if not (f.primary_key and getattr(objs[0], f.attname) is None)]
    getters = _column_values(fields, connection)
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    table = connection.ops.quote_name(model._meta.db_table)
    with connection.cursor() as cursor, cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
        for obj in objs:
            copy.write_row([get(obj) for get in getters])


def insert_values(model: type[models.Model], rows: Sequence[dict]) -> None:
    """Insert rows given as ``{attname: value}`` dicts, without building model instances.

    For history batches of hundreds of thousands of rows, constructing a
    model instance per row costs more than the ``COPY`` itself. Primary keys
    are left to the database; JSON fields take plain Python values.
    """
    if not rows:
        return
    connection = connections[DEFAULT_DB_ALIAS]
    if connection.vendor != "postgresql":
        model.objects.bulk_create([model(**row) for row in rows], batch_size=BATCH_SIZE)
        return
    from psycopg.types.json import Jsonb

    fields = [f for f in model._meta.concrete_fields if f.attname in rows[0]]
    wrap = [isinstance(f, models.JSONField) for f in fields]
    names = [f.attname for f in fields]
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    table = connection.ops.quote_name(model._meta.db_table)
    with connection.cursor() as cursor, cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(
                [Jsonb(row[n]) if w and row[n] is not None else row[n] for n, w in zip(names, wrap, strict=True)]
            )
