"""Scheme applications (AIF S-nodes) and the edges that join them to statements.

The AIF rules live here: an edge always has a scheme application at one end;
an inference or conflict has exactly one consequent and at least one
antecedent; a conflict may target a statement (rebut / undermine) or an
inference (undercut); nothing crosses maps.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.contrib.auth.models import AbstractBaseUser

from argmap.errors import InvalidInput, RuleViolation
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

from ._common import apply_update, require_choice, save_new
from .history import ChangeLog, lock_current, recorded_write
from .statements import delete_graph_nodes

#: What a scheme application's far ends may be, besides statements.
APPLICATION_ENDS = {
    (SchemeType.CONFLICT, EdgeRole.CONSEQUENT): {SchemeType.INFERENCE, SchemeType.CONFLICT},
    (SchemeType.PREFERENCE, EdgeRole.ANTECEDENT): {SchemeType.INFERENCE, SchemeType.CONFLICT},
    (SchemeType.PREFERENCE, EdgeRole.CONSEQUENT): {SchemeType.INFERENCE, SchemeType.CONFLICT},
}
MAX_ANTECEDENTS = {SchemeType.REPHRASE: 1, SchemeType.PREFERENCE: 1}


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
    if scheme is not None and scheme.applies_to != type:
        raise RuleViolation(
            f"Scheme {scheme.key!r} applies to {scheme.applies_to} nodes, not {type}.",
            rule="scheme_matches_type",
            field="scheme",
        )
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
    scheme = changes.get("scheme")
    if scheme is not None and scheme.applies_to != application.type:
        raise RuleViolation(
            f"Scheme {scheme.key!r} applies to {scheme.applies_to} nodes, not {application.type}.",
            rule="scheme_matches_type",
            field="scheme",
        )
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
) -> Edge:
    with recorded_write(actor=actor, summary=f"create {role} edge") as log:
        locked = SchemeApplication.objects.select_for_update().get(pk=application.pk)
        return _new_edge(log, actor, locked, role=role, statement=statement, other_application=other_application)


def _new_edge(log, actor, application, *, role, statement=None, other_application=None, edge_id=None) -> Edge:
    require_choice(role, EdgeRole, field="role")
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
    if (statement is None) == (other is None):
        raise InvalidInput(
            "An edge joins its scheme application to exactly one statement or one other scheme application.",
            rule="edge_has_one_far_end",
        )
    far = statement or other
    if far.map_id != application.map_id:
        raise RuleViolation("Edges cannot cross maps or workspaces.", rule="edge_within_map")
    if other is not None:
        if other.pk == application.pk:
            raise RuleViolation("A scheme application cannot be joined to itself.", rule="no_self_edge")
        allowed = APPLICATION_ENDS.get((application.type, role), set())
        if other.type not in allowed:
            raise RuleViolation(
                f"A {application.type}'s {role} must be a statement"
                + (f" or a {' / '.join(sorted(allowed))}" if allowed else "")
                + f", not a {other.type}. Statements join through scheme applications only.",
                rule="aif_edge_types",
            )
    existing = list(Edge.objects.filter(application=application).values("role", "statement_id", "other_application_id"))
    if role == EdgeRole.CONSEQUENT and any(e["role"] == EdgeRole.CONSEQUENT for e in existing):
        raise RuleViolation(
            f"This {application.type} already has its consequent; an S-node has exactly one.",
            rule="one_consequent",
        )
    antecedents = [e for e in existing if e["role"] == EdgeRole.ANTECEDENT]
    limit = MAX_ANTECEDENTS.get(application.type)
    if role == EdgeRole.ANTECEDENT and limit is not None and len(antecedents) >= limit:
        raise RuleViolation(f"A {application.type} has exactly {limit} antecedent.", rule="antecedent_count")
    far_id = far.pk
    for e in existing:
        if (e["statement_id"] or e["other_application_id"]) == far_id:
            if e["role"] == role:
                raise RuleViolation("That edge exists already.", rule="duplicate_edge")
            raise RuleViolation(
                "A node cannot be both an antecedent and the consequent of the same scheme application.",
                rule="no_circular_step",
            )


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
) -> SchemeApplication:
    """Premises → inference (RA) → conclusion, all in one transaction."""
    premises = list(premises)
    if not premises:
        raise InvalidInput("An argument needs at least one premise.", field="premises", rule="antecedent_count")
    if len({p.pk for p in premises}) != len(premises):
        raise InvalidInput("A premise is listed twice.", field="premises", rule="duplicate_edge")
    if any(p.pk == conclusion.pk for p in premises):
        raise RuleViolation(
            "The conclusion cannot also be one of its premises.", field="premises", rule="no_circular_step"
        )
    _check_one_map(conclusion.map_id, premises)
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
    inference target is undercut.
    """
    if isinstance(target, Statement) and target.pk == attacker.pk:
        raise RuleViolation("A statement cannot attack itself.", field="target", rule="no_self_attack")
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
    if original.pk == rephrase.pk:
        raise RuleViolation("A statement cannot rephrase itself.", rule="no_circular_step")
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
    if preferred.pk == dispreferred.pk:
        raise RuleViolation("A node cannot be preferred to itself.", rule="no_circular_step")
    return _create_single_step(
        actor, SchemeType.PREFERENCE, preferred, dispreferred, note=note, key=key, application_id=application_id
    )


def _create_single_step(
    actor, type: str, antecedent, consequent, *, note: str, key: str, application_id
) -> SchemeApplication:
    """A scheme application with exactly one antecedent and its consequent, in one transaction."""
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
    for node in antecedents:
        _new_edge(log, actor, application, role=EdgeRole.ANTECEDENT, **_far_end(node))
    _new_edge(log, actor, application, role=EdgeRole.CONSEQUENT, **_far_end(consequent))


def _far_end(node: Statement | SchemeApplication) -> dict:
    if isinstance(node, Statement):
        return {"statement": node}
    return {"other_application": node}


def _check_one_map(map_id: object, nodes: Sequence[Statement | SchemeApplication]) -> None:
    if any(node.map_id != map_id for node in nodes):
        raise RuleViolation("All nodes of an argument must belong to the same map.", rule="edge_within_map")


def delete_edge(*, actor: AbstractBaseUser | None, edge: Edge, expected_version: int | None) -> None:
    """Remove one edge, unless it is the last of its role on a complete S-node.

    Taking the only premise or the conclusion away from a complete inference
    would leave a node that means nothing; the caller deletes the scheme
    application instead, which says what it removes.
    """
    with recorded_write(actor=actor, summary=f"delete edge {edge.pk}") as log:
        current = lock_current(Edge, edge.pk, expected_version)
        SchemeApplication.objects.select_for_update().filter(pk=current.application_id).first()
        roles = list(Edge.objects.filter(application_id=current.application_id).values_list("role", flat=True))
        complete = EdgeRole.ANTECEDENT in roles and EdgeRole.CONSEQUENT in roles
        if complete and roles.count(current.role) == 1:
            raise RuleViolation(
                f"This is the scheme application's only {current.role}; delete the scheme application instead.",
                rule="complete_node_keeps_its_edges",
            )
        log.deleted(current)
        current.delete()


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
