"""Reads over the argument graph."""

from __future__ import annotations

from argmap.models import Edge, EdgeRole, SchemeApplication, SchemeType, StatementKind


def conflict_kind(*, targets_application: bool, target_is_conclusion: bool, target_kind: str | None) -> str:
    """Name an attack by what it hits (Pollock/Prakken).

    An attack on an inference is an *undercut*; on a statement that some
    inference concludes (or that is a claim) a *rebut*; on any other statement
    (a premise or evidence) an *undermine*.
    """
    if targets_application:
        return "undercut"
    if target_is_conclusion or target_kind == StatementKind.CLAIM:
        return "rebut"
    return "undermine"


def conflict_kind_of(application: SchemeApplication) -> str | None:
    """The kind of one conflict node (two queries); graph selectors classify in bulk instead."""
    if application.type != SchemeType.CONFLICT:
        return None
    target = Edge.objects.filter(application=application, role=EdgeRole.CONSEQUENT).select_related("statement").first()
    if target is None:
        return None
    if target.other_application_id:
        return "undercut"
    concluded = Edge.objects.filter(
        statement_id=target.statement_id, role=EdgeRole.CONSEQUENT, application__type=SchemeType.INFERENCE
    ).exists()
    return conflict_kind(targets_application=False, target_is_conclusion=concluded, target_kind=target.statement.kind)
