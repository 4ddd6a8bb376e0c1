"""Batched reads of what sits next to given nodes, as objects or plain rows, for per-request DataLoaders.

:mod:`argmap.selectors.graph` answers "which scheme applications support or
attack these statements" with ids; this module turns those answers into the
neighbouring objects an API renders (the conclusions supported, the attacks
with their targets and kinds), each function for many keys at once in a fixed
number of queries. So asking for the neighbours of every statement in a map
costs the same at ten statements as at a thousand.

Every function takes the ``user`` it reads for and goes through the
``visible_*_for`` selectors, so what access rules hide (blind independent
annotation hides other annotators' drafts) stays hidden here too. Callers pass
keys of objects already found visible.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import F, Model, QuerySet
from django.db.models.expressions import RawSQL

from argmap.models import Anchor, CriticalQuestion, EdgeRole, SchemeApplication, SchemeType, Statement

from . import graph
from .access import (
    visible_anchors_for,
    visible_documents_for,
    visible_edges_for,
    visible_evidence_links_for,
    visible_tags_for,
)


@dataclass(frozen=True)
class Attack:
    """One attacker → conflict (CA) → target step; ``kind`` is rebut, undermine or undercut.

    Objects, or plain rows (``{attname: value}``) from :func:`attacks_on_statements`."""

    conflict: SchemeApplication | dict
    attacker: Statement | dict
    target: Statement | SchemeApplication | dict
    kind: str


def _grouped(rows: Iterable, key: str) -> dict:
    groups: dict = defaultdict(list)
    for row in rows:
        groups[getattr(row, key)].append(row)
    return groups


def _edges_of(user, application_ids: Iterable, role: str) -> dict:
    """``{application_id: [visible Edge, …]}`` of one role, both ends loaded (one query)."""
    edges = (
        visible_edges_for(user)
        .filter(application_id__in=list(application_ids), role=role)
        .select_related("application", "statement", "other_application")
    )
    return _grouped(edges, "application_id")


def _far_end(edge) -> Statement | SchemeApplication:
    return edge.statement if edge.statement_id else edge.other_application


def _one_array(keys: Iterable) -> RawSQL | list:
    """The keys of a large batch as one ``uuid[]`` parameter (``IN (SELECT unnest(%s))``), not one placeholder each:
    a 1,000-key batch is then one short statement to bind and parse."""
    keys = list(keys)
    if len(keys) < ARRAY_FROM:
        return keys
    return RawSQL("SELECT unnest(%s::uuid[])", (keys,))


#: Batches of this many keys or more go as one array parameter.
ARRAY_FROM = 50


def _attnames(model: type[Model]) -> tuple[str, ...]:
    return tuple(field.attname for field in model._meta.concrete_fields)


def _row(names: tuple[str, ...], values: tuple, start: int) -> dict:
    """One plain row (``{attname: value}``) from ``values[start:]``."""
    return dict(zip(names, values[start : start + len(names)], strict=False))


def anchors_on(statement_ids, user) -> QuerySet:
    """The visible anchors of ``statement_ids`` (values or a subquery), in the model's order (by document)."""
    return visible_anchors_for(user).filter(statement_id__in=statement_ids)


def anchors_of(statement_ids: Iterable, *, user) -> dict:
    """``{statement_id: [anchor row, …]}`` in document order: plain rows (``{attname: value}``), one query."""
    names = _attnames(Anchor)
    groups: dict = defaultdict(list)
    for row in anchors_on(_one_array(statement_ids), user).values(*names):
        groups[row["statement_id"]].append(row)
    return groups


def evidence_of(statement_ids: Iterable, *, user) -> dict:
    """``{statement_id: [EvidenceLink, …]}`` with each link's source loaded."""
    links = visible_evidence_links_for(user).filter(statement_id__in=list(statement_ids)).select_related("source")
    return _grouped(links, "statement_id")


def _by_owner(queryset: QuerySet, relation: str, owner_ids: Iterable) -> dict:
    """Group rows of a many-to-many by the owner on the other side (one row per pair, one query)."""
    rows = queryset.filter(**{f"{relation}__in": list(owner_ids)}).annotate(owner_id=F(relation))
    return _grouped(rows, "owner_id")


def tags_of_statements(statement_ids: Iterable, *, user) -> dict:
    return _by_owner(visible_tags_for(user), "statements", statement_ids)


def tags_of_applications(application_ids: Iterable, *, user) -> dict:
    return _by_owner(visible_tags_for(user), "scheme_applications", application_ids)


def documents_of_maps(map_ids: Iterable, *, user) -> dict:
    return _by_owner(visible_documents_for(user), "maps", map_ids)


def critical_questions_of(scheme_ids: Iterable, *, user) -> dict:
    """Critical questions are reference data, the same for everyone."""
    return _grouped(CriticalQuestion.objects.filter(scheme_id__in=list(scheme_ids)), "scheme_id")


def edges_of_applications(application_ids: Iterable, *, user) -> dict:
    """``{application_id: [Edge, …]}`` in creation order."""
    return _grouped(visible_edges_for(user).filter(application_id__in=list(application_ids)), "application_id")


def edges_of_statements(statement_ids: Iterable, *, user) -> dict:
    return _grouped(visible_edges_for(user).filter(statement_id__in=list(statement_ids)), "statement_id")


def premises_of(application_ids: Iterable, *, user) -> dict:
    """``{application_id: [Statement, …]}``: the statements an S-node's antecedent edges come from."""
    return {
        app_id: [edge.statement for edge in edges if edge.statement_id]
        for app_id, edges in _edges_of(user, application_ids, EdgeRole.ANTECEDENT).items()
    }


def conclusions_of(application_ids: Iterable, *, user) -> dict:
    """``{application_id: Statement}`` for the S-nodes whose consequent is a statement."""
    return {
        app_id: edges[0].statement
        for app_id, edges in _edges_of(user, application_ids, EdgeRole.CONSEQUENT).items()
        if edges[0].statement_id
    }


def target_applications_of(application_ids: Iterable, *, user) -> dict:
    """``{application_id: SchemeApplication}`` for S-nodes whose consequent is another S-node (an undercut's)."""
    return {
        app_id: edges[0].other_application
        for app_id, edges in _edges_of(user, application_ids, EdgeRole.CONSEQUENT).items()
        if edges[0].other_application_id
    }


def conflict_kinds_of(application_ids: Iterable, *, user) -> dict:
    """``{conflict_id: rebut | undermine | undercut}``; other S-nodes are left out."""
    return graph.conflict_kinds(application_ids, user=user)


def across_inferences(statement_ids, user, *, own_role: str, far_role: str) -> QuerySet:
    """The far edges (visible to ``user``) of the inferences whose ``own_role`` end is one of ``statement_ids``
    (values or a subquery), each joined once per own edge: ``application__edges__…`` names the own edge.

    The statement's own edge is any edge (as :func:`graph.supports_of` reads it); the far edge and its
    statement are the user's visible ones."""
    return visible_edges_for(user).filter(
        role=far_role,
        statement__isnull=False,
        application__type=SchemeType.INFERENCE,
        application__edges__role=own_role,
        application__edges__statement_id__in=statement_ids,
    )


#: The order of :func:`across_inferences`' rows: the own edges' creation order, then the far edges'.
ACROSS_ORDER = ("application__edges__created_at", "application__edges__id", "created_at", "id")


def _across_inferences(statement_ids: Iterable, user, *, own_role: str, far_role: str) -> dict:
    """``{statement_id: [statement row, …]}``: the statements at the ``far_role`` end of the inferences each
    statement is at the ``own_role`` end of (:func:`across_inferences`), one query, each far statement once
    per key, in :data:`ACROSS_ORDER`.
    """
    names = _attnames(Statement)
    found = (
        across_inferences(_one_array(statement_ids), user, own_role=own_role, far_role=far_role)
        .order_by(*ACROSS_ORDER)
        .values_list("application__edges__statement_id", *(f"statement__{name}" for name in names))
    )
    groups: dict = defaultdict(dict)
    for values in found:
        seen = groups[values[0]]
        if values[1] not in seen:
            seen[values[1]] = _row(names, values, 1)
    return {pk: list(rows.values()) for pk, rows in groups.items()}


def supports_of(statement_ids: Iterable, *, user) -> dict:
    """``{statement_id: [statement row, …]}``: the conclusions each statement is a premise for (one query)."""
    return _across_inferences(statement_ids, user, own_role=EdgeRole.ANTECEDENT, far_role=EdgeRole.CONSEQUENT)


def supported_by_of(statement_ids: Iterable, *, user) -> dict:
    """``{statement_id: [statement row, …]}``: the premises of the inferences concluding each statement (one query)."""
    return _across_inferences(statement_ids, user, own_role=EdgeRole.CONSEQUENT, far_role=EdgeRole.ANTECEDENT)


def attacks_by(statement_ids: Iterable, *, user) -> dict:
    """``{statement_id: [Attack, …]}``: what each statement attacks, through its conflicts (three queries)."""
    attacking = _grouped(
        visible_edges_for(user)
        .filter(statement_id__in=list(statement_ids), role=EdgeRole.ANTECEDENT, application__type=SchemeType.CONFLICT)
        .select_related("statement"),
        "statement_id",
    )
    conflict_ids = {edge.application_id for edges in attacking.values() for edge in edges}
    targets = _edges_of(user, conflict_ids, EdgeRole.CONSEQUENT)
    kinds = graph.conflict_kinds(conflict_ids, user=user)
    attacks: dict = defaultdict(list)
    for pk, edges in attacking.items():
        for own in edges:
            for target in targets.get(own.application_id, ()):
                attacks[pk].append(
                    Attack(
                        conflict=target.application,
                        attacker=own.statement,
                        target=_far_end(target),
                        kind=kinds[own.application_id],
                    )
                )
    return attacks


def _attacks_on(node_ids: Iterable, user, target_field: str) -> dict:
    incoming = list(
        visible_edges_for(user)
        .filter(
            **{f"{target_field}__in": list(node_ids)}, role=EdgeRole.CONSEQUENT, application__type=SchemeType.CONFLICT
        )
        .select_related("application", "statement", "other_application")
    )
    conflict_ids = {edge.application_id for edge in incoming}
    attackers = _edges_of(user, conflict_ids, EdgeRole.ANTECEDENT)
    kinds = graph.conflict_kinds(conflict_ids, user=user)
    attacks: dict = defaultdict(list)
    for edge in incoming:
        for attacker in attackers.get(edge.application_id, ()):
            if attacker.statement_id:
                attacks[getattr(edge, target_field)].append(
                    Attack(
                        conflict=edge.application,
                        attacker=attacker.statement,
                        target=_far_end(edge),
                        kind=kinds[edge.application_id],
                    )
                )
    return attacks


def attacks_on(statement_ids, user) -> QuerySet:
    """The visible consequent edges of conflicts into ``statement_ids`` (values or a subquery), each joined once
    per visible antecedent edge from a statement (``application__edges__…``: the attacker's edge), with
    ``concluded``: whether an inference the reader sees concludes the target (the input of
    :func:`graph.conflict_kind`; a hidden inference must not make the attack a rebut)."""
    attackers = visible_edges_for(user).filter(role=EdgeRole.ANTECEDENT, statement__isnull=False)
    return (
        visible_edges_for(user)
        .filter(
            statement_id__in=statement_ids,
            role=EdgeRole.CONSEQUENT,
            application__type=SchemeType.CONFLICT,
            application__edges__in=attackers,
        )
        .annotate(concluded=graph.concluded_among(visible_edges_for(user)))
    )


#: The order of :func:`attacks_on`'s rows: the edges into the statements by creation, then each conflict's attackers'.
ATTACKS_ORDER = ("created_at", "id", "application__edges__created_at", "application__edges__id")


def attacks_on_statements(statement_ids: Iterable, *, user) -> dict:
    """``{statement_id: [Attack, …]}``: the rebuttals and underminers of each statement, one query
    (:func:`attacks_on`, in :data:`ATTACKS_ORDER`).

    The Attack's conflict, attacker and target are plain rows (``{attname: value}``). The kind is the one
    :func:`graph.conflict_kind` gives the conflict's edge into the statement.
    """
    statements, applications = _attnames(Statement), _attnames(SchemeApplication)
    found = (
        attacks_on(_one_array(statement_ids), user)
        .order_by(*ATTACKS_ORDER)
        .values_list(
            "concluded",
            *(f"statement__{name}" for name in statements),
            *(f"application__{name}" for name in applications),
            *(f"application__edges__statement__{name}" for name in statements),
        )
    )
    attacks: dict = defaultdict(list)
    conflict_at, attacker_at = 1 + len(statements), 1 + len(statements) + len(applications)
    for values in found:
        target = _row(statements, values, 1)
        attacks[target["id"]].append(
            Attack(
                conflict=_row(applications, values, conflict_at),
                attacker=_row(statements, values, attacker_at),
                target=target,
                kind=graph.conflict_kind(
                    targets_application=False, target_is_conclusion=values[0], target_kind=target["kind"]
                ),
            )
        )
    return attacks


def attacks_on_applications(application_ids: Iterable, *, user) -> dict:
    """``{application_id: [Attack, …]}``: the undercutters of each scheme application (three queries)."""
    return _attacks_on(application_ids, user, "other_application_id")


def supports_reach(user, *, map_id: object, start: object, targets: Iterable[object]) -> bool:
    """Whether ``start`` supports, through a chain of inferences the user can see, any of ``targets``.

    Adding an inference from those targets to ``start`` would then close a cycle of
    support: legal in AIF, usually a mistake, so writes ask for a confirmation.
    One query over the map's inference edges, walked in memory.
    """
    targets = {str(t) for t in targets}
    rows = (
        visible_edges_for(user)
        .filter(map_id=map_id, application__type=SchemeType.INFERENCE, statement__isnull=False)
        .values_list("application_id", "role", "statement_id")
    )
    premises_of: dict[str, set[str]] = defaultdict(set)
    conclusion_of: dict[str, str] = {}
    for application_id, role, statement_id in rows:
        if role == EdgeRole.CONSEQUENT:
            conclusion_of[str(application_id)] = str(statement_id)
        else:
            premises_of[str(application_id)].add(str(statement_id))
    supports: dict[str, set[str]] = defaultdict(set)
    for application_id, premises in premises_of.items():
        conclusion = conclusion_of.get(application_id)
        if conclusion:
            for premise in premises:
                supports[premise].add(conclusion)
    seen, frontier = {str(start)}, [str(start)]
    while frontier:
        node = frontier.pop()
        if node in targets:
            return True
        for nxt in supports[node] - seen:
            seen.add(nxt)
            frontier.append(nxt)
    return False
