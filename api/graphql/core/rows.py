"""Objects for GraphQL types from the plain rows that whole-graph selectors return, without touching the database."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import replace
from functools import cache

from django.db.models import Model

from .timestamps import c_timestamps


def instances(model: type[Model], rows: Iterable[dict], **extra_attributes: str) -> list[Model]:
    """``model`` objects from ``rows`` (keys are field attnames); ``extra_attributes`` copies other keys as attributes."""
    attnames = {field.attname for field in model._meta.concrete_fields}
    objects = []
    for row in rows:
        obj = model(**{name: value for name, value in row.items() if name in attnames})
        obj._state.adding = False
        for attribute, key in extra_attributes.items():
            setattr(obj, attribute, row.get(key))
        objects.append(obj)
    return objects


class Row(dict):
    """One database row standing for a saved ``model`` object in a GraphQL response.

    A dict, so graphene's default resolver reads its columns with ``dict.get`` and
    ``core.execution`` inline; attribute access (``row.map_id``, ``row.pk``) for the
    resolvers written against model instances. The subclass per model (:func:`row_type`)
    is the type hint ``VisibleNodeType.is_type_of`` checks, so no model instance is built.
    Columns the read left out hold the model field's default, as an instance built from
    the same row would.
    """

    __slots__ = ()
    model: type[Model]

    @property
    def pk(self):
        return self["id"]

    def __getattr__(self, name: str):
        try:
            return self[name]
        except KeyError:
            raise AttributeError(f"{type(self).__name__} has no {name!r}") from None


@cache
def row_type(model: type[Model]) -> type[Row]:
    return type(f"{model.__name__}Row", (Row,), {"__slots__": (), "model": model})


@cache
def _defaults(model: type[Model]) -> dict:
    """The defaults of ``model``'s concrete fields that are constants (callables vary per object: left out)."""
    return {
        field.attname: field.get_default()
        for field in model._meta.concrete_fields
        if not (field.has_default() and callable(field.default))
    }


def rows(model: type[Model], found: Iterable[dict], **extra_keys: str) -> list[Row]:
    """``found`` as :class:`Row` objects of ``model``; ``extra_keys`` copies ``{new key: existing key}``."""
    made = row_type(model)
    defaults = _defaults(model)
    out = []
    append = out.append
    for source in found:
        row = made(defaults)
        row.update(source)
        for new, existing in extra_keys.items():
            row[new] = source.get(existing)
        append(row)
    return out


@cache
def as_rows(model: type[Model], fetch: Callable) -> Callable:
    """A batched selector ``fetch(keys, *, user) -> {key: [plain row, …]}`` whose rows come out as :class:`Row`
    objects of ``model``. Cached, so the same pair is the same function (DataLoaders are keyed by it)."""

    def fetch_rows(keys, *, user) -> dict:
        with c_timestamps(model):
            found_by_key = fetch(keys, user=user)
        return {key: rows(model, found) for key, found in found_by_key.items()}

    fetch_rows.__name__ = f"{getattr(fetch, '__name__', 'fetch')}_as_{model.__name__.lower()}_rows"
    return fetch_rows


@cache
def with_rows(fetch: Callable, **models: type[Model]) -> Callable:
    """A batched selector ``fetch(keys, *, user) -> {key: [dataclass, …]}`` (an ``Attack``) whose fields named in
    ``models`` hold plain rows: they come out as :class:`Row` objects of the model named for each."""

    def typed(item):
        return replace(item, **{name: rows(model, (getattr(item, name),))[0] for name, model in models.items()})

    def fetch_rows(keys, *, user) -> dict:
        with c_timestamps(next(iter(models.values()))):
            found_by_key = fetch(keys, user=user)
        return {key: [typed(item) for item in found] for key, found in found_by_key.items()}

    fetch_rows.__name__ = f"{getattr(fetch, '__name__', 'fetch')}_with_rows"
    return fetch_rows
