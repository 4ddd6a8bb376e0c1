"""Model instances from the plain rows that whole-graph selectors return, without touching the database."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Model

from argmap.selectors import access


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


def only_visible(user, rows: list[dict], visible_for) -> list[dict]:
    """Drop rows ``user`` may not see. Whole-graph selectors leave visibility to the caller; beyond the
    map's own visibility (checked first), only blind independent annotation hides single nodes, so the
    extra query runs only for a user it applies to."""
    if not rows or access.blind_annotation_filter(user, "") is None:
        return rows
    visible = set(visible_for(user).filter(pk__in=[row["id"] for row in rows]).values_list("pk", flat=True))
    return [row for row in rows if row["id"] in visible]
