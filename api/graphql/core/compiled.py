"""Compiled fields: a field whose whole value PostgreSQL writes as JSON in one statement.

A resolver may return a :class:`CompiledValue` (``Map.graph``'s whole map). When
:class:`~.execution.RowExecutionContext` completes it, the field's selection set — already validated,
with fragments, aliases and ``@skip``/``@include`` applied by graphql-core's ``collect_subfields`` — is
translated into the domain's column specs (:mod:`argmap.selectors.graph_json`); the value writes the
JSON and the context passes it on as an ``orjson.Fragment``, spliced into the response by the view.

Only what :class:`~.execution.RowExecutionContext` already answers inline is compiled: default-resolved
columns, ``ChoiceField`` enums, Relay ids with graphene's default encoding, ``{ id }`` references
(:func:`~.types.references`), ``tags { slug }`` / ``scheme { key }`` (:func:`~.types.in_row`),
``__typename``, plus the resolvers marked :func:`~.types.compiles_as`. Anything else — another field,
an argument, a middleware — and the field is executed as before, unchanged; ``tests/api/graphql/test_compiled.py``
compares both ways byte for byte. The translation is kept per process by document (its field nodes, the
parsed documents being shared) and the values of the variables its directives read.
"""

from __future__ import annotations

from functools import cache

from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from graphene import Date, DateTime, relay
from graphene.relay.id_type import DefaultGlobalIDType
from graphql import (
    FieldNode,
    FragmentSpreadNode,
    GraphQLBoolean,
    GraphQLEnumType,
    GraphQLInt,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLString,
    InlineFragmentNode,
    VariableNode,
)
from graphql.execution.execute import get_field_def

from argmap.selectors import graph_json, statement_page_json

from .recipes import CHOICE, GLOBAL_ID, KEY, REFERENCE, ROW_LIST, ROW_OBJECT, TYPENAME, default_key
from .types import COMPILES_AS

#: Compiled selections kept per process (documents are few: a client sends the same ones again and again).
MAX_COMPILED = 512
_compiled: dict = {}
_directive_variables: dict = {}


class CompiledValue:
    """A resolver's value that can write itself as JSON for a compiled selection; executed field by field
    (its attributes) otherwise."""

    #: The list fields (their default resolvers' names) the value can write (a whole map's lists).
    compiled_parts: frozenset = frozenset()
    #: ``"lists"``: an object of lists of rows (``Map.graph``); ``"statement page"``: a statements connection.
    shape = "lists"

    def compiled_json(self, members: tuple) -> bytes:
        raise NotImplementedError


def enabled() -> bool:
    """``settings.ARGMAP_GRAPHQL_COMPILED`` (default on): off, every field is executed by graphql-core."""
    return getattr(settings, "ARGMAP_GRAPHQL_COMPILED", True)


def compiled_members(context, return_type: GraphQLObjectType, field_nodes, value: CompiledValue) -> tuple | None:
    """The column specs of ``field_nodes``' selection on ``return_type``, or ``None``: execute it."""
    nodes_key = tuple(map(id, field_nodes))
    variables = _directive_variables.get(nodes_key)
    if variables is None or not _same(variables[0], field_nodes):
        names = tuple(sorted(_variables_in_directives(field_nodes, context.fragments, set())))
        variables = _directive_variables[nodes_key] = (list(field_nodes), names)
    values = context.variable_values or {}
    key = (return_type.name, nodes_key, tuple(values.get(name) for name in variables[1]), value.shape)
    found = _compiled.get(key)
    if found is None or not _same(found[0], field_nodes):
        if value.shape == "statement page":
            members = _page_members(context, return_type, field_nodes)
            if members is not None and not statement_page_json.supports(members):
                members = None
        else:
            members = _members(context, return_type, field_nodes, value.compiled_parts)
            if members is not None and not graph_json.supports(members):
                members = None
        if len(_compiled) >= MAX_COMPILED:
            _compiled.clear()
            _directive_variables.clear()
        found = _compiled[key] = (list(field_nodes), members)
    return found[1]


def _same(kept: list, field_nodes) -> bool:
    """The very nodes (ids are only unique while the kept nodes live)."""
    return len(kept) == len(field_nodes) and all(a is b for a, b in zip(kept, field_nodes, strict=True))


def _variables_in_directives(nodes, fragments: dict, seen: set) -> set:
    """Names of the variables any ``@skip``/``@include`` (or other directive) reads under ``nodes``."""
    names: set = set()
    for node in nodes:
        for directive in node.directives or ():
            names.update(arg.value.name.value for arg in directive.arguments if isinstance(arg.value, VariableNode))
        if isinstance(node, FragmentSpreadNode):
            name = node.name.value
            if name not in seen and name in fragments:
                seen.add(name)
                names |= _variables_in_directives(fragments[name].selection_set.selections, fragments, seen)
            continue
        selection_set = getattr(node, "selection_set", None)
        if isinstance(node, (FieldNode, InlineFragmentNode)) and selection_set is not None:
            names |= _variables_in_directives(selection_set.selections, fragments, seen)
    return names


def _members(context, return_type, field_nodes, parts: frozenset) -> tuple | None:
    members = []
    for name, nodes, recipe, _ in context._plan(return_type, field_nodes).entries:
        if recipe is not None and recipe[0] == TYPENAME:
            members.append((name, graph_json.Constant(recipe[1])))
            continue
        field_def = get_field_def(context.schema, return_type, nodes[0])
        part = _list_part(field_def, nodes, parts)
        if part is None:
            return None
        item_type = field_def.type.of_type.of_type.of_type
        item_members = _item_members(context, item_type, nodes, part)
        if item_members is None:
            return None
        members.append((name, graph_json.Part(part, item_members)))
    return tuple(members)


def _list_part(field_def, nodes, parts: frozenset) -> str | None:
    """The part a ``[Type!]!`` field read by graphene's default resolver names, if the value writes it."""
    if field_def is None or field_def.args or any(node.arguments for node in nodes):
        return None
    field_type = field_def.type
    if not (
        isinstance(field_type, GraphQLNonNull)
        and isinstance(field_type.of_type, GraphQLList)
        and isinstance(field_type.of_type.of_type, GraphQLNonNull)
        and isinstance(field_type.of_type.of_type.of_type, GraphQLObjectType)
    ):
        return None
    found = default_key(field_def.resolve)
    return found[0] if found is not None and found[0] in parts else None


def _page_members(context, return_type, field_nodes) -> tuple | None:
    """A statements connection's selection: ``edges { cursor node { … } }``, ``pageInfo``, ``totalCount``."""
    page = statement_page_json
    members = []
    for name, nodes, recipe, _ in context._plan(return_type, field_nodes).entries:
        if recipe is not None and recipe[0] == TYPENAME:
            members.append((name, graph_json.Constant(recipe[1])))
            continue
        field_def = get_field_def(context.schema, return_type, nodes[0])
        if getattr(field_def.resolve, COMPILES_AS, None) == ("total_count",):
            members.append((name, page.TotalCount()))
            continue
        attname = (default_key(field_def.resolve) or (None,))[0]
        target = _named(field_def.type)
        if field_def.args or attname not in ("edges", "page_info") or not isinstance(target, GraphQLObjectType):
            return None
        found = []
        for inner_name, inner_nodes, inner_recipe, _ in context._plan(target, nodes).entries:
            inner = get_field_def(context.schema, target, inner_nodes[0])
            inner_key = (default_key(inner.resolve) or (None,))[0]
            if inner_recipe is not None and inner_recipe[0] == TYPENAME:
                found.append((inner_name, graph_json.Constant(inner_recipe[1])))
            elif attname == "page_info" and inner_recipe is not None and inner_recipe[0] == KEY:
                found.append((inner_name, page.PageFact(inner_key)))
            elif attname == "edges" and inner_recipe is not None and inner_key == "cursor":
                found.append((inner_name, page.Cursor()))
            elif attname == "edges" and inner_key == "node" and not inner.args:
                node = _node_members(context, _named(inner.type), inner_nodes)
                if node is None:
                    return None
                found.append((inner_name, page.Node(node)))
            else:
                return None
        members.append((name, page.Edges(tuple(found)) if attname == "edges" else page.PageInfo(tuple(found))))
    return tuple(members)


def _named(field_type):
    while isinstance(field_type, (GraphQLNonNull, GraphQLList)):
        field_type = field_type.of_type
    return field_type


def _node_members(context, object_type, field_nodes) -> tuple | None:
    """A page's statement: its columns (as a whole-map row's) and the relations the page reads per node."""
    page = statement_page_json
    if not isinstance(object_type, GraphQLObjectType):
        return None
    members = []
    for name, nodes, recipe, _ in context._plan(object_type, field_nodes).entries:
        field_def = get_field_def(context.schema, object_type, nodes[0])
        marked = getattr(field_def.resolve, COMPILES_AS, None) if recipe is None else None
        if marked is None or field_def.args or any(node.arguments for node in nodes):
            value = _member(field_def, nodes, recipe, _model_of(object_type))
        elif marked[0] == "across":
            inner = _item_members(context, _named(field_def.type), nodes, None)
            value = None if inner is None else page.Across(marked[1], marked[2], inner)
        elif marked == ("anchors",):
            inner = _item_members(context, _named(field_def.type), nodes, None)
            value = None if inner is None else page.AnchorsOn(inner)
        elif marked == ("attacks_on",):
            inner = _attack_members(context, _named(field_def.type), nodes)
            value = None if inner is None else page.AttacksOn(inner)
        else:
            value = None
        if value is None:
            return None
        members.append((name, value))
    return tuple(members)


def _attack_members(context, attack_type, field_nodes):
    """An attack: its ``kind``, its ``attacker`` (a statement's columns) and ``__typename``."""
    page = statement_page_json
    members = []
    for name, nodes, recipe, _ in context._plan(attack_type, field_nodes).entries:
        field_def = get_field_def(context.schema, attack_type, nodes[0])
        attname = (default_key(field_def.resolve) or (None,))[0]
        if recipe is not None and recipe[0] == TYPENAME:
            value = graph_json.Constant(recipe[1])
        elif attname == "kind" and isinstance(_named(field_def.type), GraphQLEnumType):
            enum = _named(field_def.type)
            labels = _labels(enum, [getattr(value.value, "value", value.value) for value in enum.values.values()])
            value = None if labels is None else page.AttackKind(labels)
        elif attname == "attacker" and recipe is None and not field_def.args:
            inner = _item_members(context, _named(field_def.type), nodes, None)
            value = None if inner is None else page.Attacker(inner)
        else:
            value = None
        if value is None:
            return None
        members.append((name, value))
    return tuple(members)


def _model_of(object_type):
    meta = getattr(getattr(object_type, "graphene_type", None), "_meta", None)
    return getattr(meta, "model", None)


def _item_members(context, object_type: GraphQLObjectType, field_nodes, part: str | None) -> tuple | None:
    model = _model_of(object_type)
    if model is None:
        return None
    members = []
    for name, nodes, recipe, _ in context._plan(object_type, field_nodes).entries:
        field_def = get_field_def(context.schema, object_type, nodes[0])
        value = _member(field_def, nodes, recipe, model)
        if value is None:
            return None
        members.append((name, value))
    return tuple(members)


def _member(field_def, nodes, recipe, model):
    """The column spec of one field of a row, or ``None`` when it is not compiled."""
    if recipe is None:
        return _marked(field_def, nodes)
    kind = recipe[0]
    if kind == TYPENAME:
        return graph_json.Constant(recipe[1])
    if kind in (KEY, CHOICE):
        (attname, _), non_null = recipe[1], recipe[2]
        leaf = field_def.type.of_type if isinstance(field_def.type, GraphQLNonNull) else field_def.type
        return _column(model, attname, leaf, non_null)
    if kind == GLOBAL_ID:
        return _prefixed_id(model, "id", recipe[1])
    if kind == REFERENCE:
        _, attname, non_null, fields = recipe
        if not _non_null_holds(model, attname, non_null):
            return None
        members = []
        for name, field in fields:
            member = graph_json.Constant(field[1]) if field[0] == TYPENAME else _prefixed_id(model, attname, field[1])
            if member is None:
                return None
            members.append((name, member))
        return graph_json.Reference(attname, tuple(members))
    if kind in (ROW_LIST, ROW_OBJECT):
        _, key, _, fields = recipe
        members = tuple(
            (name, graph_json.Constant(field[1]) if field[0] == TYPENAME else graph_json.Column(field[1][0]))
            for name, field in fields
        )
        if (kind, key) == (ROW_LIST, "tags"):
            return graph_json.Tags(members)
        if (kind, key) == (ROW_OBJECT, "scheme"):
            return graph_json.SchemeKey(members)
    return None


def _marked(field_def, nodes):
    marked = getattr(field_def.resolve, COMPILES_AS, None) if field_def is not None else None
    if marked is None or field_def.args or any(node.arguments or node.selection_set for node in nodes):
        return None
    field_type = field_def.type
    if marked == ("conflict_kind",) and isinstance(field_type, GraphQLEnumType):
        labels = _labels(
            field_type, [getattr(value.value, "value", value.value) for value in field_type.values.values()]
        )
        return None if labels is None else graph_json.ConflictKind(labels)
    if marked[0] == "text_list" and _is_list_of_texts(field_type):
        return graph_json.TextList(marked[1])
    return None


def _is_list_of_texts(field_type) -> bool:
    """``[String!]!``"""
    return (
        isinstance(field_type, GraphQLNonNull)
        and isinstance(field_type.of_type, GraphQLList)
        and isinstance(field_type.of_type.of_type, GraphQLNonNull)
        and field_type.of_type.of_type.of_type is GraphQLString
    )


def _labels(enum: GraphQLEnumType, values) -> tuple | None:
    """``(value, name)`` of each value, as graphql-core serialises it."""
    try:
        return tuple((value, enum.serialize(value)) for value in values)
    except Exception:
        return None


def _model_field(model, attname: str):
    try:
        return model._meta.get_field(attname)
    except FieldDoesNotExist:
        return None


def _non_null_holds(model, attname: str, non_null: bool) -> bool:
    field = _model_field(model, attname)
    return field is not None and not (non_null and field.null)


#: GraphQL leaf → the model fields whose values it writes as PostgreSQL's JSON does.
_LEAVES = (
    (GraphQLString, (models.CharField, models.TextField)),
    (GraphQLInt, (models.IntegerField,)),
    (GraphQLBoolean, (models.BooleanField,)),
)


def _column(model, attname: str, leaf, non_null: bool):
    field = _model_field(model, attname)
    if field is None or not _non_null_holds(model, attname, non_null):
        return None
    if isinstance(leaf, GraphQLEnumType):
        if not field.choices:
            return None
        labels = _labels(leaf, [value for value, _ in field.flatchoices])
        return None if labels is None else graph_json.Column(attname, labels)
    graphene_type = getattr(leaf, "graphene_type", None)
    if graphene_type is DateTime:
        return graph_json.Column(attname) if isinstance(field, models.DateTimeField) else None
    if graphene_type is Date:
        return graph_json.Column(attname) if type(field) is models.DateField else None
    for graphql_type, fields in _LEAVES:
        if leaf is graphql_type and isinstance(field, fields):
            return graph_json.Column(attname)
    return None


def _prefixed_id(model, attname: str, found: tuple):
    """A Relay id over ``attname`` with graphene's default encoding, else ``None``."""
    node, type_name = found
    field = _model_field(model, attname)
    if field is None or not _default_global_ids(node):
        return None
    target = field.target_field if field.is_relation else field
    if not isinstance(target, models.UUIDField):
        return None
    return graph_json.PrefixedId(attname, f"{type_name}:")


@cache
def _default_global_ids(node) -> bool:
    return (
        getattr(node.to_global_id, "__func__", None) is relay.Node.to_global_id.__func__
        and node._meta.global_id_type is DefaultGlobalIDType
    )
