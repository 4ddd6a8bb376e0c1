"""Who says what: statements by speaker and illocution, and a participant's commitments."""

from __future__ import annotations

import uuid

from django.db.models import Q, QuerySet

from argmap.errors import InvalidInput, NotFound
from argmap.models import Participant, Statement
from argmap.rules import COMMITTING_ILLOCUTIONS

from .access import visible_participants_for, visible_statements_for

#: The ``speaker`` filter's word for the document's author (a statement with no speaker).
AUTHOR = "author"


def speaker_condition(value: str | uuid.UUID) -> Q:
    """Statements spoken by ``value``: a participant's id, or :data:`AUTHOR` for the document's author."""
    if value == AUTHOR:
        return Q(speaker__isnull=True)
    return Q(speaker_id=value if isinstance(value, uuid.UUID) else uuid.UUID(str(value)))


#: What :func:`parse_speaker` accepts, as the APIs publish it: ``author`` or a participant's id.
SPEAKER_PATTERN = r"^(author|[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12})$"


def parse_speaker(value: str) -> str | uuid.UUID:
    """A ``speaker`` filter value: ``author`` or a participant's id; anything else is a :class:`ValueError`."""
    if value == AUTHOR:
        return AUTHOR
    try:
        return uuid.UUID(value)
    except ValueError:
        raise ValueError(f"must be {AUTHOR!r} or a participant's id (UUID).") from None


def commitment_condition() -> Q:
    """What commits a speaker: :data:`argmap.rules.COMMITTING_ILLOCUTIONS` (every illocution but questioning)."""
    return Q(illocution__in=sorted(COMMITTING_ILLOCUTIONS))


def commitments_of(user, participant: Participant | None, *, argument_map=None) -> QuerySet[Statement]:
    """The statements ``participant`` (``None``: the document's author) is committed to, as ``user`` sees them."""
    statements = visible_statements_for(user).filter(commitment_condition())
    if argument_map is not None:
        statements = statements.filter(map_id=argument_map.pk)
    if participant is None:
        return statements.filter(speaker__isnull=True)
    return statements.filter(speaker_id=participant.pk)


def commitments_of_participants(participant_ids, *, user) -> dict:
    """``{participant_id: [Statement, …]}``: each participant's commitments ``user`` may see, batched (one query)."""
    statements = visible_statements_for(user).filter(commitment_condition(), speaker_id__in=list(participant_ids))
    grouped: dict = {}
    for statement in statements:
        grouped.setdefault(statement.speaker_id, []).append(statement)
    return grouped


def participants_matching(*, workspace, ids: list, names: list) -> dict:
    """``{"ids": {id: participant id}, "names": {name: participant id}}``: the participants of ``workspace`` with
    one of ``ids`` or ``names`` (one query), for imports that name voices the workspace already has."""
    uuids = []
    for ident in ids:
        try:
            uuids.append(uuid.UUID(str(ident)))
        except ValueError:
            continue
    found: dict = {"ids": {}, "names": {}}
    for pk, name in (
        Participant.objects.filter(workspace_id=workspace.pk)
        .filter(Q(pk__in=uuids) | Q(name__in=names))
        .order_by("created_at", "id")
        .values_list("pk", "name")
    ):
        found["ids"].setdefault(str(pk), pk)
        found["names"].setdefault(name, pk)
    return found


def speaker_in_map(user, argument_map, value: object, *, field: str) -> str | uuid.UUID:
    """``value`` (``author`` or a participant's id) as a speaker of ``argument_map`` that ``user`` may see.

    Malformed: :class:`InvalidInput` (400). A participant the user may not see, or of another workspace:
    :class:`NotFound` (404), the same for both, so nothing tells that a private participant exists."""
    try:
        speaker = value if isinstance(value, uuid.UUID) else parse_speaker(str(value))
    except ValueError as error:
        raise InvalidInput(f"{field} {error}", field=field) from None
    if speaker == AUTHOR:
        return AUTHOR
    if not visible_participants_for(user).filter(pk=speaker, workspace_id=argument_map.workspace_id).exists():
        raise NotFound(f"{field}: no participant {speaker} in this map's workspace (or none you may see).", field=field)
    return speaker
