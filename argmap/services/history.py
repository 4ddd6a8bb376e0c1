"""History of every write, recorded by the services themselves.

Each service call opens one ``recorded_write`` block: one transaction and one
batch of :class:`~argmap.models.Change` rows (bulk-inserted at the end). A batch
is the unit that :func:`revert_batch` undoes.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from decimal import Decimal

from django.apps import apps
from django.db import models, transaction
from django.utils import timezone

from argmap.errors import NotFound, RuleViolation, StaleVersion
from argmap.models import Change, ChangeAction
from argmap.rules.versions import bump_version

from ._insert import insert_values
from .feed import append_to_feed

UNTRACKED_FIELDS = {"created_at", "updated_at"}


def _json_value(value: object) -> object:
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, (dt.datetime, dt.date)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def snapshot(obj: models.Model, **extra: object) -> dict:
    """The row's concrete fields as JSON-ready values (foreign keys by id)."""
    data = {
        f.attname: _json_value(getattr(obj, f.attname))
        for f in obj._meta.concrete_fields
        if f.attname not in UNTRACKED_FIELDS
    }
    data.update({k: _json_value(v) for k, v in extra.items()})
    return data


def _map_id(obj: models.Model) -> str | None:
    if obj._meta.model_name == "argumentmap":
        return str(obj.pk)
    value = getattr(obj, "map_id", None)
    return str(value) if value else None


def _workspace_id(obj: models.Model) -> str | None:
    if obj._meta.model_name == "workspace":
        return str(obj.pk)
    value = getattr(obj, "workspace_id", None)
    return str(value) if value else None


@dataclass
class ChangeLog:
    actor: object
    summary: str
    batch: uuid.UUID = field(default_factory=uuid.uuid4)
    pending: list[dict] = field(default_factory=list)

    def _add(self, obj: models.Model, action: str, before: dict | None, after: dict | None) -> None:
        self.pending.append(
            {
                "workspace_id": _workspace_id(obj),
                "map_id": _map_id(obj),
                "entity": obj._meta.model_name,
                "entity_id": str(obj.pk),
                "action": action,
                "before": before,
                "after": after,
            }
        )

    def created(self, obj: models.Model, **extra: object) -> None:
        self._add(obj, ChangeAction.CREATE, None, snapshot(obj, **extra))

    def created_many(self, objs: Iterable[models.Model]) -> None:
        for obj in objs:
            self.created(obj)

    def updated(self, obj: models.Model, before: dict, **extra: object) -> None:
        self._add(obj, ChangeAction.UPDATE, before, snapshot(obj, **extra))

    def deleted(self, obj: models.Model, **extra: object) -> None:
        self._add(obj, ChangeAction.DELETE, snapshot(obj, **extra), None)

    def flush(self) -> None:
        """Write the pending rows: plain dicts until here, since imports record hundreds of thousands."""
        if not self.pending:
            return
        actor_id = self.actor.pk if getattr(self.actor, "pk", None) else None
        common = {"batch": self.batch, "summary": self.summary[:200], "actor_id": actor_id, "at": timezone.now()}
        insert_values(Change, [{**common, **row} for row in self.pending])
        append_to_feed(common, self.pending)
        self.pending = []


_open_log: ContextVar[ChangeLog | None] = ContextVar("argmap_open_change_log", default=None)
_written_batches: ContextVar[list[uuid.UUID] | None] = ContextVar("argmap_written_batches", default=None)


@contextmanager
def batches_written() -> Iterator[list[uuid.UUID]]:
    """The ids of the history batches committed inside this block, in order.

    A door wraps one request in it to tell its caller which batch to revert (undo)
    without a second query; blocks that recorded no change add nothing.
    """
    written: list[uuid.UUID] = []
    token = _written_batches.set(written)
    try:
        yield written
    finally:
        _written_batches.reset(token)


@contextmanager
def recorded_write(*, actor: object, summary: str) -> Iterator[ChangeLog]:
    """One service call: one transaction, one history batch.

    Blocks nest: inside an open block (a composite action such as "annotate a
    passage", an import or an admin form with inlines) an inner service call
    records into the outer batch, so the whole action is one thing to revert.
    An inner block that fails is rolled back to its savepoint and its rows
    leave the outer batch with it.
    """
    outer = _open_log.get()
    if outer is not None:
        mark = len(outer.pending)
        try:
            with transaction.atomic():
                yield outer
        except BaseException:
            del outer.pending[mark:]
            raise
        return
    with transaction.atomic():
        log = ChangeLog(actor=actor, summary=summary)
        token = _open_log.set(log)
        try:
            yield log
        finally:
            _open_log.reset(token)
        wrote = bool(log.pending)
        log.flush()
    written = _written_batches.get()
    if wrote and written is not None:
        written.append(log.batch)


def stamp(obj: models.Model, actor: object, *, creating: bool = False) -> None:
    user = actor if getattr(actor, "pk", None) else None
    if creating:
        obj.created_by = user
    obj.updated_by = user


def lock_current(model: type[models.Model], pk: object, expected_version: int | None) -> models.Model:
    """The row locked for update, refusing a stale ``expected_version``.

    ``expected_version=None`` is refused too: every update must say which
    version it read, so a lost update cannot happen by omission.
    """
    try:
        obj = model.objects.select_for_update().get(pk=pk)
    except model.DoesNotExist:
        raise NotFound(f"{model._meta.verbose_name} {pk} does not exist.") from None
    if expected_version is None or obj.version != expected_version:
        raise StaleVersion(entity=str(model._meta.verbose_name), expected=expected_version, current=obj.version)
    return obj


def _model_for(entity: str) -> type[models.Model]:
    return apps.get_model("argmap", entity)


def _restore_fields(obj: models.Model, state: dict) -> None:
    for f in obj._meta.concrete_fields:
        if f.attname in state and f.attname not in UNTRACKED_FIELDS:
            value = state[f.attname]
            setattr(obj, f.attname, f.to_python(value) if value is not None else None)


def revert_batch(*, actor: object, batch: uuid.UUID) -> uuid.UUID:
    """Undo every change of one batch, newest first; returns the new batch's id.

    Refuses (and writes nothing) when a row has moved on since the batch, so a
    revert never silently discards somebody's later work.
    """
    changes = list(Change.objects.filter(batch=batch).order_by("-id"))
    if not changes:
        raise NotFound(f"No recorded change batch {batch}.")
    with recorded_write(actor=actor, summary=f"revert {batch}") as log:
        for change in changes:
            model = _model_for(change.entity)
            current = model.objects.select_for_update().filter(pk=change.entity_id).first()
            if change.action == ChangeAction.CREATE:
                if current is None:
                    continue
                _refuse_if_moved_on(current, change)
                log.deleted(current)
                try:
                    current.delete()
                except models.RestrictedError:
                    raise RuleViolation(
                        f"{change.entity} {change.entity_id} is used by later work (a statement attributed to it); "
                        "change that first.",
                        rule="revert_target_in_use",
                    ) from None
            elif change.action == ChangeAction.UPDATE:
                if current is None:
                    raise RuleViolation(
                        f"{change.entity} {change.entity_id} was deleted since; revert that deletion first.",
                        rule="revert_target_missing",
                    )
                _refuse_if_moved_on(current, change)
                before = snapshot(current)
                _restore_fields(current, change.before)
                if hasattr(current, "version"):
                    bump_version(current, current=before["version"])
                stamp(current, actor)
                current.save()
                _restore_tags(current, change.before)
                log.updated(current, before)
            else:
                if current is not None:
                    continue
                restored = model()
                _restore_fields(restored, change.before)
                if hasattr(restored, "version"):
                    bump_version(restored, current=change.before.get("version") or 0)
                stamp(restored, actor)
                restored.save(force_insert=True)
                _restore_tags(restored, change.before)
                log.created(restored)
    return log.batch


def _refuse_if_moved_on(current: models.Model, change: Change) -> None:
    recorded = change.after
    version = getattr(current, "version", None)
    if recorded and version is not None and recorded.get("version") not in (None, version):
        raise StaleVersion(
            entity=current._meta.model_name,
            expected=recorded.get("version"),
            current=version,
            message=_moved_on_message(current, change),
        )


def _moved_on_message(current: models.Model, change: Change) -> str:
    """Who changed the row after ``change``, in words an annotator can act on."""
    noun = current._meta.verbose_name
    later = (
        Change.objects.filter(entity=change.entity, entity_id=change.entity_id, id__gt=change.id)
        .exclude(batch=change.batch)
        .select_related("actor")
        .order_by("-id")
        .first()
    )
    if later is None:
        return f"This {noun} changed after that change: reload it and edit it again."
    who = later.actor.get_username() if later.actor else "An import or command"
    what = f" ({later.summary})" if later.summary else ""
    return (
        f"{who} changed this {noun} after that change{what}, on {later.at:%Y-%m-%d %H:%M} UTC: "
        "undo their change first, or edit it again."
    )


def _restore_tags(obj: models.Model, state: dict | None) -> None:
    if state and "tags" in state and hasattr(obj, "tags"):
        obj.tags.set(state["tags"])
