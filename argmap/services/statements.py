from __future__ import annotations

from collections.abc import Iterable, Sequence

from django.contrib.auth.models import AbstractBaseUser

from argmap.errors import InvalidInput, RuleViolation
from argmap.models import (
    Anchor,
    ArgumentMap,
    Edge,
    EvidenceLink,
    Illocution,
    Participant,
    ReviewStatus,
    SchemeApplication,
    Statement,
    StatementKind,
    Tag,
)
from argmap.rules import check_speaker
from argmap.rules.review import check_settable_status

from ._common import apply_update, reopen_review, require_choice, require_text, save_new
from .history import ChangeLog, lock_current, recorded_write

STATEMENT_FIELDS = {"kind", "text", "gloss", "implicit", "key", "speaker", "illocution"}


def create_statement(
    *,
    actor: AbstractBaseUser | None,
    argument_map: ArgumentMap,
    kind: str,
    text: str,
    gloss: str = "",
    implicit: bool = False,
    status: str = ReviewStatus.DRAFT,
    key: str = "",
    tags: Sequence[Tag] = (),
    speaker: Participant | None = None,
    illocution: str = Illocution.ASSERTING,
    statement_id: object = None,
) -> Statement:
    """A statement of ``argument_map``; ``speaker`` ``None`` attributes it to the document's author."""
    require_choice(kind, StatementKind, field="kind")
    require_choice(status, ReviewStatus, field="status")
    check_settable_status(status)
    require_choice(illocution, Illocution, field="illocution")
    _check_tags(argument_map.workspace_id, tags)
    check_speaker(speaker.workspace_id if speaker else None, argument_map.workspace_id)
    with recorded_write(actor=actor, summary="create statement") as log:
        statement = Statement(
            workspace_id=argument_map.workspace_id,
            map=argument_map,
            kind=kind,
            text=require_text(text, field="text"),
            gloss=gloss,
            implicit=implicit,
            status=status,
            key=key,
            speaker=speaker,
            illocution=illocution,
        )
        if statement_id is not None:
            statement.id = statement_id
        save_new(log, statement, actor, tags=sorted(str(t.pk) for t in tags))
        if tags:
            statement.tags.set(tags)
    return statement


def update_statement(
    *, actor: AbstractBaseUser | None, statement: Statement, expected_version: int | None, **changes: object
) -> Statement:
    """Change a statement's content (not its review status: see :func:`set_review_status`)."""
    if "kind" in changes:
        require_choice(str(changes["kind"]), StatementKind, field="kind")
    if "text" in changes:
        require_text(str(changes["text"]), field="text")
    if "illocution" in changes:
        require_choice(str(changes["illocution"]), Illocution, field="illocution")
    if changes.get("speaker") is not None:
        check_speaker(changes["speaker"].workspace_id, statement.workspace_id)
    tags = changes.pop("tags", None)
    if tags is not None:
        _check_tags(statement.workspace_id, tags)
    with recorded_write(actor=actor, summary=f"update statement {statement.pk}") as log:
        return apply_update(
            log,
            Statement,
            statement.pk,
            actor=actor,
            expected_version=expected_version,
            changes=changes,
            allowed=STATEMENT_FIELDS,
            relations=None if tags is None else {"tags": list(tags)},
        )


def set_review_status(
    *,
    actor: AbstractBaseUser | None,
    node: Statement | SchemeApplication,
    status: str,
    expected_version: int | None,
    reason: str = "",
) -> Statement | SchemeApplication:
    """Move a statement or scheme application through draft → proposed → accepted/rejected."""
    return review_nodes(actor=actor, nodes=[(node, expected_version)], status=status, reason=reason)[0]


def review_nodes(
    *,
    actor: AbstractBaseUser | None,
    nodes: Iterable[tuple[Statement | SchemeApplication, int | None]],
    status: str,
    reason: str = "",
) -> list[Statement | SchemeApplication]:
    """Set one review status on many nodes at once: all change, or (one stale) none does."""
    require_choice(status, ReviewStatus, field="status")
    check_settable_status(status)
    if status == ReviewStatus.REJECTED and not reason.strip():
        raise InvalidInput("A rejection needs a reason.", field="reason", rule="rejection_has_reason")
    reviewed = []
    with recorded_write(actor=actor, summary=f"review: {status}") as log:
        for node, expected_version in nodes:
            reviewed.append(
                apply_update(
                    log,
                    type(node),
                    node.pk,
                    actor=actor,
                    expected_version=expected_version,
                    changes={"status": status, "status_reason": reason},
                    allowed={"status", "status_reason"},
                )
            )
    return reviewed


def delete_statement(
    *, actor: AbstractBaseUser | None, statement: Statement, expected_version: int | None
) -> dict[str, int]:
    """Delete a statement with its edges, anchors and evidence links.

    Scheme applications left without a conclusion or without any premise by the
    deletion go too (an inference with no conclusion means nothing); the
    returned counts say what was removed.
    """
    with recorded_write(actor=actor, summary=f"delete statement {statement.pk}") as log:
        lock_current(Statement, statement.pk, expected_version)
        return delete_graph_nodes(log, statement_ids={statement.pk}, application_ids=set())


def delete_graph_nodes(log: ChangeLog, *, statement_ids: set, application_ids: set) -> dict[str, int]:
    """Delete nodes and everything that only made sense with them, recording each row."""
    dead_statements = set(statement_ids)
    dead_applications = set(application_ids)
    map_ids = set(Statement.objects.filter(pk__in=dead_statements).values_list("map_id", flat=True))
    map_ids |= set(SchemeApplication.objects.filter(pk__in=dead_applications).values_list("map_id", flat=True))
    edges = list(Edge.objects.filter(map_id__in=map_ids))
    while True:
        dead_edges = {e.pk for e in edges if _touches(e, dead_statements, dead_applications)}
        newly_dead = {app_id for app_id in _incomplete_after(edges, dead_edges) if app_id not in dead_applications}
        if not newly_dead:
            break
        dead_applications |= newly_dead
    counts = {
        "statements": len(dead_statements),
        "scheme_applications": len(dead_applications),
        "edges": len(dead_edges),
    }
    for edge in (e for e in edges if e.pk in dead_edges):
        log.deleted(edge)
    Edge.objects.filter(pk__in=dead_edges).delete()
    anchors = list(Anchor.objects.filter(statement_id__in=dead_statements))
    evidence = list(EvidenceLink.objects.filter(statement_id__in=dead_statements))
    counts.update(anchors=len(anchors), evidence_links=len(evidence))
    for row in (*anchors, *evidence):
        log.deleted(row)
    Anchor.objects.filter(pk__in=[a.pk for a in anchors]).delete()
    EvidenceLink.objects.filter(pk__in=[e.pk for e in evidence]).delete()
    for application in SchemeApplication.objects.filter(pk__in=dead_applications).prefetch_related("tags"):
        log.deleted(application, tags=sorted(str(t.pk) for t in application.tags.all()))
    SchemeApplication.objects.filter(pk__in=dead_applications).delete()
    edited = {e.application_id for e in edges if e.pk in dead_edges} - dead_applications
    for application_id in sorted(edited, key=str):
        reopen_review(log, SchemeApplication, application_id, actor=log.actor)
    for statement in Statement.objects.filter(pk__in=dead_statements).prefetch_related("tags"):
        log.deleted(statement, tags=sorted(str(t.pk) for t in statement.tags.all()))
    Statement.objects.filter(pk__in=dead_statements).delete()
    return counts


def _touches(edge: Edge, statements: set, applications: set) -> bool:
    return (
        edge.statement_id in statements
        or edge.application_id in applications
        or edge.other_application_id in applications
    )


def _incomplete_after(edges: list[Edge], dead_edges: set) -> set:
    """Applications that had edges, and lose their consequent or every antecedent."""
    had: dict = {}
    kept: dict = {}
    for edge in edges:
        had.setdefault(edge.application_id, set()).add(edge.role)
        if edge.pk not in dead_edges:
            kept.setdefault(edge.application_id, set()).add(edge.role)
    return {app_id for app_id, roles in had.items() if roles - kept.get(app_id, set())}


def _check_tags(workspace_id: object, tags: Sequence[Tag]) -> None:
    if any(tag.workspace_id != workspace_id for tag in tags):
        raise RuleViolation("Tags must belong to the same workspace.", rule="same_workspace", field="tags")
