"""Scheme applications (AIF S-nodes) and the edges that join them to statements.

The AIF rules these writes obey live in :mod:`argmap.rules.edges` (which ends an
edge may have, one consequent, antecedent counts, completeness) and
:mod:`argmap.rules.schemes`; here they are applied to what the database holds.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.contrib.auth.models import AbstractBaseUser

from argmap.errors import RuleViolation
from argmap.models import (
    ArgumentMap,
    Edge,
    EdgeRole,
    ReviewStatus,
    Scheme,
    SchemeApplication,
    SchemeType,
    Statement,
)
from argmap.rules import (
    STATEMENT,
    EdgeTally,
    check_edge,
    check_one_far_end,
    check_same_map,
    check_scheme_applies,
    check_step,
    is_complete,
    require_choice,
)
from argmap.rules.review import check_settable_status
from argmap.selectors.relations import supports_reach

from ._common import apply_update, reopen_review, save_new
from .history import ChangeLog, lock_current, recorded_write
from .statements import delete_graph_nodes


def create_scheme_application(
    *,
    actor: AbstractBaseUser | None,
    argument_map: ArgumentMap,
    type: str,
    scheme: Scheme | None = None,
    note: str = "",
    key: str = "",
    status: str = ReviewStatus.DRAFT,
    application_id: object = None,
) -> SchemeApplication:
    """A bare S-node; give it edges with :func:`create_edge` (or use :func:`create_argument`)."""
    with recorded_write(actor=actor, summary=f"create {type}") as log:
        return _new_application(
            log,
            actor,
            argument_map,
            type=type,
            scheme=scheme,
            note=note,
            key=key,
            status=status,
            application_id=application_id,
        )


def _new_application(log, actor, argument_map, *, type, scheme, note, key, status, application_id=None):
    require_choice(type, SchemeType, field="type")
    require_choice(status, ReviewStatus, field="status")
    check_settable_status(status)
    check_scheme_applies(scheme, type)
    application = SchemeApplication(
        workspace_id=argument_map.workspace_id,
        map=argument_map,
        type=type,
        scheme=scheme,
        note=note,
        key=key,
        status=status,
    )
    if application_id is not None:
        application.id = application_id
    save_new(log, application, actor, tags=[])
    return application


def update_scheme_application(
    *, actor: AbstractBaseUser | None, application: SchemeApplication, expected_version: int | None, **changes: object
) -> SchemeApplication:
    check_scheme_applies(changes.get("scheme"), application.type)
    with recorded_write(actor=actor, summary=f"update {application.type} {application.pk}") as log:
        return apply_update(
            log,
            SchemeApplication,
            application.pk,
            actor=actor,
            expected_version=expected_version,
            changes=changes,
            allowed={"scheme", "note", "key"},
        )


def delete_scheme_application(
    *, actor: AbstractBaseUser | None, application: SchemeApplication, expected_version: int | None
) -> dict[str, int]:
    """Delete an S-node with its edges, and the conflicts that only undercut it."""
    with recorded_write(actor=actor, summary=f"delete {application.type} {application.pk}") as log:
        lock_current(SchemeApplication, application.pk, expected_version)
        return delete_graph_nodes(log, statement_ids=set(), application_ids={application.pk})


def create_edge(
    *,
    actor: AbstractBaseUser | None,
    application: SchemeApplication,
    role: str,
    statement: Statement | None = None,
    other_application: SchemeApplication | None = None,
    confirm_cycle: bool = False,
) -> Edge:
    with recorded_write(actor=actor, summary=f"create {role} edge") as log:
        locked = SchemeApplication.objects.select_for_update().get(pk=application.pk)
        if not confirm_cycle and locked.type == SchemeType.INFERENCE and statement is not None:
            if role == EdgeRole.ANTECEDENT:
                conclusion = Statement.objects.filter(
                    edges__application=locked, edges__role=EdgeRole.CONSEQUENT
                ).first()
                if conclusion is not None:
                    _refuse_support_cycle(actor, conclusion, [statement])
            else:
                premises = list(Statement.objects.filter(edges__application=locked, edges__role=EdgeRole.ANTECEDENT))
                _refuse_support_cycle(actor, statement, premises)
        edge = _new_edge(log, actor, locked, role=role, statement=statement, other_application=other_application)
        reopen_review(log, SchemeApplication, locked.pk, actor=actor)
        return edge


def _new_edge(
    log, actor, application, *, role, statement=None, other_application=None, edge_id=None, checked=False
) -> Edge:
    """One edge; ``checked`` when the whole scheme application was checked at once (:func:`check_step`)."""
    require_choice(role, EdgeRole, field="role")
    if not checked:
        _check_edge(application, role, statement, other_application)
    edge = Edge(
        workspace_id=application.workspace_id,
        map_id=application.map_id,
        application=application,
        role=role,
        statement=statement,
        other_application=other_application,
    )
    if edge_id is not None:
        edge.id = edge_id
    save_new(log, edge, actor)
    return edge


def _check_edge(
    application: SchemeApplication, role: str, statement: Statement | None, other: SchemeApplication | None
) -> None:
    check_one_far_end(statement, other)
    far = statement or other
    check_same_map(application.map_id, far.map_id)
    existing = Edge.objects.filter(application=application).values_list("role", "statement_id", "other_application_id")
    tally = EdgeTally((edge_role, statement_id or other_id) for edge_role, statement_id, other_id in existing)
    check_edge(application.type, role, far_id=far.pk, far_kind=_kind(far), tally=tally, application_id=application.pk)


def _refuse_support_cycle(actor, conclusion: Statement, premises: Sequence[Statement]) -> None:
    if actor is None or not premises:
        return
    if supports_reach(actor, map_id=conclusion.map_id, start=conclusion.pk, targets=[p.pk for p in premises]):
        raise RuleViolation(
            f"“{conclusion.text[:80]}” already supports this premise through other inferences, so this "
            "support would be circular. Confirm to create the cycle anyway.",
            rule="support_cycle",
            field="premises",
        )


def _kind(node: Statement | SchemeApplication) -> str:
    return STATEMENT if isinstance(node, Statement) else node.type


def _end(node: Statement | SchemeApplication) -> tuple:
    return node.pk, _kind(node)


def create_argument(
    *,
    actor: AbstractBaseUser | None,
    premises: Sequence[Statement],
    conclusion: Statement,
    scheme: Scheme | None = None,
    note: str = "",
    key: str = "",
    status: str = ReviewStatus.DRAFT,
    application_id: object = None,
    confirm_cycle: bool = False,
) -> SchemeApplication:
    """Premises → inference (RA) → conclusion, all in one transaction.

    A support that closes a cycle (the conclusion already supports a premise) is
    refused (``support_cycle``) unless ``confirm_cycle``: legal AIF, usually a mistake.
    """
    premises = list(premises)
    check_step(SchemeType.INFERENCE, [_end(p) for p in premises], _end(conclusion), field="premises")
    _check_one_map(conclusion.map_id, premises)
    if not confirm_cycle:
        _refuse_support_cycle(actor, conclusion, premises)
    with recorded_write(actor=actor, summary="create argument") as log:
        inference = _new_application(
            log,
            actor,
            conclusion.map,
            type=SchemeType.INFERENCE,
            scheme=scheme,
            note=note,
            key=key,
            status=status,
            application_id=application_id,
        )
        _add_edges(log, actor, inference, antecedents=premises, consequent=conclusion)
    return inference


def create_attack(
    *,
    actor: AbstractBaseUser | None,
    attacker: Statement,
    target: Statement | SchemeApplication,
    scheme: Scheme | None = None,
    note: str = "",
    key: str = "",
    status: str = ReviewStatus.DRAFT,
    application_id: object = None,
) -> SchemeApplication:
    """Attacker → conflict (CA) → target, in one transaction.

    A statement target is rebutted (a conclusion) or undermined (a premise); an
    inference target is undercut; a conflict target is itself attacked (AIF CA → CA).
    """
    check_step(SchemeType.CONFLICT, [_end(attacker)], _end(target), field="target")
    _check_one_map(attacker.map_id, [target])
    with recorded_write(actor=actor, summary="create attack") as log:
        conflict = _new_application(
            log,
            actor,
            attacker.map,
            type=SchemeType.CONFLICT,
            scheme=scheme,
            note=note,
            key=key,
            status=status,
            application_id=application_id,
        )
        _add_edges(log, actor, conflict, antecedents=[attacker], consequent=target)
    return conflict


def create_rephrase(
    *,
    actor: AbstractBaseUser | None,
    original: Statement,
    rephrase: Statement,
    note: str = "",
    key: str = "",
    application_id: object = None,
) -> SchemeApplication:
    """Original → rephrase (MA) → reformulation."""
    return _create_single_step(
        actor, SchemeType.REPHRASE, original, rephrase, note=note, key=key, application_id=application_id
    )


def create_preference(
    *,
    actor: AbstractBaseUser | None,
    preferred: Statement | SchemeApplication,
    dispreferred: Statement | SchemeApplication,
    note: str = "",
    key: str = "",
    application_id: object = None,
) -> SchemeApplication:
    """Preferred → preference (PA) → dispreferred."""
    return _create_single_step(
        actor, SchemeType.PREFERENCE, preferred, dispreferred, note=note, key=key, application_id=application_id
    )


def _create_single_step(
    actor, type: str, antecedent, consequent, *, note: str, key: str, application_id
) -> SchemeApplication:
    """A scheme application with exactly one antecedent and its consequent, in one transaction."""
    check_step(type, [_end(antecedent)], _end(consequent))
    _check_one_map(antecedent.map_id, [consequent])
    with recorded_write(actor=actor, summary=f"create {type}") as log:
        application = _new_application(
            log,
            actor,
            antecedent.map,
            type=type,
            scheme=None,
            note=note,
            key=key,
            status=ReviewStatus.DRAFT,
            application_id=application_id,
        )
        _add_edges(log, actor, application, antecedents=[antecedent], consequent=consequent)
    return application


def _add_edges(log: ChangeLog, actor, application, *, antecedents, consequent) -> None:
    """The edges of a new scheme application, checked as a whole by :func:`check_step` beforehand."""
    for node in antecedents:
        _new_edge(log, actor, application, role=EdgeRole.ANTECEDENT, checked=True, **_far_end(node))
    _new_edge(log, actor, application, role=EdgeRole.CONSEQUENT, checked=True, **_far_end(consequent))


def _far_end(node: Statement | SchemeApplication) -> dict:
    if isinstance(node, Statement):
        return {"statement": node}
    return {"other_application": node}


def _check_one_map(map_id: object, nodes: Sequence[Statement | SchemeApplication]) -> None:
    check_same_map(map_id, *(node.map_id for node in nodes))


def delete_edge(*, actor: AbstractBaseUser | None, edge: Edge, expected_version: int | None) -> None:
    """Remove one edge, unless it is the last of its role on a complete S-node.

    Taking the only premise or the conclusion away from a complete inference
    would leave a node that means nothing; the caller deletes the scheme
    application instead, which says what it removes.
    """
    with recorded_write(actor=actor, summary=f"delete edge {edge.pk}") as log:
        current = lock_current(Edge, edge.pk, expected_version)
        application = SchemeApplication.objects.select_for_update().get(pk=current.application_id)
        roles = list(Edge.objects.filter(application_id=current.application_id).values_list("role", flat=True))
        complete = is_complete(
            application.type,
            consequents=roles.count(EdgeRole.CONSEQUENT),
            antecedents=roles.count(EdgeRole.ANTECEDENT),
        )
        if complete and roles.count(current.role) == 1:
            raise RuleViolation(
                f"This is the scheme application's only {current.role}; delete the scheme application instead.",
                rule="complete_node_keeps_its_edges",
            )
        log.deleted(current)
        current.delete()
        reopen_review(log, SchemeApplication, application.pk, actor=actor)


__all__ = [
    "create_argument",
    "create_attack",
    "create_edge",
    "create_preference",
    "create_rephrase",
    "create_scheme_application",
    "delete_edge",
    "delete_scheme_application",
    "update_scheme_application",
]
