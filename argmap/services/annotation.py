"""Writes of team annotation: passages, discussion, assessments, critical questions,
blind (independent) annotation and the curator's merge. History recorded, one
transaction each, like every service."""

from __future__ import annotations

from collections.abc import Sequence

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction

from argmap.errors import InvalidInput, RuleViolation
from argmap.models import (
    Agreement,
    Anchor,
    ArgumentMap,
    Assessment,
    Comment,
    CriticalQuestion,
    CriticalQuestionAnswer,
    Document,
    IndependentAnnotation,
    ReviewStatus,
    SchemeApplication,
    SchemeType,
    Statement,
)
from argmap.selectors.access import visible_anchors_for

from ._common import apply_update, require_choice, require_text, save_new
from .anchors import create_anchor
from .history import recorded_write
from .statements import create_statement, review_nodes

Node = Statement | SchemeApplication


def annotate_passage(
    *,
    actor: AbstractBaseUser | None,
    argument_map: ArgumentMap,
    document: Document,
    kind: str,
    exact: str,
    start: int,
    end: int,
    text: str = "",
    gloss: str = "",
    confirm_repeat: bool = False,
) -> tuple[Statement, Anchor]:
    """A statement and its anchor on the selected passage, both or neither.

    ``start``/``end`` count code points; ``document.text[start:end]`` must be
    ``exact`` (checked by :func:`create_anchor`). The statement's text defaults
    to the quote. A passage the actor already sees anchored exactly there is
    refused (``repeated_passage``) unless ``confirm_repeat``: in this gesture a
    second statement on the same span is usually a double click, sometimes a
    deliberate second reading. Plain :func:`create_anchor`, for clients that
    anchor deliberately, does not ask.
    """
    if not confirm_repeat:
        _refuse_repeated_passage(actor, argument_map, document, start, end)
    with recorded_write(actor=actor, summary=f"annotate passage {start}–{end} of document {document.pk}"):
        statement = create_statement(actor=actor, argument_map=argument_map, kind=kind, text=text or exact, gloss=gloss)
        anchor = create_anchor(
            actor=actor,
            statement=statement,
            document=document,
            exact=exact,
            start=start,
            end=end,
        )
    return statement, anchor


def _refuse_repeated_passage(actor, argument_map: ArgumentMap, document: Document, start: int, end: int) -> None:
    if actor is None:
        return
    repeated = (
        visible_anchors_for(actor)
        .filter(map=argument_map, document=document, start=start, end=end)
        .select_related("statement")
        .first()
    )
    if repeated is not None:
        raise RuleViolation(
            f"This passage is already anchored to “{repeated.statement.text[:80]}”. "
            "Confirm to anchor another statement to exactly the same words.",
            rule="repeated_passage",
            field="exact",
            detail={"statement": str(repeated.statement_id)},
        )


def _node_fields(node: Node) -> dict:
    if isinstance(node, Statement):
        return {"statement": node}
    if isinstance(node, SchemeApplication):
        return {"application": node}
    raise InvalidInput("Only statements and scheme applications can be discussed or assessed.", field="node")


def add_comment(*, actor: AbstractBaseUser | None, node: Node, body: str) -> Comment:
    """Add a message to the node's discussion thread."""
    with recorded_write(actor=actor, summary=f"comment on {node._meta.model_name} {node.pk}") as log:
        comment = Comment(
            workspace_id=node.workspace_id,
            map_id=node.map_id,
            body=require_text(body, field="body"),
            **_node_fields(node),
        )
        save_new(log, comment, actor)
    return comment


def assess(*, actor: AbstractBaseUser, node: Node, agreement: str, strength: int | None = None) -> Assessment:
    """Record (or change) the actor's own agreement and strength (1–5) for a statement or inference."""
    require_choice(agreement, Agreement, field="agreement")
    if strength is not None and (isinstance(strength, bool) or not isinstance(strength, int) or not 1 <= strength <= 5):
        raise InvalidInput("strength must be a whole number from 1 to 5.", field="strength")
    if isinstance(node, SchemeApplication) and node.type != SchemeType.INFERENCE:
        raise RuleViolation(
            "Strength and agreement are recorded on statements and inferences.", rule="assess_statement_or_inference"
        )
    fields = _node_fields(node)
    with recorded_write(actor=actor, summary=f"assess {node._meta.model_name} {node.pk}") as log:
        current = Assessment.objects.select_for_update().filter(assessor=actor, **fields).first()
        if current is None:
            assessment = Assessment(
                workspace_id=node.workspace_id,
                map_id=node.map_id,
                assessor=actor,
                agreement=agreement,
                strength=strength,
                **fields,
            )
            save_new(log, assessment, actor)
            return assessment
        return apply_update(
            log,
            Assessment,
            current.pk,
            actor=actor,
            expected_version=current.version,
            changes={"agreement": agreement, "strength": strength},
            allowed={"agreement", "strength"},
        )


def answer_critical_question(
    *,
    actor: AbstractBaseUser | None,
    application: SchemeApplication,
    question: CriticalQuestion,
    answered: bool,
    answer: Statement | None = None,
    note: str = "",
) -> CriticalQuestionAnswer:
    """Mark a critical question of an inference's scheme as answered (optionally by a statement) or open."""
    if application.type != SchemeType.INFERENCE or application.scheme_id is None:
        raise RuleViolation(
            "Critical questions belong to an inference that applies a scheme.", rule="critical_question_of_scheme"
        )
    if question.scheme_id != application.scheme_id:
        raise RuleViolation(
            "That question is not one of this inference's scheme.", rule="critical_question_of_scheme", field="question"
        )
    if answer is not None and answer.map_id != application.map_id:
        raise RuleViolation("The answering statement must be in the same map.", rule="edge_within_map", field="answer")
    changes = {"answered": bool(answered), "answer": answer if answered else None, "note": note}
    with recorded_write(actor=actor, summary=f"critical question {question.key} of {application.pk}") as log:
        current = (
            CriticalQuestionAnswer.objects.select_for_update()
            .filter(application=application, question=question)
            .first()
        )
        if current is None:
            row = CriticalQuestionAnswer(
                workspace_id=application.workspace_id,
                map_id=application.map_id,
                application=application,
                question=question,
                **changes,
            )
            save_new(log, row, actor)
            return row
        return apply_update(
            log,
            CriticalQuestionAnswer,
            current.pk,
            actor=actor,
            expected_version=current.version,
            changes=changes,
            allowed=set(changes),
        )


def start_independent_annotation(
    *, actor: AbstractBaseUser | None, argument_map: ArgumentMap, note: str = ""
) -> IndependentAnnotation:
    """From now on annotators of the map work blind to each other until review."""
    with recorded_write(actor=actor, summary=f"start blind annotation of {argument_map.pk}") as log:
        current = IndependentAnnotation.objects.select_for_update().filter(map=argument_map).first()
        if current is None:
            row = IndependentAnnotation(workspace_id=argument_map.workspace_id, map=argument_map, note=note)
            save_new(log, row, actor)
            return row
        return apply_update(
            log,
            IndependentAnnotation,
            current.pk,
            actor=actor,
            expected_version=current.version,
            changes={"active": True, "note": note or current.note},
            allowed={"active", "note"},
        )


def end_independent_annotation(
    *, actor: AbstractBaseUser | None, independent_annotation: IndependentAnnotation, expected_version: int | None
) -> IndependentAnnotation:
    """Lift the blind: every member sees every layer again."""
    with recorded_write(actor=actor, summary=f"end blind annotation of {independent_annotation.map_id}") as log:
        return apply_update(
            log,
            IndependentAnnotation,
            independent_annotation.pk,
            actor=actor,
            expected_version=expected_version,
            changes={"active": False},
            allowed={"active"},
        )


def merge_layers(
    *,
    actor: AbstractBaseUser | None,
    keep: Sequence[tuple[Node, int | None]],
    discard: Sequence[tuple[Node, int | None]],
    reason: str,
) -> dict[str, int]:
    """The curator's merge: ``keep`` joins the accepted layer, ``discard`` (duplicates
    or the losing side of a disagreement) is rejected with ``reason``. All or nothing."""
    if not keep and not discard:
        raise InvalidInput("Choose what to keep or discard.", field="keep")
    require_text(reason, field="reason")
    with transaction.atomic():
        if keep:
            review_nodes(actor=actor, nodes=keep, status=ReviewStatus.ACCEPTED, reason="")
        if discard:
            review_nodes(actor=actor, nodes=discard, status=ReviewStatus.REJECTED, reason=reason)
    return {"accepted": len(keep), "rejected": len(discard)}
