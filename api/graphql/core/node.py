"""The Relay ``Node`` interface, with argmap's visibility rules.

A global id is ``base64("<Type>:<uuid>")``. Asking for an object the caller
may not see gives ``null``, exactly as for an id that does not exist (or is
malformed), so private ids cannot be probed.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from typing import NamedTuple

import graphene
from django.db.models import QuerySet
from graphene import relay
from graphene_django import DjangoObjectType
from graphql import (
    DocumentNode,
    FieldNode,
    OperationDefinitionNode,
    OperationType,
    StringValueNode,
    VariableNode,
    get_operation_ast,
)
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


class SoleNodeRead(NamedTuple):
    type_name: str
    pk: uuid.UUID
    operation: OperationDefinitionNode
    field: FieldNode


def sole_node_read(document: DocumentNode, variables: object, operation_name: str | None) -> SoleNodeRead | None:
    """The node's type name and uuid, the operation and its ``node`` field, when the operation run is a query of
    one root field, ``node(id:)``, whose id is a literal or a variable given a string: a read that can be made
    before execution (see :meth:`api.graphql.views.ArgmapGraphQLView.dispatch`). ``None`` for anything else,
    which runs as usual."""
    operation = get_operation_ast(document, operation_name)
    if operation is None or operation.operation != OperationType.QUERY:
        return None
    selections = operation.selection_set.selections
    if len(selections) != 1 or not isinstance(field := selections[0], FieldNode) or field.directives:
        return None
    if field.name.value != "node" or len(field.arguments) != 1 or field.arguments[0].name.value != "id":
        return None
    value = field.arguments[0].value
    if isinstance(value, VariableNode):
        value = variables.get(value.name.value) if isinstance(variables, Mapping) else None
    elif isinstance(value, StringValueNode):
        value = value.value
    found = split_global_id(value) if isinstance(value, str) else None
    return None if found is None else SoleNodeRead(*found, operation, field)


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
