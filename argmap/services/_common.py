"""Helpers shared by the services: field updates with versioning and history."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction

from argmap.errors import InvalidInput, RuleViolation
from argmap.rules import bump_version, require_choice, require_text
from argmap.rules.review import CONTENT_FIELDS, changes_content, reopened_review

from .history import ChangeLog, lock_current, snapshot, stamp

__all__ = ["apply_update", "full_clean", "reopen_review", "require_choice", "require_text", "save_new"]


def full_clean(obj: models.Model, *, exclude: Iterable[str] = ()) -> None:
    """Model field validation (lengths, URLs, choices) as a domain error."""
    try:
        obj.full_clean(exclude=list(exclude), validate_unique=False, validate_constraints=False)
    except ValidationError as exc:
        field, messages = next(iter(exc.message_dict.items()))
        raise InvalidInput(f"{field}: {' '.join(messages)}", field=field, detail=exc.message_dict) from None


def save_new(log: ChangeLog, obj: models.Model, actor: object, *, exclude: Iterable[str] = (), **extra: object) -> None:
    stamp(obj, actor, creating=True)
    full_clean(obj, exclude=("created_by", "updated_by", *exclude))
    try:
        with transaction.atomic():
            obj.save(force_insert=True)
    except IntegrityError as exc:
        raise _duplicate(exc, obj) from None
    log.created(obj, **extra)


def apply_update(
    log: ChangeLog,
    model: type[models.Model],
    pk: object,
    *,
    actor: object,
    expected_version: int | None,
    changes: Mapping[str, object],
    allowed: Iterable[str],
    relations: Mapping[str, Sequence[models.Model]] | None = None,
    validate: bool = True,
) -> models.Model:
    """Lock the row, refuse a stale version, apply ``changes`` and bump the version.

    ``relations`` replaces many-to-many sets (``{"tags": [...]}``) in the same write; history
    records them by id before and after. A change to the content of an accepted or proposed node
    sends it back to review in the same write (:mod:`argmap.rules.review`).
    """
    unknown = set(changes) - set(allowed)
    if unknown:
        raise InvalidInput(
            f"These fields cannot be changed here: {', '.join(sorted(unknown))}.", field=sorted(unknown)[0]
        )
    relations = relations or {}
    obj = lock_current(model, pk, expected_version)
    before = snapshot(obj, **{name: _ids(getattr(obj, name).all()) for name in relations})
    model_name = model._meta.model_name
    current = {name: getattr(obj, name) for name in CONTENT_FIELDS.get(model_name, ()) if name in changes}
    if "status" not in changes and changes_content(model_name, current, changes):
        changes = {**changes, **(reopened_review(obj.status) or {})}
    for name, value in changes.items():
        setattr(obj, name, value)
    bump_version(obj)
    stamp(obj, actor)
    if validate:
        full_clean(obj, exclude=("created_by", "updated_by"))
    try:
        with transaction.atomic():
            obj.save()
    except IntegrityError as exc:
        raise _duplicate(exc, obj) from None
    for name, related in relations.items():
        getattr(obj, name).set(related)
    log.updated(obj, before, **{name: _ids(related) for name, related in relations.items()})
    return obj


def reopen_review(log: ChangeLog, model: type[models.Model], pk: object, *, actor: object) -> None:
    """Send an accepted or proposed node back to review after a change to what belongs to it (an
    anchor of a statement, an edge of a scheme application), as its own recorded update."""
    obj = model.objects.select_for_update().get(pk=pk)
    reopened = reopened_review(obj.status)
    if reopened is None:
        return
    before = snapshot(obj)
    for name, value in reopened.items():
        setattr(obj, name, value)
    bump_version(obj)
    stamp(obj, actor)
    obj.save(update_fields=[*reopened, "version", "updated_by", "updated_at"])
    log.updated(obj, before)


def _ids(rows: Iterable[models.Model]) -> list[str]:
    return sorted(str(row.pk) for row in rows)


def _duplicate(exc: IntegrityError, obj: models.Model) -> RuleViolation:
    """The refusal of a row that a unique constraint rejected, worded by the model as its forms word it
    ("This slug is taken."), never with the driver's text.

    The driver's message names tables and constraints, and the same answer must come whether the row
    that holds the value is visible to the user or not (a private workspace's slug), so nothing about
    that row is told beyond "taken"."""
    fields = _constrained_fields(exc, obj)
    if not fields:
        return RuleViolation(f"This would duplicate an existing {obj._meta.verbose_name}.", rule="unique")
    message = " ".join(obj.unique_error_message(type(obj), tuple(fields)).messages)
    return RuleViolation(message, rule="unique", field=fields[-1])


def _constrained_fields(exc: IntegrityError, obj: models.Model) -> list[str]:
    """The fields of the unique constraint ``exc`` names: PostgreSQL's ``constraint_name`` diagnostic
    (``<table>_<column>_key`` for ``unique=True``, the given name for a ``UniqueConstraint``), or
    SQLite's ``UNIQUE constraint failed: <table>.<column>, …``."""
    meta = obj._meta
    constraint = getattr(getattr(exc.__cause__, "diag", None), "constraint_name", None)
    if constraint:
        for unique in meta.constraints:
            if isinstance(unique, models.UniqueConstraint) and unique.name == constraint:
                return list(unique.fields)
        for field in meta.concrete_fields:
            if (field.unique or field.primary_key) and constraint in (
                f"{meta.db_table}_{field.column}_key",
                f"{meta.db_table}_pkey",
            ):
                return ["id" if field.primary_key else field.name]
        return []
    text = str(exc)
    return [f.name for f in meta.concrete_fields if f"{meta.db_table}.{f.column}" in text]
