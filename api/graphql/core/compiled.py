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

from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from graphene import Date, DateTime
from graphql import (
    FieldNode,
    FragmentSpreadNode,
    GraphQLBoolean,
    GraphQLEnumType,
    GraphQLError,
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

from .recipes import CHOICE, GLOBAL_ID, KEY, REFERENCE, ROW_LIST, ROW_OBJECT, TYPENAME, default_global_ids, default_key
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

    def compile_members():
        if value.shape == "statement page":
            members = _page_members(context, return_type, field_nodes)
            return members if members is not None and statement_page_json.supports(members) else None
        members = _members(context, return_type, field_nodes, value.compiled_parts)
        return members if members is not None and graph_json.supports(members) else None

    return _kept(
        return_type, field_nodes, value.shape, context.variable_values, lambda: context.fragments, compile_members
    )


def object_members(return_type: GraphQLObjectType, field_nodes, variable_values, fragments, context) -> tuple | None:
    """The column specs of one row's selection (a ``node(id:)``'s), or ``None``: execute it. Only members that
    execution answers inline from the row's own columns (:data:`_ROW_OWN`) are compiled, so PostgreSQL writes
    them from the very row execution would read. ``variable_values``: the operation's coerced variables;
    ``fragments()``, the document's fragments, and ``context()``, an execution context of the operation,
    are only asked for when the selection is not kept yet (a request with a kept one builds neither)."""

    def compile_members():
        try:
            found = context()
            members = None if found is None else _item_members(found, return_type, field_nodes, None)
        except GraphQLError:  # e.g. a directive given an ID: validation refuses it when executed; kept refused
            return None
        if members is None or not all(isinstance(member, _ROW_OWN) for _, member in members):
            return None
        return members if graph_json.writes_object(_model_of(return_type), members) else None

    return _kept(return_type, field_nodes, "object", variable_values, fragments, compile_members)


#: The members :class:`~.execution.RowExecutionContext` reads from the row itself (no resolver, no other row).
_ROW_OWN = (graph_json.Column, graph_json.Constant, graph_json.PrefixedId, graph_json.Reference)


def _kept(return_type, field_nodes, shape: str, variable_values, fragments, compile_members) -> tuple | None:
    """``compile_members()`` kept per process by the selection's field nodes, ``shape`` and the values of the
    variables its directives read (``fragments()``: the document's, looked at once per field nodes)."""
    nodes_key = tuple(map(id, field_nodes))
    variables = _directive_variables.get(nodes_key)
    if variables is None or not _same(variables[0], field_nodes):
        names = tuple(sorted(_variables_in_directives(field_nodes, fragments(), set())))
        variables = _directive_variables[nodes_key] = (list(field_nodes), names)
    values = variable_values or {}
    key = (return_type.name, nodes_key, tuple(values.get(name) for name in variables[1]), shape)
    found = _compiled.get(key)
    if found is None or not _same(found[0], field_nodes):
        members = compile_members()
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


def _each_field(context, object_type, field_nodes, member) -> tuple | None:
    """``(response name, member(field definition, field nodes, recipe))`` for each field of the selection on
    ``object_type``; ``None`` (execute it) as soon as one field's member is ``None``."""
    members = []
    for name, nodes, recipe, _ in context._plan(object_type, field_nodes).entries:
        field_def = get_field_def(context.schema, object_type, nodes[0])
        if recipe is not None and recipe[0] == TYPENAME:
            value = graph_json.Constant(recipe[1])
        elif field_def is None or field_def.args or any(node.arguments for node in nodes):
            value = None
        else:
            value = member(field_def, nodes, recipe)
        if value is None:
            return None
        members.append((name, value))
    return tuple(members)


def _attname(field_def) -> str | None:
    """The attribute graphene's default resolver reads for the field, if it has that resolver."""
    return (default_key(field_def.resolve) or (None,))[0]


def _named(field_type):
    while isinstance(field_type, (GraphQLNonNull, GraphQLList)):
        field_type = field_type.of_type
    return field_type


def _model_of(object_type):
    meta = getattr(getattr(object_type, "graphene_type", None), "_meta", None)
    return getattr(meta, "model", None)


def _members(context, return_type, field_nodes, parts: frozenset) -> tuple | None:
    """A whole map's selection: its lists of rows (``[Type!]!`` fields named after the parts) and ``__typename``."""

    def part_of(field_def, nodes, recipe):
        part = _attname(field_def)
        if part not in parts or not _is_list_of(field_def.type, GraphQLObjectType):
            return None
        found = _item_members(context, _named(field_def.type), nodes, part)
        return None if found is None else graph_json.Part(part, found)

    return _each_field(context, return_type, field_nodes, part_of)


def _is_list_of(field_type, item_class) -> bool:
    """``[Item!]!`` with an item of ``item_class`` (or that very type)."""
    if not (
        isinstance(field_type, GraphQLNonNull)
        and isinstance(field_type.of_type, GraphQLList)
        and isinstance(field_type.of_type.of_type, GraphQLNonNull)
    ):
        return False
    item = field_type.of_type.of_type.of_type
    return item is item_class or (isinstance(item_class, type) and isinstance(item, item_class))


def _page_members(context, return_type, field_nodes) -> tuple | None:
    """A statements connection's selection: ``edges { cursor node { … } }``, ``pageInfo``, ``totalCount``."""
    page = statement_page_json

    def edge_member(field_def, nodes, recipe):
        if _attname(field_def) == "cursor" and recipe is not None:
            return page.Cursor()
        if _attname(field_def) == "node":
            found = _node_members(context, _named(field_def.type), nodes)
            return None if found is None else page.Node(found)
        return None

    def page_fact(field_def, nodes, recipe):
        return page.PageFact(_attname(field_def)) if recipe is not None and recipe[0] == KEY else None

    def connection_member(field_def, nodes, recipe):
        if getattr(field_def.resolve, COMPILES_AS, None) == ("total_count",):
            return page.TotalCount()
        attname, target = _attname(field_def), _named(field_def.type)
        if attname == "edges":
            found = _each_field(context, target, nodes, edge_member)
            return None if found is None else page.Edges(found)
        if attname == "page_info":
            found = _each_field(context, target, nodes, page_fact)
            return None if found is None else page.PageInfo(found)
        return None

    return _each_field(context, return_type, field_nodes, connection_member)


def _node_members(context, object_type, field_nodes) -> tuple | None:
    """A page's statement: its columns (as a whole-map row's) and the relations the page reads per node."""
    page = statement_page_json
    model = _model_of(object_type)

    def node_member(field_def, nodes, recipe):
        marked = getattr(field_def.resolve, COMPILES_AS, None) if recipe is None else None
        if marked is None:
            return _member(field_def, nodes, recipe, model)
        target = _named(field_def.type)
        if marked[0] == "across":
            found = _item_members(context, target, nodes, None)
            return None if found is None else page.Across(marked[1], marked[2], found)
        if marked == ("anchors",):
            found = _item_members(context, target, nodes, None)
            return None if found is None else page.AnchorsOn(found)
        if marked == ("attacks_on",):
            found = _each_field(context, target, nodes, attack_member)
            return None if found is None else page.AttacksOn(found)
        return None

    def attack_member(field_def, nodes, recipe):
        if _attname(field_def) == "kind":
            labels = _enum_labels(_named(field_def.type))
            return None if labels is None else page.AttackKind(labels)
        if _attname(field_def) == "attacker" and recipe is None:
            found = _item_members(context, _named(field_def.type), nodes, None)
            return None if found is None else page.Attacker(found)
        return None

    if model is None:
        return None
    return _each_field(context, object_type, field_nodes, node_member)


def _item_members(context, object_type, field_nodes, part: str | None) -> tuple | None:
    """A row's selection (a whole map's part, a page's relation): the fields :func:`_member` writes."""
    model = _model_of(object_type)
    if model is None:
        return None
    return _each_field(
        context, object_type, field_nodes, lambda field_def, nodes, recipe: _member(field_def, nodes, recipe, model)
    )


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
    marked = getattr(field_def.resolve, COMPILES_AS, None)
    if marked is None or any(node.selection_set for node in nodes):
        return None
    if marked == ("conflict_kind",):
        labels = _enum_labels(field_def.type)
        return None if labels is None else graph_json.ConflictKind(labels)
    if marked[0] == "text_list" and _is_list_of(field_def.type, GraphQLString):
        return graph_json.TextList(marked[1])
    return None


def _enum_labels(enum) -> tuple | None:
    """``(value, name)`` of each of an enum type's values, as graphql-core serialises it."""
    if not isinstance(enum, GraphQLEnumType):
        return None
    return _labels(enum, [getattr(value.value, "value", value.value) for value in enum.values.values()])


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
    if field is None or not default_global_ids(node):
        return None
    target = field.target_field if field.is_relation else field
    if not isinstance(target, models.UUIDField):
        return None
    return graph_json.PrefixedId(attname, f"{type_name}:")
