"""Speakers: a statement's speaker, and a participant's source, belong to the same workspace."""

from __future__ import annotations

from argmap.errors import RuleViolation


def check_speaker(speaker_workspace_id: object, workspace_id: object) -> None:
    """A statement is attributed only to a participant of its own workspace (``None``: the author)."""
    if speaker_workspace_id is not None and speaker_workspace_id != workspace_id:
        raise RuleViolation(
            "The speaker must be a participant of the statement's workspace.", rule="same_workspace", field="speaker"
        )


def check_participant_source(source_workspace_id: object, workspace_id: object) -> None:
    """A participant's source is a source of the participant's workspace."""
    if source_workspace_id is not None and source_workspace_id != workspace_id:
        raise RuleViolation(
            "The source must belong to the participant's workspace.", rule="same_workspace", field="source"
        )


#: The illocutions that commit a statement's speaker to its content. Asserting, conceding, and the speaker's own
#: assertion that the author reports or quotes commit; a question commits no one (AIF/IAT: a questioning YA anchors
#: no assertion). Every reader of "commitment" — REST's filter, ``Participant.commitments``, the evaluation per
#: commitment — asks this set.
COMMITTING_ILLOCUTIONS = frozenset({"asserting", "reporting", "conceding", "quoting"})


def commits_speaker(illocution: str) -> bool:
    """Whether a statement entering the text with ``illocution`` commits its speaker to it."""
    return illocution in COMMITTING_ILLOCUTIONS
