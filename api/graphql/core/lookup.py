"""Finding the objects a mutation names by global id, as the caller may see them."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from django.db.models import Model, QuerySet

from argmap.errors import InvalidInput, NotFound

from .context import current_user
from .node import split_global_id

Readers = Mapping[str, Callable[[object], QuerySet]]


def find(info, global_id: object, readers: Readers, *, field: str) -> Model:
    """The object ``global_id`` names, if its type is one of ``readers`` and the caller may see it.

    ``readers`` maps GraphQL type names to ``visible_*_for`` selectors. A
    malformed id or one of another type is a VALIDATION error; a missing or
    invisible object is NOT_FOUND, the same for both.
    """
    parsed = split_global_id(global_id)
    if parsed is None:
        raise InvalidInput(f"`{field}` is not an id this API gave out.", field=field)
    type_name, pk = parsed
    if type_name not in readers:
        expected = " or ".join(readers)
        raise InvalidInput(f"`{field}` must be the id of a {expected}, not of a {type_name}.", field=field)
    found = readers[type_name](current_user(info)).filter(pk=pk).first()
    if found is None:
        raise NotFound(f"No {type_name} with id {global_id}, or not one you may see.", field=field)
    return found


def find_all(info, global_ids, readers: Readers, *, field: str) -> list[Model]:
    """Like :func:`find` for a list, in the given order, one query per type."""
    parsed = []
    for global_id in global_ids:
        one = split_global_id(global_id)
        if one is None:
            raise InvalidInput(f"`{field}` holds {global_id!r}, which is not an id this API gave out.", field=field)
        if one[0] not in readers:
            raise InvalidInput(f"`{field}` must hold ids of a {' or '.join(readers)}, not of a {one[0]}.", field=field)
        parsed.append(one)
    found: dict = {}
    for type_name in {type_name for type_name, _ in parsed}:
        pks = [pk for t, pk in parsed if t == type_name]
        found.update({obj.pk: obj for obj in readers[type_name](current_user(info)).filter(pk__in=pks)})
    missing = [global_id for global_id, (_, pk) in zip(global_ids, parsed, strict=True) if pk not in found]
    if missing:
        raise NotFound(f"No such objects, or not ones you may see: {', '.join(map(str, missing))}.", field=field)
    return [found[pk] for _, pk in parsed]


def require_value(arguments: dict, name: str, graphql_name: str) -> object:
    """A nullable GraphQL argument given as an explicit null where the model needs a value."""
    value = arguments[name]
    if value is None:
        raise InvalidInput(
            f"`{graphql_name}` cannot be null; leave it out to keep the current value.", field=graphql_name
        )
    return value
