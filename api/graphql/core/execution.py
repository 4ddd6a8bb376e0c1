"""GraphQL execution whose cost per default-resolved leaf is a dict lookup and a serialise.

graphql-core executes every field of every object alike: a path, a ``GraphQLResolveInfo``, the
argument values, the resolver through graphene's wrappers, then ``complete_value`` — about 8 µs a
field, ~500,000 fields for a 10k-statement ``map { graph { … } }`` (issue 18). Most of those fields
are plain columns of a row. :class:`RowExecutionContext` plans each selection set once per request
(per object type and field nodes) and, for a field without arguments whose resolver is graphene's
default (a row key or attribute), a ``ChoiceField`` over it, or the Relay ``id`` over the primary
key, reads and serialises the value inline; so is a foreign key's object asked only for its ``id``
(a resolver marked with :func:`~.types.references`), from the key, without loading the object. Every other field goes through graphql-core's
``execute_field`` (with ``graphql_sync_dataloaders``' deferred batching), unchanged.

A resolver's :class:`~.compiled.CompiledValue` (``Map.graph``, ``Map.statements``) whose selection compiles is
not completed at all: PostgreSQL writes its JSON and it is passed on as an ``orjson.Fragment`` (:mod:`.compiled`).

Errors, nulls and paths stay graphql-core's own: when an inline value is null for a non-null field
or does not serialise, the field is executed again the standard way, which reports it exactly as
before. ``tests/api/graphql/test_execution.py`` compares both executions field by field.
"""

from __future__ import annotations

from base64 import b64encode
from datetime import datetime
from enum import Enum as PyEnum
from functools import partial
from typing import Any
from uuid import UUID

import orjson
from graphene import DateTime
from graphene.relay.node import GlobalID
from graphene_django import DjangoObjectType
from graphql import (
    GraphQLBoolean,
    GraphQLEnumType,
    GraphQLLeafType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLString,
    TypeNameMetaFieldDef,
    located_error,
)
from graphql.execution.execute import get_field_def, invalid_return_type_error
from graphql.pyutils import Path, Undefined
from graphql_sync_dataloaders import DeferredExecutionContext
from graphql_sync_dataloaders.execution_context import PENDING_FUTURE
from graphql_sync_dataloaders.sync_future import SyncFuture

from .compiled import CompiledValue, compiled_members, enabled
from .enums import ChoiceField
from .recipes import CHOICE, GLOBAL_ID, KEY, REFERENCE, ROW_LIST, ROW_OBJECT, TYPENAME, default_global_ids, default_key
from .types import IN_ROW, REFERENCES

#: An inline value that must be computed again by graphql-core (a null for a non-null field, a failed serialise).
_AGAIN = object()


def _serializer(leaf: GraphQLLeafType):
    """``leaf.serialize``, with the two commonest cases short-cut and enums memoised per value."""
    if leaf is GraphQLString:
        serialize = leaf.serialize
        return lambda value: value if type(value) is str else serialize(value)
    if leaf is GraphQLBoolean:
        serialize = leaf.serialize
        return lambda value: value if type(value) is bool else serialize(value)
    if isinstance(leaf, GraphQLEnumType):
        serialize = leaf.serialize
        memo: dict[str, Any] = {}

        def serialize_enum(value):
            if type(value) is not str:
                return serialize(value)
            found = memo.get(value, _AGAIN)
            if found is _AGAIN:
                found = memo[value] = serialize(value)
            return found

        return serialize_enum
    if getattr(leaf, "graphene_type", None) is DateTime:
        serialize = leaf.serialize
        return lambda value: value.isoformat() if type(value) is datetime else serialize(value)
    return leaf.serialize


class _Plan:
    """How to complete one selection set on one object type: per response key, inline or executed."""

    __slots__ = ("entries", "inline_only")

    def __init__(self, entries: list[tuple], inline_only: bool):
        self.entries = entries
        self.inline_only = inline_only


def _plan_field(parent_type: GraphQLObjectType, field_def, field_nodes) -> tuple | None:
    """The inline recipe for one field, or ``None`` when it must be executed."""
    if field_def.args or any(node.arguments for node in field_nodes):
        return None
    if field_def is TypeNameMetaFieldDef:
        return (TYPENAME, parent_type.name)
    field_type = field_def.type
    non_null = isinstance(field_type, GraphQLNonNull)
    leaf = field_type.of_type if non_null else field_type
    if not isinstance(leaf, GraphQLLeafType):
        return None
    resolve = field_def.resolve
    serialize = _serializer(leaf)
    found = default_key(resolve)
    if found is not None:
        return (KEY, found, non_null, serialize)
    inner = getattr(resolve, ChoiceField.PARENT_RESOLVER, None)
    found = default_key(inner)
    if found is not None:
        return (CHOICE, found, non_null, serialize)
    if (
        isinstance(resolve, partial)
        and getattr(resolve.func, "__func__", resolve.func) is GlobalID.id_resolver
        and len(resolve.args) == 2
        and resolve.args[0] is DjangoObjectType.resolve_id
    ):
        node = resolve.args[1]
        type_name = resolve.keywords.get("parent_type_name") or parent_type.name
        return (GLOBAL_ID, (node, type_name), non_null, serialize)
    return None


def _global_ids(node, type_name: str, made: dict):
    """``global_id(pk)``: ``node.to_global_id(type_name, pk)``, each one made once per request (``made``).

    With graphene's default global ids (``base64("Type:" + str(pk))``, ``graphql_relay.to_global_id``) made here
    directly, without the three layers of calls in between."""
    by_key = made.setdefault(type_name, {})
    default = default_global_ids(node)
    prefix = f"{type_name}:"

    def global_id(pk):
        found = by_key.get(pk)
        if found is None:
            if default and type(pk) is UUID:
                found = b64encode((prefix + str(pk)).encode()).decode("ascii")
            else:
                found = node.to_global_id(type_name, pk)
            by_key[pk] = found
        return found

    return global_id


def _reader(recipe: tuple, made: dict):
    """``read(source, is_dict)``: the field's serialised value, or ``_AGAIN`` for graphql-core to execute it.
    ``made``: the request's global ids, by type name and key."""
    kind = recipe[0]
    if kind == TYPENAME:
        type_name = recipe[1]
        return lambda source, is_dict: type_name
    if kind == REFERENCE:
        _, attname, non_null, fields = recipe
        parts = [
            (name, field[1], None) if field[0] == TYPENAME else (name, None, _global_ids(*field[1], made))
            for name, field in fields
        ]

        def read_reference(source, is_dict):
            key = source.get(attname) if is_dict else getattr(source, attname, None)
            if key is None:
                return _AGAIN if non_null else None
            return {name: constant if global_id is None else global_id(key) for name, constant, global_id in parts}

        return read_reference
    if kind in (ROW_LIST, ROW_OBJECT):
        _, key, non_null, fields = recipe
        parts = [(name, field[0] == TYPENAME, field[1] if field[0] == TYPENAME else field[3]) for name, field in fields]

        def item(value):
            made_item = {}
            for name, constant, serialize in parts:
                if constant:
                    made_item[name] = serialize
                    continue
                try:
                    serialized = serialize(value)
                except Exception:
                    return _AGAIN
                if serialized is None or serialized is Undefined:
                    return _AGAIN
                made_item[name] = serialized
            return made_item

        if kind == ROW_OBJECT:

            def read_row_object(source, is_dict):
                value = source.get(key, _AGAIN) if is_dict else _AGAIN
                if value is None:
                    return _AGAIN if non_null else None
                return _AGAIN if value is _AGAIN else item(value)

            return read_row_object

        def read_row_list(source, is_dict):
            values = source.get(key) if is_dict else None
            if type(values) is not list:
                return _AGAIN
            listed = []
            for value in values:
                made_item = _AGAIN if value is None else item(value)
                if made_item is _AGAIN:
                    return _AGAIN
                listed.append(made_item)
            return listed

        return read_row_list
    _, found, non_null, serialize = recipe
    if kind == GLOBAL_ID:
        global_id = _global_ids(*found, made)
        resolve_id = DjangoObjectType.resolve_id

        def read_global_id(source, is_dict):
            try:
                value = resolve_id(source, None)
                if value is None:
                    return _AGAIN if non_null else None
                serialized = serialize(global_id(value))
            except Exception:
                return _AGAIN
            return _AGAIN if serialized is None or serialized is Undefined else serialized

        return read_global_id
    attname, default = found
    choice = kind == CHOICE

    def read_column(source, is_dict):
        try:
            value = source.get(attname, default) if is_dict else getattr(source, attname, default)
            if value is None:
                return _AGAIN if non_null else None
            if choice and isinstance(value, PyEnum):
                value = value.value
            serialized = serialize(value)
        except Exception:
            return _AGAIN
        return _AGAIN if serialized is None or serialized is Undefined else serialized

    return read_column


class RowExecutionContext(DeferredExecutionContext):
    """``DeferredExecutionContext`` (DataLoader batching) with default-resolved leaves completed inline."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._plans: dict = {}
        self._known_types: set = set()
        self._global_ids: dict = {}
        manager = self.middleware_manager
        self._middlewares = bool(manager and manager.middlewares)

    # --- planning -------------------------------------------------------------------------------------------------

    def _plan(self, return_type: GraphQLObjectType, field_nodes) -> _Plan:
        key = (return_type, id(field_nodes[0])) if len(field_nodes) == 1 else (return_type, *map(id, field_nodes))
        plan = self._plans.get(key)
        if plan is None:
            sub_fields = self.collect_subfields(return_type, field_nodes)
            entries = []
            for response_name, nodes in sub_fields.items():
                field_def = get_field_def(self.schema, return_type, nodes[0])
                recipe = None
                if field_def is not None and not self._middlewares:
                    recipe = (
                        _plan_field(return_type, field_def, nodes)
                        or self._plan_reference(field_def, nodes)
                        or self._plan_in_row(field_def, nodes)
                    )
                entries.append(
                    (response_name, nodes, recipe, None if recipe is None else _reader(recipe, self._global_ids))
                )
            plan = self._plans[key] = _Plan(entries, all(entry[2] is not None for entry in entries))
        return plan

    def _plan_reference(self, field_def, field_nodes) -> tuple | None:
        """A foreign key's object asked only for its ``id`` (and ``__typename``): answered from the key."""
        attname = getattr(field_def.resolve, REFERENCES, None)
        if attname is None or field_def.args or any(node.arguments for node in field_nodes):
            return None
        non_null = isinstance(field_def.type, GraphQLNonNull)
        target = field_def.type.of_type if non_null else field_def.type
        if not isinstance(target, GraphQLObjectType):
            return None
        sub_plan = self._plan(target, field_nodes)
        if not sub_plan.inline_only or not all(entry[2][0] in (GLOBAL_ID, TYPENAME) for entry in sub_plan.entries):
            return None
        return (REFERENCE, attname, non_null, [(entry[0], entry[2]) for entry in sub_plan.entries])

    def _plan_in_row(self, field_def, field_nodes) -> tuple | None:
        """An object, or a list of objects, asked only for the field a whole-map row holds for them
        (``scheme { key }``, ``tags { slug }``): answered from the row (see :func:`~.types.in_row`)."""
        marked = getattr(field_def.resolve, IN_ROW, None)
        if marked is None or field_def.args or any(node.arguments for node in field_nodes):
            return None
        key, attname = marked
        non_null = isinstance(field_def.type, GraphQLNonNull)
        field_type = field_def.type.of_type if non_null else field_def.type
        kind = ROW_OBJECT
        if isinstance(field_type, GraphQLList):
            kind, field_type = ROW_LIST, field_type.of_type
            if not isinstance(field_type, GraphQLNonNull):
                return None
            field_type = field_type.of_type
        if not isinstance(field_type, GraphQLObjectType):
            return None
        sub_plan = self._plan(field_type, field_nodes)
        if not sub_plan.inline_only or not all(
            entry[2][0] == TYPENAME or (entry[2][0] == KEY and entry[2][1][0] == attname and entry[2][2])
            for entry in sub_plan.entries
        ):
            return None
        return (kind, key, non_null, [(entry[0], entry[2]) for entry in sub_plan.entries])

    def _check_type(self, return_type: GraphQLObjectType, field_nodes, info, result) -> None:
        """``is_type_of`` once per object type and Python class: argmap's types decide by class alone."""
        if return_type.is_type_of is None:
            return
        known = (return_type, type(result))
        if known in self._known_types:
            return
        if not return_type.is_type_of(result, info):
            raise invalid_return_type_error(return_type, result, field_nodes)
        if type(result).__name__ != "SimpleLazyObject":
            self._known_types.add(known)

    # --- inline values --------------------------------------------------------------------------------------------

    # --- completion -----------------------------------------------------------------------------------------------

    def complete_object_value(self, return_type, field_nodes, info, path, result):
        if isinstance(result, CompiledValue) and not self._middlewares and enabled():
            members = compiled_members(self, return_type, field_nodes, result)
            if members is not None:
                return orjson.Fragment(result.compiled_json(members))
        plan = self._plan(return_type, field_nodes)
        self._check_type(return_type, field_nodes, info, result)
        return self._complete_planned(return_type, plan, result, path)

    def _complete_planned(self, parent_type, plan: _Plan, source, path):
        """``execute_fields_serially`` of ``DeferredExecutionContext``, with planned fields read inline."""
        is_dict = isinstance(source, dict)
        results: dict[str, Any] = {}
        unresolved = 0
        future = None
        for response_name, field_nodes, _, read in plan.entries:
            if read is not None:
                value = read(source, is_dict)
                if value is not _AGAIN:
                    results[response_name] = value
                    continue
            field_path = Path(path, response_name, parent_type.name)
            result = self.execute_field(parent_type, source, field_nodes, field_path)
            if isinstance(result, SyncFuture):
                if result.done():
                    result = result.result()
                    if result is not Undefined:
                        results[response_name] = result
                else:
                    results[response_name] = PENDING_FUTURE

                    def process_result(response_name: str, result: SyncFuture) -> None:
                        nonlocal unresolved
                        awaited = result.result()
                        if awaited is not Undefined:
                            results[response_name] = awaited
                        else:
                            del results[response_name]
                        unresolved -= 1
                        if not unresolved:
                            future.set_result(results)

                    unresolved += 1
                    result.add_done_callback(partial(process_result, response_name, result))
            elif result is not Undefined:
                results[response_name] = result
        if not unresolved:
            return results
        future = SyncFuture()
        return future

    def complete_list_value(self, return_type, field_nodes, info, path, result):
        """A list of objects whose selected fields are all inline is completed in one pass; anything
        else (futures, nulls, other item types, a field to execute) as ``DeferredExecutionContext`` does."""
        item_type = return_type.of_type
        object_type = item_type.of_type if isinstance(item_type, GraphQLNonNull) else item_type
        if not isinstance(object_type, GraphQLObjectType) or type(result) is not list or not result:
            return super().complete_list_value(return_type, field_nodes, info, path, result)
        plan = self._plan(object_type, field_nodes)
        if not plan.inline_only:
            if any(item is None or isinstance(item, SyncFuture) for item in result):
                return super().complete_list_value(return_type, field_nodes, info, path, result)
            return self._complete_objects(item_type, object_type, plan, field_nodes, info, path, result)
        entries = [(entry[0], entry[3]) for entry in plan.entries]
        check = self._check_type
        completed = []
        append = completed.append
        for item in result:
            if item is None or isinstance(item, SyncFuture):
                return super().complete_list_value(return_type, field_nodes, info, path, result)
            try:
                check(object_type, field_nodes, info, item)
            except Exception:
                return super().complete_list_value(return_type, field_nodes, info, path, result)
            is_dict = isinstance(item, dict)
            values = {}
            for name, read in entries:
                value = read(item, is_dict)
                if value is _AGAIN:
                    return super().complete_list_value(return_type, field_nodes, info, path, result)
                values[name] = value
            append(values)
        return completed

    def _complete_objects(self, item_type, object_type, plan: _Plan, field_nodes, info, path, result: list):
        """``DeferredExecutionContext.complete_list_value`` for a list of objects (no nulls, no futures) with
        fields to execute, each item completed by its plan without ``complete_value``'s dispatch."""
        results: list = [None] * len(result)
        unresolved = 0
        future = None

        def process_completed(index: int, completed: SyncFuture, item_path: Path) -> None:
            nonlocal unresolved
            try:
                results[index] = completed.result()
            except Exception as raw_error:
                self.handle_field_error(located_error(raw_error, field_nodes, item_path.as_list()), item_type)
            unresolved -= 1
            if not unresolved:
                future.set_result(results)

        for index, item in enumerate(result):
            item_path = path.add_key(index, None)
            try:
                self._check_type(object_type, field_nodes, info, item)
                completed = self._complete_planned(object_type, plan, item, item_path)
                if isinstance(completed, SyncFuture):
                    if completed.done():
                        results[index] = completed.result()
                    else:
                        unresolved += 1
                        completed.add_done_callback(partial(process_completed, index, completed, item_path))
                else:
                    results[index] = completed
            except Exception as raw_error:
                self.handle_field_error(located_error(raw_error, field_nodes, item_path.as_list()), item_type)
        if not unresolved:
            return results
        future = SyncFuture()
        return future
