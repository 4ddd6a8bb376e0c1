"""AIF edge rules: what a scheme application (S-node) may be joined to, and when it is complete.

An edge joins a scheme application to one far end: a statement, which every
role of every type may have, or another scheme application where
:data:`APPLICATION_ENDS` allows it. A conflict may target a statement (rebut or
undermine), an inference (undercut) or another conflict (AIF's CA → CA); a
preference may prefer and disprefer inferences and conflicts as well as
statements. A scheme application has exactly one consequent, a rephrase or
preference exactly one antecedent, and no node joins it twice in one role nor,
except for a conflict, in both roles: a statement that attacks itself (AIF's
CA whose attacker is its target, common in AIFdb corpora) is a self-attacking
argument, which every semantics handles. It is complete with its consequent and
at least one antecedent.

The checks are pure: the caller says what the scheme application has so far
(an :class:`EdgeTally`), so the services read it from the database, the bulk
importer keeps it in memory and the verifier counts what is stored.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Sequence

from argmap.errors import InvalidInput, RuleViolation
from argmap.models import EdgeRole, SchemeType

#: The far kind of an edge whose far end is a statement (else the far end's scheme type).
STATEMENT = "statement"

#: AIF's node type for each scheme type.
AIF_NODE_TYPES = {
    SchemeType.INFERENCE: "RA",
    SchemeType.CONFLICT: "CA",
    SchemeType.REPHRASE: "MA",
    SchemeType.PREFERENCE: "PA",
}

#: What a scheme application's far ends may be besides statements, per (type, role).
APPLICATION_ENDS: dict[tuple[str, str], frozenset[str]] = {
    (SchemeType.CONFLICT, EdgeRole.CONSEQUENT): frozenset({SchemeType.INFERENCE, SchemeType.CONFLICT}),
    (SchemeType.PREFERENCE, EdgeRole.ANTECEDENT): frozenset({SchemeType.INFERENCE, SchemeType.CONFLICT}),
    (SchemeType.PREFERENCE, EdgeRole.CONSEQUENT): frozenset({SchemeType.INFERENCE, SchemeType.CONFLICT}),
}

#: Types with a fixed number of antecedents.
MAX_ANTECEDENTS = {SchemeType.REPHRASE: 1, SchemeType.PREFERENCE: 1}

#: The message when a node would be both an antecedent and the consequent of one scheme application
#: (rule ``no_circular_step``); a conflict may have one node in both roles: a self-attack.
_CIRCULAR = {
    SchemeType.INFERENCE: "The conclusion cannot also be one of its premises.",
    SchemeType.REPHRASE: "A statement cannot rephrase itself.",
    SchemeType.PREFERENCE: "A node cannot be preferred to itself.",
}
_EMPTY: frozenset[str] = frozenset()


class EdgeTally:
    """The edges one scheme application has so far: how many of each role, and each far end's roles."""

    __slots__ = ("antecedents", "consequents", "ends")

    def __init__(self, edges: Iterable[tuple[str, Hashable]] = ()):
        self.antecedents = 0
        self.consequents = 0
        self.ends: dict[Hashable, set[str]] = {}
        for role, far_id in edges:
            self.add(role, far_id)

    def add(self, role: str, far_id: Hashable) -> None:
        if role == EdgeRole.CONSEQUENT:
            self.consequents += 1
        else:
            self.antecedents += 1
        self.ends.setdefault(far_id, set()).add(role)


def may_join(kind: str, role: str, far_kind: str) -> bool:
    """Whether a ``kind`` scheme application's ``role`` edge may end at a ``far_kind`` node."""
    return far_kind == STATEMENT or far_kind in APPLICATION_ENDS.get((kind, role), _EMPTY)


def check_far_end(kind: str, role: str, far_kind: str, *, field: str | None = None) -> None:
    if not may_join(kind, role, far_kind):
        allowed = APPLICATION_ENDS.get((kind, role), _EMPTY)
        raise RuleViolation(
            f"{_a(kind).capitalize()}'s {role} must be a statement"
            + (f" or {_a(' / '.join(sorted(allowed)))}" if allowed else "")
            + f", not {_a(far_kind)}. Statements join through scheme applications only.",
            rule="aif_edge_types",
            field=field,
        )


def check_one_far_end(statement: object, other_application: object) -> None:
    """An edge names exactly one far end: a statement or another scheme application."""
    if bool(statement) == bool(other_application):
        raise InvalidInput(
            "An edge joins its scheme application to exactly one statement or one other scheme application.",
            rule="edge_has_one_far_end",
        )


def check_same_map(map_id: object, *far_map_ids: object, field: str | None = None) -> None:
    if any(far != map_id for far in far_map_ids):
        raise RuleViolation(
            "All nodes joined by a scheme application must belong to its map: edges cannot cross maps or workspaces.",
            rule="edge_within_map",
            field=field,
        )


def check_edge(
    kind: str,
    role: str,
    *,
    far_id: Hashable,
    far_kind: str,
    tally: EdgeTally,
    application_id: Hashable = None,
    field: str | None = None,
) -> None:
    """Every rule a new ``role`` edge from a ``kind`` scheme application to ``far_id`` must pass,
    given the edges it has so far (``tally``)."""
    if application_id is not None and far_id == application_id:
        raise RuleViolation("A scheme application cannot be joined to itself.", rule="no_self_edge", field=field)
    check_far_end(kind, role, far_kind, field=field)
    if role == EdgeRole.CONSEQUENT and tally.consequents:
        raise RuleViolation(
            f"This {kind} already has its consequent; a scheme application has exactly one.",
            rule="one_consequent",
            field=field,
        )
    limit = MAX_ANTECEDENTS.get(kind)
    if role == EdgeRole.ANTECEDENT and limit is not None and tally.antecedents >= limit:
        raise RuleViolation(f"A {kind} has exactly {limit} antecedent.", rule="antecedent_count", field=field)
    joined = tally.ends.get(far_id, ())
    if role in joined:
        raise RuleViolation(
            "That edge exists already: a node joins a scheme application once.", rule="duplicate_edge", field=field
        )
    if joined and kind in _CIRCULAR:
        raise RuleViolation(_CIRCULAR[kind], rule="no_circular_step", field=field)


def check_step(
    kind: str,
    antecedents: Sequence[tuple[Hashable, str]],
    consequent: tuple[Hashable, str],
    *,
    field: str | None = None,
) -> None:
    """A whole new scheme application at once (premises → inference → conclusion, attacker → conflict →
    target, …): ``(id, far kind)`` of each antecedent and of the consequent. Complete, and every edge
    passes :func:`check_edge`."""
    check_complete(kind, consequents=1, antecedents=len(antecedents), field=field)
    tally = EdgeTally()
    for role, ends in ((EdgeRole.ANTECEDENT, antecedents), (EdgeRole.CONSEQUENT, [consequent])):
        for far_id, far_kind in ends:
            check_edge(kind, role, far_id=far_id, far_kind=far_kind, tally=tally, field=field)
            tally.add(role, far_id)


def is_complete(kind: str, *, consequents: int, antecedents: int) -> bool:
    """Exactly one consequent and at least one antecedent (exactly the fixed number, where there is one)."""
    limit = MAX_ANTECEDENTS.get(kind)
    return consequents == 1 and antecedents >= 1 and (limit is None or antecedents <= limit)


def check_complete(kind: str, *, consequents: int, antecedents: int, field: str | None = None) -> None:
    if not is_complete(kind, consequents=consequents, antecedents=antecedents):
        limit = MAX_ANTECEDENTS.get(kind)
        premises = f"exactly {limit} premise" if limit else "at least one premise"
        raise InvalidInput(
            f"{_a(kind).capitalize()} needs exactly one conclusion and {premises} (consequent and antecedent edges; "
            f"it has {consequents} and {antecedents}).",
            rule="complete_scheme_application",
            field=field,
        )


def _a(noun: str) -> str:
    return f"{'an' if noun[:1] in 'aeiou' else 'a'} {noun}"
