"""How :class:`~.execution.RowExecutionContext` answers a field inline (its plan's recipes), shared with
:mod:`.compiled`, which writes the same fields in SQL."""

from __future__ import annotations

from functools import cache, partial
from typing import Any

from graphene import relay
from graphene.relay.id_type import DefaultGlobalIDType
from graphene.types.resolver import dict_or_attr_resolver

#: A recipe's kind, its first item: a row key, a ``ChoiceField`` over one, a Relay id, ``__typename``,
#: a foreign key's ``{ id }``, and a list or an object a whole-map row holds (:func:`~.types.in_row`).
KEY, CHOICE, GLOBAL_ID, TYPENAME, REFERENCE, ROW_LIST, ROW_OBJECT = range(7)


def default_key(resolve) -> tuple[str, Any] | None:
    """``(attname, default)`` when ``resolve`` is graphene's default resolver (a dict key or an attribute)."""
    if isinstance(resolve, partial) and resolve.func is dict_or_attr_resolver and not resolve.keywords:
        attname, default = resolve.args
        return attname, default
    return None


@cache
def default_global_ids(node) -> bool:
    """Whether ``node`` makes graphene's default global ids: ``base64("Type:" + str(pk))``."""
    return (
        getattr(node.to_global_id, "__func__", None) is relay.Node.to_global_id.__func__
        and node._meta.global_id_type is DefaultGlobalIDType
    )
