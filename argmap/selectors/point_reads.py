"""Point reads (one row by key) with their SQL compiled once per process and audience, not once per request.

Building and compiling a visibility queryset costs a point read more CPU than the database does (about
half of a statement detail's time in a profile). The SQL of ``visible_statements_for(user)`` depends on the
user only through what :mod:`argmap.selectors.access` reads from it: whether they are a superuser, their
id and their roles by workspace. So each read is built once per *audience* — superuser or not, the roles
in :func:`~argmap.selectors.access.reader_shape` — by the very selector, for a stand-in user whose id and workspace ids
are sentinels; later reads swap the real values in for the sentinels' positions among the parameters.
The rule itself stays in :mod:`~argmap.selectors.access`; nothing here repeats it. A build that is not
cached runs the plain way, every time: one in which a sentinel does not come out where expected (a rule
that reads something else of the user), and one that queried the database while it was built (a rule
that depends on data, e.g. which workspaces annotate blind for ``visible_changes_for``).

A compiled read runs as a server-side prepared statement on its connection (:func:`~argmap.selectors.prepared.prepared_rows`): Django's
cursor binds values on the client, so PostgreSQL would plan each point read on every request, and planning
costs it several times what running the read does (0.25 ms plan / 0.07 ms run for the token, 0.64 / 0.07 ms
for a statement, measured with ``EXPLAIN ANALYZE``).
"""

from __future__ import annotations

import copy
import threading
import uuid
from collections import OrderedDict
from collections.abc import Callable, Hashable
from contextlib import ExitStack

from django.core.exceptions import EmptyResultSet, ValidationError
from django.db import DEFAULT_DB_ALIAS, connections, router
from django.db.models import IntegerField, Model, QuerySet
from django.db.models.query import ModelIterable, get_related_populators

from . import access, prepared

#: Audiences remembered per read (an audience is a tuple of roles: few distinct ones in practice).
AUDIENCES_KEPT = 256
#: The stand-in user's id: no real user has a negative one.
_STAND_IN_USER_ID = -7_301_946_012_447
_KEY = uuid.UUID("5e471e1e-0000-4000-8000-00000000c0de")
_INTEGER_KEY = -7_301_946_012_449


class _Compiled:
    """One read's SQL for one audience, with where each request's values go."""

    __slots__ = ("compiler", "key_field", "params", "queryset", "row_reader", "slots", "sql")

    def __init__(self, queryset: QuerySet, compiler, sql: str, params: tuple, slots: dict, key_field: str):
        self.queryset, self.compiler, self.sql, self.params, self.slots = queryset, compiler, sql, params, slots
        self.key_field = key_field
        self.row_reader = _RowReader(queryset, compiler)

    def bind(self, values: dict[str | int, object], connection) -> list:
        """The parameters for ``values`` (the key, the user's id and workspace ids); a malformed key raises
        Django's ``ValidationError``, as ``filter(pk=...)`` would."""
        query = self.queryset.query
        field = query.model._meta.pk if self.key_field == "pk" else query.model._meta.get_field(self.key_field)
        values = {**values, "key": field.get_db_prep_value(values["key"], connection)}
        params = list(self.params)
        for position, slot in self.slots.items():
            params[position] = values[slot]
        return params

    def fetch(self, values: dict[str | int, object]) -> Model | None:
        """The row for ``values`` (see :meth:`bind`)."""
        connection = connections[self.compiler.using]
        params = self.bind(values, connection)
        if connection.vendor == "postgresql":
            rows = prepared.prepared_rows(self.sql, params, connection=connection, limit=1)
            return self.row_reader.instance(rows[0], connection) if rows else None
        compiler = copy.copy(self.compiler)
        compiler.connection = connection
        compiler.as_sql = lambda *args, **kwargs: (self.sql, params)
        queryset = self.queryset._chain()
        queryset.query.get_compiler = lambda *args, **kwargs: compiler
        return next(iter(ModelIterable(queryset)), None)


class _RowReader:
    """A row of a compiled read as the model instance Django's ``ModelIterable`` would build from it (values
    through the fields' converters, ``select_related`` objects, annotations), with what it derives from the
    compiled query — column positions, converters, related populators — worked out once, not per request."""

    __slots__ = ("annotations", "columns", "converters", "model", "populators", "primary_key", "using", "width")

    def __init__(self, queryset: QuerySet, compiler):
        select, klass_info = compiler.select, compiler.klass_info
        start, end = klass_info["select_fields"][0], klass_info["select_fields"][-1] + 1
        self.model, self.using = klass_info["model"], compiler.using
        self.columns = (start, end, [column[0].target.attname for column in select[start:end]])
        self.converters = list(compiler.get_converters([column[0] for column in select[: compiler.col_count]]).items())
        self.populators = get_related_populators(klass_info, select, compiler.using)
        self.annotations = tuple(compiler.annotation_col_map.items())
        self.width = compiler.col_count
        self.primary_key = start + self.columns[2].index(self.model._meta.pk.attname)

    def instance(self, row: tuple, connection) -> Model:
        row = list(row)
        for position, (converters, expression) in self.converters:
            for converter in converters:
                row[position] = converter(row[position], expression, connection)
        start, end, attnames = self.columns
        instance = self.model.from_db(self.using, attnames, row[start:end])
        for populator in self.populators:
            populator.populate(row, instance)
        for name, position in self.annotations:
            setattr(instance, name, row[position])
        return instance


#: A read that was not made (see :meth:`PointRead.read_beside`).
UNREAD = object()


class PointRead:
    """``read(user, key)``: the row ``build(user).filter(pk=key)`` finds first, or ``None``.

    ``build`` is a function of the user returning a queryset of ``model`` (a visibility selector, with the
    joins and annotations a door renders); ``for_user=False`` for reads that do not depend on the user (the
    API token's own lookup), whose ``build`` takes no argument and whose ``field`` names the key's column.
    The database is the router's choice for each read, as for any queryset.
    """

    def __init__(self, model: type[Model], build: Callable, *, field: str = "pk", for_user: bool = True, sentinel=_KEY):
        self.model, self.build, self.field, self.for_user, self.sentinel = model, build, field, for_user, sentinel
        self._compiled: OrderedDict[Hashable, _Compiled | None] = OrderedDict()
        self._lock = threading.Lock()

    def read(self, user=None, key=None) -> Model | None:
        using = router.db_for_read(self.model)
        audience, values = self._audience(user)
        values["key"] = key
        compiled = self._for(audience, using)
        if compiled is None:
            return self._plain(user).using(using).filter(**{self.field: key}).first()
        return compiled.fetch(values)

    def read_beside(self, credential: PointRead, credential_key, key, *, guess: tuple, reader_of: Callable):
        """``(credential, row)`` in ONE round trip: the ``credential`` read (e.g. an API token with its user and
        roles) and this read for the reader it is *guessed* to name, ``guess`` being ``(reader_shape,
        values)`` as :meth:`read` binds them.

        The row counts only if the reader found in the same statement (``reader_of(credential)``, ``None``
        for a refused one) binds exactly the guessed values, so a revoked credential or a removed membership
        is seen by the very statement it would be served by; otherwise the row is :data:`UNREAD` and the
        caller reads it the usual way. ``credential`` is ``None`` when none was found. PostgreSQL only:
        elsewhere, or when either read is not compiled, both come back :data:`UNREAD`.
        """
        using = router.db_for_read(self.model)
        shape, values = guess
        mine, theirs = self._for(shape, using), credential._for((), using)
        connection = connections[using]
        if mine is None or theirs is None or theirs.compiler.using != using or connection.vendor != "postgresql":
            return UNREAD, UNREAD
        try:
            params = theirs.bind({"key": credential_key}, connection) + mine.bind({**values, "key": key}, connection)
        except ValidationError:  # a malformed key: refused by the usual read, where the caller expects it
            return UNREAD, UNREAD
        sql = f"SELECT * FROM ({theirs.sql}) AS credential LEFT JOIN ({mine.sql}) AS point_read ON TRUE"
        rows = prepared.prepared_rows(sql, params, connection=connection, limit=1)
        if not rows:
            return None, UNREAD
        width = theirs.row_reader.width
        found = theirs.row_reader.instance(rows[0][:width], connection)
        reader = reader_of(found)
        if reader is None or self._audience(reader) != (shape, values):
            return found, UNREAD
        row = rows[0][width:]
        return found, (None if row[mine.row_reader.primary_key] is None else mine.row_reader.instance(row, connection))

    def audience_of(self, user) -> tuple:
        """``(reader_shape, values)`` of ``user`` as :meth:`read` binds them: a guess for :meth:`read_beside`."""
        return self._audience(user)

    def _plain(self, user) -> QuerySet:
        return self.build(user) if self.for_user else self.build()

    def _audience(self, user) -> tuple[Hashable, dict]:
        """The reader's :func:`~argmap.selectors.access.reader_shape` and, by slot, the values it binds."""
        if not self.for_user:
            return (), {}
        user_id, *workspace_ids = access.reader_parameters(user) or (None,)
        return access.reader_shape(user), {"user": user_id, **dict(enumerate(workspace_ids))}

    def _for(self, audience: Hashable, using: str) -> _Compiled | None:
        cache_key = (using, audience)
        with self._lock:
            if cache_key in self._compiled:
                self._compiled.move_to_end(cache_key)
                return self._compiled[cache_key]
        compiled = self._compile(audience, using)
        with self._lock:
            self._compiled[cache_key] = compiled
            while len(self._compiled) > AUDIENCES_KEPT:
                self._compiled.popitem(last=False)
        return compiled

    def _key_sentinel(self):
        field = self.model._meta.pk if self.field == "pk" else self.model._meta.get_field(self.field)
        if self.sentinel is _KEY and isinstance(field, IntegerField):
            return _INTEGER_KEY
        return self.sentinel

    def _compile(self, audience: tuple, using: str) -> _Compiled | None:
        key = self._key_sentinel()
        sentinels: dict[object, str | int] = {key: "key"}
        user = None
        if self.for_user:
            user = _stand_in(audience, sentinels)
        ran = []

        def count(execute, sql, params, many, context):
            ran.append(sql)
            return execute(sql, params, many, context)

        with ExitStack() as stack:
            for alias in {using, DEFAULT_DB_ALIAS}:
                stack.enter_context(connections[alias].execute_wrapper(count))
            queryset = self._plain(user).filter(**{self.field: key}).order_by("pk")[:1].using(using)
            compiler = queryset.query.get_compiler(using=using)
            try:
                sql, params = compiler.as_sql()
            except EmptyResultSet:
                return None
        if ran or queryset._prefetch_related_lookups:
            # A rule that reads the database while it is built depends on data, not only on the audience.
            return None
        if queryset._known_related_objects or compiler.has_extra_select:
            # Rows that _RowReader would not turn into what ModelIterable builds.
            return None
        slots: dict[int, str | int] = {}
        for position, value in enumerate(params):
            try:
                slot = sentinels.get(value)
            except TypeError:
                continue
            if slot is not None:
                slots[position] = slot
        if not set(sentinels.values()) - {"user"} <= set(slots.values()):
            return None
        return _Compiled(queryset, compiler, sql, tuple(params), slots, self.field)


def _stand_in(shape: tuple, sentinels: dict) -> Model | None:
    """:func:`~argmap.selectors.access.stand_in_reader` of ``shape`` whose id and workspace ids are sentinels
    (recorded in ``sentinels``: ``"user"``, then the workspaces' positions)."""
    if shape[0] != "member":
        return access.stand_in_reader(shape, ())
    workspace_ids = [uuid.UUID(int=_KEY.int + 1 + number) for number in range(len(shape) - 1)]
    sentinels[_STAND_IN_USER_ID] = "user"
    sentinels.update((workspace_id, number) for number, workspace_id in enumerate(workspace_ids))
    return access.stand_in_reader(shape, (_STAND_IN_USER_ID, *workspace_ids))
