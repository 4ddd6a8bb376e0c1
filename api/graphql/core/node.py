"""The Relay ``Node`` interface, with argmap's visibility rules.

A global id is ``base64("<Type>:<uuid>")``. Asking for an object the caller
may not see gives ``null``, exactly as for an id that does not exist (or is
malformed), so private ids cannot be probed.
"""

from __future__ import annotations

import uuid

import graphene
from django.db.models import QuerySet
from graphene import relay
from graphene_django import DjangoObjectType
from graphql_relay import from_global_id

from .context import loaders
from .rows import Row


def parse_uuid(value: object) -> uuid.UUID | None:
    try:
        return uuid.UUID(str(value))
    except (TypeError, ValueError, AttributeError):
        return None


def split_global_id(global_id: object) -> tuple[str, uuid.UUID] | None:
    """``(type name, uuid)`` of a well-formed global id, else ``None``."""
    try:
        type_name, raw = from_global_id(str(global_id))
    except Exception:  # graphql-relay raises whatever base64/unicode decoding raises
        return None
    pk = parse_uuid(raw)
    if not type_name or pk is None:
        return None
    return type_name, pk


class Node(relay.Node):
    """An object with a global ID."""

    class Meta:
        name = "Node"

    @classmethod
    def get_node_from_global_id(cls, info, global_id, only_type=None):
        parsed = split_global_id(global_id)
        if parsed is None:
            return None
        type_name, pk = parsed
        graphql_type = info.schema.get_type(type_name)
        graphene_type = getattr(graphql_type, "graphene_type", None)
        if graphene_type is None or cls not in getattr(graphene_type._meta, "interfaces", ()):
            return None
        if only_type and graphene_type is not only_type:
            return None
        return graphene_type.get_node(info, pk)


class VisibleNodeType(DjangoObjectType):
    """A model type reachable by global id, filtered through ``argmap.selectors.access``.

    Visibility lives in :meth:`visible_for` (a ``visible_*_for`` selector), not
    in ``get_queryset``: overriding that makes every foreign key cost one query
    per row (graphene-django #1375).
    """

    class Meta:
        abstract = True

    @classmethod
    def visible_for(cls, user) -> QuerySet:
        raise NotImplementedError

    @classmethod
    def is_type_of(cls, root, info):
        """A :class:`~.rows.Row` is of this type when read from its model; anything else as graphene-django decides."""
        if isinstance(root, Row):
            return root.model is cls._meta.model
        return super().is_type_of(root, info)

    @classmethod
    def get_node(cls, info, id):
        pk = parse_uuid(id)
        if pk is None:
            return None
        return loaders(info).visible(cls._meta.model, cls.visible_for).load(pk)


def node_field(graphene_type, description: str) -> graphene.Field:
    """A root field ``<name>(id: ID!)`` for one node type."""
    return Node.Field(graphene_type, description=description)
