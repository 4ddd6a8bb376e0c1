"""From an argument map to a Dung framework (see docs/semantics.md for the rules and a worked example).

Arguments: every statement and every inference. Attacks come from conflict
nodes only: the attacker statement attacks the target statement (rebut or
undermine) or the target inference (undercut). Support (inference) edges are
not attacks, so this view is attack-only by design; the support-aware
semantics in :mod:`argmap.semantics.support` propagates through inferences.

A conflict with several attackers (a conjunctive attack), or one that is
itself attacked, is flattened with two kinds of auxiliary arguments so that
Dung semantics still apply: ``fails(c, a)`` is attacked by attacker ``a``
and attacks ``active(c)``; ``active(c)`` attacks the target and is attacked
by whatever attacks the conflict. Under grounded, preferred and stable
semantics ``active(c)`` is IN exactly when every attacker is IN and no
attack on the conflict succeeds; for a single unattacked attacker the chain
``a → fails → active → t`` labels ``a`` and ``t`` as the direct attack would.
A conflict overruled by a preference (its target is preferred to the
conflict or to one of its attackers) contributes no attack.
"""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass

from .dung import Framework, Label
from .graph import APPLICATION, STATEMENT, ArgumentGraph


@dataclass
class MapFramework:
    framework: Framework
    #: conflict id → the Dung argument whose label says whether the attack holds
    attack_argument: dict[str, Hashable]
    overruled: set[str]

    def statement_labels(self, labels: dict[Hashable, Label]) -> dict[str, str]:
        return {arg[1]: str(labels[arg]) for arg in self.framework.arguments if arg[0] == STATEMENT}

    def inference_labels(self, labels: dict[Hashable, Label]) -> dict[str, str]:
        return {arg[1]: str(labels[arg]) for arg in self.framework.arguments if arg[0] == APPLICATION}

    def conflict_labels(self, labels: dict[Hashable, Label]) -> dict[str, str]:
        result = {}
        for conflict, argument in self.attack_argument.items():
            result[conflict] = str(Label.OUT if conflict in self.overruled else labels[argument])
        return result


def dung_framework(graph: ArgumentGraph) -> MapFramework:
    arguments: list[Hashable] = [(STATEMENT, sid) for sid in graph.statements]
    arguments += [(APPLICATION, aid) for aid in graph.of_type("inference")]
    attacks: set[tuple[Hashable, Hashable]] = set()
    conflicts = graph.of_type("conflict")
    attacked_conflicts = {graph.consequent[c][1] for c in conflicts if graph.type_of(graph.consequent[c]) == "conflict"}
    overruled = graph.conflicts_overruled_by_preference()

    def flattened(conflict: str) -> bool:
        return len(graph.antecedents[conflict]) > 1 or conflict in attacked_conflicts

    attack_argument: dict[str, Hashable] = {}
    for conflict in conflicts:
        if flattened(conflict):
            active = ("active", conflict)
            arguments.append(active)
            for attacker in graph.antecedents[conflict]:
                fails = ("fails", conflict, attacker[1])
                arguments.append(fails)
                attacks.add((attacker, fails))
                attacks.add((fails, active))
            attack_argument[conflict] = active
        else:
            attack_argument[conflict] = graph.antecedents[conflict][0]
    for conflict in conflicts:
        if conflict in overruled:
            continue
        target = graph.consequent[conflict]
        if graph.type_of(target) == "conflict":
            target_argument = ("active", target[1])
        elif graph.type_of(target) in (STATEMENT, "inference"):
            target_argument = target
        else:
            continue  # a conflict with a rephrase or preference has no Dung reading
        if flattened(conflict):
            attacks.add((attack_argument[conflict], target_argument))
        else:
            attacks.add((graph.antecedents[conflict][0], target_argument))
    return MapFramework(Framework(arguments, attacks), attack_argument, overruled)
