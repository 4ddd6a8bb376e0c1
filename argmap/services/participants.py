from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser

from argmap.errors import RuleViolation
from argmap.models import Participant, ParticipantKind, Source, Statement, Workspace
from argmap.rules import check_participant_source

from ._common import apply_update, require_choice, require_text, save_new
from .history import lock_current, recorded_write

PARTICIPANT_FIELDS = {"key", "name", "kind", "description", "source"}


def create_participant(
    *,
    actor: AbstractBaseUser | None,
    workspace: Workspace,
    name: str,
    kind: str = ParticipantKind.PERSON,
    key: str = "",
    description: str = "",
    source: Source | None = None,
    participant_id: object = None,
) -> Participant:
    require_choice(kind, ParticipantKind, field="kind")
    check_participant_source(source.workspace_id if source else None, workspace.pk)
    with recorded_write(actor=actor, summary=f"create participant {name[:60]}") as log:
        participant = Participant(
            workspace=workspace,
            name=require_text(name, field="name"),
            kind=kind,
            key=key,
            description=description,
            source=source,
        )
        if participant_id is not None:
            participant.id = participant_id
        save_new(log, participant, actor)
    return participant


def update_participant(
    *, actor: AbstractBaseUser | None, participant: Participant, expected_version: int | None, **changes: object
) -> Participant:
    if "kind" in changes:
        require_choice(str(changes["kind"]), ParticipantKind, field="kind")
    if "name" in changes:
        require_text(str(changes["name"]), field="name")
    if changes.get("source") is not None:
        check_participant_source(changes["source"].workspace_id, participant.workspace_id)
    with recorded_write(actor=actor, summary=f"update participant {participant.pk}") as log:
        return apply_update(
            log,
            Participant,
            participant.pk,
            actor=actor,
            expected_version=expected_version,
            changes=changes,
            allowed=PARTICIPANT_FIELDS,
        )


def delete_participant(
    *, actor: AbstractBaseUser | None, participant: Participant, expected_version: int | None
) -> None:
    """Delete a participant no statement is attributed to.

    A participant who still speaks is refused rather than its statements silently handed to the
    document's author: attributing them elsewhere is the analyst's decision."""
    with recorded_write(actor=actor, summary=f"delete participant {participant.pk}") as log:
        current = lock_current(Participant, participant.pk, expected_version)
        spoken = Statement.objects.filter(speaker=current).count()
        if spoken:
            raise RuleViolation(
                f"{spoken} statement{'s are' if spoken != 1 else ' is'} attributed to this participant; "
                "attribute them to someone else first.",
                rule="participant_speaks",
            )
        log.deleted(current)
        current.delete()
