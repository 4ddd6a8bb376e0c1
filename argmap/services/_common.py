"""Helpers shared by the services: field updates with versioning and history."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction

from argmap.errors import InvalidInput, RuleViolation

from .history import ChangeLog, lock_current, snapshot, stamp


def require_text(value: str, *, field: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise InvalidInput(f"{field} must not be empty.", field=field)
    if "\x00" in value:
        raise InvalidInput(f"{field} must not contain NUL characters.", field=field)
    return value


def require_choice(value: str, choices: type[models.TextChoices], *, field: str) -> str:
    if value not in choices.values:
        allowed = ", ".join(choices.values)
        raise InvalidInput(f"{field} must be one of: {allowed} (got {value!r}).", field=field)
    return value


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
        raise RuleViolation(_integrity_message(exc), rule="unique") from None
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
    validate: bool = True,
) -> models.Model:
    """Lock the row, refuse a stale version, apply ``changes`` and bump the version."""
    unknown = set(changes) - set(allowed)
    if unknown:
        raise InvalidInput(
            f"These fields cannot be changed here: {', '.join(sorted(unknown))}.", field=sorted(unknown)[0]
        )
    obj = lock_current(model, pk, expected_version)
    before = snapshot(obj)
    for name, value in changes.items():
        setattr(obj, name, value)
    obj.version += 1
    stamp(obj, actor)
    if validate:
        full_clean(obj, exclude=("created_by", "updated_by"))
    try:
        with transaction.atomic():
            obj.save()
    except IntegrityError as exc:
        raise RuleViolation(_integrity_message(exc), rule="unique") from None
    log.updated(obj, before)
    return obj


def _integrity_message(exc: IntegrityError) -> str:
    text = str(exc).splitlines()[0] if str(exc) else "constraint"
    return f"This would duplicate an existing record ({text})."
