"""Who says what: statements by speaker and illocution, and a participant's commitments."""

from __future__ import annotations

import uuid

from django.db.models import Q, QuerySet

from argmap.models import Illocution, Participant, Statement

from .access import visible_statements_for

#: The ``speaker`` filter's word for the document's author (a statement with no speaker).
AUTHOR = "author"


def speaker_condition(value: str | uuid.UUID) -> Q:
    """Statements spoken by ``value``: a participant's id, or :data:`AUTHOR` for the document's author."""
    if value == AUTHOR:
        return Q(speaker__isnull=True)
    return Q(speaker_id=value if isinstance(value, uuid.UUID) else uuid.UUID(str(value)))


def parse_speaker(value: str) -> str | uuid.UUID:
    """A ``speaker`` filter value: ``author`` or a participant's id; anything else is a :class:`ValueError`."""
    if value == AUTHOR:
        return AUTHOR
    try:
        return uuid.UUID(value)
    except ValueError:
        raise ValueError(f"must be {AUTHOR!r} or a participant's id (UUID).") from None


def commitment_condition() -> Q:
    """What commits a speaker: everything attributed to them except a question, which commits no one
    (AIF: a Questioning YA anchors no assertion)."""
    return ~Q(illocution=Illocution.QUESTIONING)


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
