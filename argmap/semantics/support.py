"""Support-aware acceptability (Carneades-style), as a three-valued least fixpoint.

The exact rules (docs/semantics.md repeats them with an example):

* A conflict **holds** when all its attackers are acceptable, no conflict on
  it holds, and no preference overrules it (its target preferred to it or to
  one of its attackers).
* An inference **applies** when all its premises are acceptable and no
  conflict on it (an undercut) holds. A rephrase applies when its original
  statement is acceptable.
* A statement is **assumed** when nothing concludes it (the document states it
  without argument) or when it cites evidence (an evidence link to a source).
* A statement is **acceptable** when no conflict on it holds (rebut or
  undermine) and it is assumed or some inference or rephrase concluding it applies.

Each node starts UNDEC and settles to IN (true) or OUT (false) under Kleene's
three-valued logic; what a cycle leaves unsettled stays UNDEC. The rules are
monotone, so the worklist below reaches the least fixpoint whatever its order.
"""

from __future__ import annotations

from collections import defaultdict, deque
from collections.abc import Iterable

from .dung import Label
from .graph import APPLICATION, STATEMENT, ArgumentGraph, NodeRef

IN, OUT, UNDEC = Label.IN, Label.OUT, Label.UNDEC


def _all(values: Iterable[Label]) -> Label:
    values = list(values)
    if any(v == OUT for v in values):
        return OUT
    return IN if all(v == IN for v in values) else UNDEC


def _any(values: Iterable[Label]) -> Label:
    values = list(values)
    if any(v == IN for v in values):
        return IN
    return OUT if all(v == OUT for v in values) else UNDEC


def _not(value: Label) -> Label:
    return {IN: OUT, OUT: IN, UNDEC: UNDEC}[value]


def support_labelling(graph: ArgumentGraph) -> dict[NodeRef, Label]:
    """IN / OUT / UNDEC for every statement and every inference, conflict and rephrase."""
    concluding = graph.concluding()
    attacks_on = graph.attacks_on()
    overruled = graph.conflicts_overruled_by_preference()
    nodes: list[NodeRef] = [(STATEMENT, sid) for sid in graph.statements]
    nodes += [(APPLICATION, aid) for aid, row in graph.applications.items() if row["type"] != "preference"]

    def inputs(node: NodeRef) -> list[NodeRef]:
        family, ident = node
        attackers = [(APPLICATION, c) for c in attacks_on.get(node, [])]
        if family == STATEMENT:
            return attackers + [(APPLICATION, a) for a in concluding.get(ident, [])]
        return attackers + list(graph.antecedents[ident])

    def evaluate(node: NodeRef, label: dict[NodeRef, Label]) -> Label:
        family, ident = node
        unchallenged = _not(_any(label[(APPLICATION, c)] for c in attacks_on.get(node, [])))
        if family == STATEMENT:
            assumed = ident in graph.evidenced or not concluding.get(ident)
            supported = IN if assumed else _any(label[(APPLICATION, a)] for a in concluding[ident])
            return _all([unchallenged, supported])
        if graph.applications[ident]["type"] == "conflict" and ident in overruled:
            return OUT
        return _all([unchallenged, *(label[a] for a in graph.antecedents[ident])])

    dependents: dict[NodeRef, list[NodeRef]] = defaultdict(list)
    for node in nodes:
        for source in inputs(node):
            dependents[source].append(node)
    label = dict.fromkeys(nodes, UNDEC)
    queue = deque(nodes)
    while queue:
        node = queue.popleft()
        if label[node] != UNDEC:
            continue
        value = evaluate(node, label)
        if value != UNDEC:
            label[node] = value
            queue.extend(d for d in dependents[node] if label[d] == UNDEC)
    return label
