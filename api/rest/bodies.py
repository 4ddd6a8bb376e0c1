"""A detail's JSON body written by PostgreSQL, byte for byte what DRF renders through the view's output serializer.

A REST statement detail spent more of its time turning the row into a model instance, running the serializer,
rendering and DRF's dispatch around them than PostgreSQL spent finding the row (docs/performance.md, "REST
statement detail written by PostgreSQL"). For an output serializer made only of plain columns (and the members a
view computes in SQL, such as tag slugs), the body is one more column of the view's compiled point read, read in
the token's round trip: the field list, names, order and formats come from the serializer itself, and anything
this module cannot write exactly makes it refuse (:class:`NotWritable`) so the view renders as before.

What is written as DRF writes it: JSON without spaces (``COMPACT_JSON``), text as UTF-8 (``UNICODE_JSON``) with
U+2028 and U+2029 escaped (DRF's ``JSONRenderer`` escapes them for JavaScript), times as
:mod:`argmap.selectors.json_rows` writes them (ISO 8601, ``Z``, microseconds only when not zero — what DRF's
``DateTimeField`` gives in UTC). ``tests/api/rest/test_bodies.py`` holds the two equal over hostile text.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from django.conf import settings
from django.db import connections, models, router
from django.db.models import QuerySet
from django.db.models.expressions import RawSQL
from rest_framework import ISO_8601, serializers
from rest_framework.renderers import JSONRenderer
from rest_framework.settings import api_settings

from argmap.selectors.json_rows import api_name, json_columns, row_json
from argmap.selectors.point_reads import PointRead

logger = logging.getLogger(__name__)

#: The annotation that carries the body on the point read's row.
BODY = "argmap_body"

#: DRF field class → the model fields whose column it renders unchanged (``row_to_json`` writes the same JSON).
_PLAIN = {
    serializers.UUIDField: (models.UUIDField,),
    serializers.IntegerField: (models.IntegerField,),
    serializers.CharField: (models.CharField, models.TextField),
    serializers.ChoiceField: (models.CharField,),
    serializers.BooleanField: (models.BooleanField,),
    serializers.DateTimeField: (models.DateTimeField,),
}
_ESCAPED_FOR_JAVASCRIPT = ("\u2028", "\u2029")


class NotWritable(Exception):
    """The serializer has a member this module cannot write exactly as DRF would."""


def body_sql(serializer_class: type[serializers.Serializer], model: type[models.Model], *, computed: dict[str, str]):
    """The SQL of one row's body as DRF's ``JSONRenderer`` writes ``serializer_class(row).data``.

    ``computed``: SQL (a JSON value) of the members that are not columns, by name. Raises :class:`NotWritable`.
    """
    if not (api_settings.COMPACT_JSON and api_settings.UNICODE_JSON) or settings.TIME_ZONE != "UTC":
        raise NotWritable("DRF's JSON settings or the time zone differ from what the SQL writes")
    members = []
    for field in serializer_class()._readable_fields:
        name = field.field_name
        if name in computed:
            members.append(f'{computed[name]} AS "{name}"')
            continue
        members.append(json_columns(model, (_column_of(model, name, field),)))
    body = row_json(", ".join(members))
    for character in _ESCAPED_FOR_JAVASCRIPT:
        body = f"replace({body}, U&'\\{ord(character):04x}', '\\u{ord(character):04x}')"
    return body


def _column_of(model: type[models.Model], name: str, field: serializers.Field) -> str:
    """The model field ``field`` renders unchanged under ``name``, or :class:`NotWritable`."""
    kinds = _PLAIN.get(type(field))
    if kinds is None or field.source in ("*", None) or "." in field.source:
        raise NotWritable(f"{name}: {type(field).__name__} is not a plain column")
    if isinstance(field, serializers.DateTimeField) and (
        getattr(field, "format", ISO_8601) not in (ISO_8601, None)
        or api_settings.DATETIME_FORMAT != ISO_8601
        or getattr(field, "timezone", None) is not None
    ):
        raise NotWritable(f"{name}: not ISO 8601 in UTC")
    if isinstance(field, serializers.UUIDField) and field.uuid_format != "hex_verbose":
        raise NotWritable(f"{name}: a UUID format of its own")
    try:
        column = model._meta.get_field(field.source)
    except models.FieldDoesNotExist:
        raise NotWritable(f"{name}: {model.__name__} has no field {field.source}") from None
    target = column.target_field if column.is_relation else column
    if column.many_to_many or not isinstance(target, kinds) or api_name(column.attname) != name:
        raise NotWritable(f"{name}: {type(field).__name__} does not render {model.__name__}.{column.name} as stored")
    return column.name


class WrittenDetail:
    """A view's detail read whose row carries its body (``argmap_body``, and ``version`` for the ETag).

    ``build(user)`` is the view's visibility selector, as for its :class:`PointRead`; ``computed`` as for
    :func:`body_sql`. The SQL is worked out on first use for each output serializer (models and settings
    loaded, kept for the process); :meth:`read_for` is ``None`` where the body cannot be written here — a member
    :func:`body_sql` refuses, a renderer other than DRF's JSON, or a database other than PostgreSQL — and the
    view renders as before.
    """

    def __init__(self, model: type[models.Model], build: Callable[[object], QuerySet], *, computed: dict[str, str]):
        self.model, self.build, self.computed = model, build, computed
        self._reads: dict[type, PointRead | None] = {}
        self._lock = threading.Lock()

    def read_for(self, serializer_class: type[serializers.Serializer], renderer_class: type) -> PointRead | None:
        if renderer_class is not JSONRenderer or connections[router.db_for_read(self.model)].vendor != "postgresql":
            return None
        try:
            return self._reads[serializer_class]
        except KeyError:
            pass
        with self._lock:
            if serializer_class not in self._reads:
                try:
                    self._reads[serializer_class] = self._point_read(serializer_class)
                except NotWritable as refusal:
                    logger.warning("%s detail rendered by DRF: %s", self.model.__name__, refusal)
                    self._reads[serializer_class] = None
            return self._reads[serializer_class]

    def _point_read(self, serializer_class: type[serializers.Serializer]) -> PointRead:
        body = RawSQL(body_sql(serializer_class, self.model, computed=self.computed), ())
        pk = self.model._meta.pk.attname
        return PointRead(self.model, lambda user: self.build(user).only(pk, "version").annotate(**{BODY: body}))
