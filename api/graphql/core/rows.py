"""Model instances from the plain rows that whole-graph selectors return, without touching the database."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Model


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
