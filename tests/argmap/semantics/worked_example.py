"""The worked example of docs/semantics.md, built through the services as an annotator would."""

from __future__ import annotations

from dataclasses import dataclass

from argmap import services
from argmap.models import ArgumentMap, Scheme, SchemeApplication, Statement
from tests.factories import make_statement


@dataclass
class WorkedExample:
    C: Statement
    P1: Statement
    P2: Statement
    R: Statement
    D: Statement
    U: Statement
    W: Statement
    I1: SchemeApplication
    K1: SchemeApplication
    K2: SchemeApplication
    K3: SchemeApplication
    K4: SchemeApplication
    K5: SchemeApplication

    def name_of(self, ident) -> str:
        for name, node in vars(self).items():
            if str(node.pk) == str(ident):
                return name
        raise KeyError(ident)

    def named(self, labels: dict) -> dict:
        return {self.name_of(ident): label for ident, label in labels.items()}


def build_worked_example(argument_map: ArgumentMap, actor=None) -> WorkedExample:
    s = {
        "C": ("claim", "Sanctions alone will not make North Korea give up its nuclear weapons."),
        "P1": ("premise", "North Korea kept testing missiles throughout the sanctions."),
        "P2": ("premise", "Enforcement of the sanctions is weak."),
        "R": ("rebuttal", "New secondary sanctions will close the loopholes."),
        "D": ("premise", "Secondary sanctions since 2016 have not closed them."),
        "U": ("rebuttal", "The tests follow domestic politics, not the sanctions."),
        "W": ("rebuttal", "The test schedule tracks sanction announcements."),
    }
    nodes = {name: make_statement(argument_map, text=text, kind=kind, actor=actor) for name, (kind, text) in s.items()}
    source = services.create_source(actor=actor, workspace=argument_map.workspace, title="Panel of Experts report")
    services.create_evidence_link(actor=actor, statement=nodes["P2"], source=source, locator="p. 12")
    nodes["I1"] = services.create_argument(
        actor=actor,
        premises=[nodes["P1"], nodes["P2"]],
        conclusion=nodes["C"],
        scheme=Scheme.objects.get(key="cause_to_effect"),
    )
    nodes["K1"] = services.create_attack(actor=actor, attacker=nodes["R"], target=nodes["P2"])
    nodes["K2"] = services.create_attack(actor=actor, attacker=nodes["D"], target=nodes["R"])
    nodes["K3"] = services.create_attack(
        actor=actor, attacker=nodes["U"], target=nodes["I1"], note="Other causes? cq:interference"
    )
    nodes["K4"] = services.create_attack(actor=actor, attacker=nodes["W"], target=nodes["U"])
    nodes["K5"] = services.create_attack(actor=actor, attacker=nodes["U"], target=nodes["W"])
    return WorkedExample(**nodes)
