"""An argument map as plain Python structures, ready to evaluate (no database access here).

Built from the rows a selector reads (``statements``, ``scheme_applications``,
``edges``, plus the ids of statements that cite evidence). Nodes a reviewer
rejected are left out, with their edges; a scheme application left without
its consequent or without any antecedent takes no part in evaluation.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from argmap.rules import is_complete

STATEMENT = "statement"
APPLICATION = "application"

NodeRef = tuple[str, str]  # (family, id as str)


@dataclass
class ArgumentGraph:
    statements: dict[str, dict] = field(default_factory=dict)
    #: applications by type: ``inference``, ``conflict``, ``rephrase``, ``preference`` → {id: row}
    applications: dict[str, dict] = field(default_factory=dict)
    antecedents: dict[str, list[NodeRef]] = field(default_factory=lambda: defaultdict(list))
    consequent: dict[str, NodeRef] = field(default_factory=dict)
    evidenced: set[str] = field(default_factory=set)
    excluded: dict[str, list[str]] = field(default_factory=lambda: {"statements": [], "applications": []})

    @classmethod
    def from_rows(
        cls,
        *,
        statements: Iterable[dict],
        applications: Iterable[dict],
        edges: Iterable[dict],
        evidenced_statement_ids: Iterable[object] = (),
    ) -> ArgumentGraph:
        graph = cls()
        for row in statements:
            sid = str(row["id"])
            if row.get("status") == "rejected":
                graph.excluded["statements"].append(sid)
                continue
            graph.statements[sid] = row
        all_applications = {}
        for row in applications:
            aid = str(row["id"])
            if row.get("status") == "rejected":
                graph.excluded["applications"].append(aid)
                continue
            all_applications[aid] = row
        antecedents: dict[str, list[NodeRef]] = defaultdict(list)
        consequent: dict[str, NodeRef] = {}
        for edge in edges:
            aid = str(edge["application_id"])
            if edge.get("statement_id"):
                far: NodeRef = (STATEMENT, str(edge["statement_id"]))
                present = far[1] in graph.statements
            else:
                far = (APPLICATION, str(edge["other_application_id"]))
                present = far[1] in all_applications
            if aid not in all_applications or not present:
                continue
            if edge["role"] == "consequent":
                consequent[aid] = far
            else:
                antecedents[aid].append(far)
        # Dropping an application can leave another incomplete (an undercut of a dropped inference), so repeat.
        complete = dict(all_applications)
        changed = True
        while changed:
            changed = False
            for aid in list(complete):
                ends = [*antecedents.get(aid, []), consequent.get(aid)]
                if not is_complete(
                    complete[aid]["type"], consequents=int(aid in consequent), antecedents=len(antecedents.get(aid, ()))
                ) or any(f == APPLICATION and ident not in complete for f, ident in filter(None, ends)):
                    del complete[aid]
                    changed = True
        graph.applications = complete
        for aid in complete:
            graph.antecedents[aid] = sorted(antecedents[aid])
            graph.consequent[aid] = consequent[aid]
        graph.evidenced = {str(s) for s in evidenced_statement_ids} & set(graph.statements)
        return graph

    def of_type(self, kind: str) -> list[str]:
        return [aid for aid, row in self.applications.items() if row["type"] == kind]

    def type_of(self, ref: NodeRef) -> str:
        return STATEMENT if ref[0] == STATEMENT else self.applications[ref[1]]["type"]

    def concluding(self) -> dict[str, list[str]]:
        """Statement id → the inferences and rephrases whose consequent it is."""
        result: dict[str, list[str]] = defaultdict(list)
        for aid, row in self.applications.items():
            target = self.consequent[aid]
            if row["type"] in ("inference", "rephrase") and target[0] == STATEMENT:
                result[target[1]].append(aid)
        return result

    def attacks_on(self) -> dict[NodeRef, list[str]]:
        """Node → the conflicts whose consequent it is."""
        result: dict[NodeRef, list[str]] = defaultdict(list)
        for aid in self.of_type("conflict"):
            result[self.consequent[aid]].append(aid)
        return result

    def used_as_premise(self) -> set[str]:
        return {ref[1] for aid in self.of_type("inference") for ref in self.antecedents[aid] if ref[0] == STATEMENT}

    def strict_preferences(self) -> set[tuple[NodeRef, NodeRef]]:
        """``(preferred, dispreferred)`` pairs from preference applications, minus contradictory pairs."""
        pairs = {(self.antecedents[aid][0], self.consequent[aid]) for aid in self.of_type("preference")}
        return {(a, b) for a, b in pairs if (b, a) not in pairs}

    def conflicts_overruled_by_preference(self) -> set[str]:
        """Conflicts whose target is preferred to the conflict itself or to one of its attackers."""
        preferences = self.strict_preferences()
        overruled = set()
        for aid in self.of_type("conflict"):
            target = self.consequent[aid]
            losers = {(APPLICATION, aid), *self.antecedents[aid]}
            if any((target, loser) in preferences for loser in losers):
                overruled.add(aid)
        return overruled
