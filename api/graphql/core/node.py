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
    NamedTypeNode,
    NonNullTypeNode,
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


class SoleNode(NamedTuple):
    """An operation that is a query of one root field, ``node(id:)``, its id a literal or a variable: a read
    that can be made before execution (see :meth:`api.graphql.views.ArgmapGraphQLView.dispatch`)."""

    operation: OperationDefinitionNode
    field: FieldNode
    #: The id's variable's name, or ``None`` when the id is ``literal``.
    variable: str | None
    literal: str | None
    #: No variable but the id's, an ``ID``: the variables coerce to themselves whenever the id is a string.
    id_only: bool

    def read(self, variables: object) -> tuple[str, uuid.UUID] | None:
        """``(type name, uuid)`` of the node asked for, when its id is given as a well-formed string."""
        value = self.literal
        if self.variable is not None:
            value = variables.get(self.variable) if isinstance(variables, Mapping) else None
        return split_global_id(value) if isinstance(value, str) else None


def sole_node(document: DocumentNode, operation_name: str | None) -> SoleNode | None:
    """The operation run, when it is a query of one root field, ``node(id:)``, whose id is a literal string or
    a variable; ``None`` for anything else, which runs as usual."""
    operation = get_operation_ast(document, operation_name)
    if operation is None or operation.operation != OperationType.QUERY:
        return None
    selections = operation.selection_set.selections
    if len(selections) != 1 or not isinstance(field := selections[0], FieldNode) or field.directives:
        return None
    if field.name.value != "node" or len(field.arguments) != 1 or field.arguments[0].name.value != "id":
        return None
    value = field.arguments[0].value
    definitions = operation.variable_definitions or ()
    if isinstance(value, VariableNode):
        name = value.name.value
        id_only = len(definitions) == 1 and definitions[0].variable.name.value == name and _is_id(definitions[0].type)
        return SoleNode(operation, field, name, None, id_only)
    if isinstance(value, StringValueNode):
        return SoleNode(operation, field, None, value.value, not definitions)
    return None


def _is_id(type_node) -> bool:
    """``ID`` or ``ID!``."""
    if isinstance(type_node, NonNullTypeNode):
        type_node = type_node.type
    return isinstance(type_node, NamedTypeNode) and type_node.name.value == "ID"


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
