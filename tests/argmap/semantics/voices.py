"""A reported voice and the author's rebuttal of it, built through the services (shared by the speaker tests)."""

from __future__ import annotations

from dataclasses import dataclass

from argmap import services
from argmap.models import ArgumentMap, Participant, Statement
from tests.factories import make_participant, make_statement


@dataclass
class Voices:
    """The author argues A1 from A2; KCNA (reported) argues K1 from K2 and K1 rebuts A1; the author's B rebuts K1;
    KCNA's question Q commits no one."""

    kcna: Participant
    A1: Statement
    A2: Statement
    K1: Statement
    K2: Statement
    B: Statement
    Q: Statement


def build_voices(argument_map: ArgumentMap, actor=None) -> Voices:
    kcna = make_participant(argument_map.workspace, "KCNA", kind="organisation", actor=actor)

    def said(text, kind="premise", **speech):
        return make_statement(argument_map, text, kind=kind, actor=actor, **speech)

    reported = {"speaker": kcna, "illocution": "reporting"}
    v = Voices(
        kcna=kcna,
        A1=said("対話の再開は可能だ。", kind="claim"),
        A2=said("米国は対話を提案している。"),
        K1=said("米国は敵視政策を続けている。", kind="rebuttal", **reported),
        K2=said("米韓演習が続いている。", **reported),
        B=said("演習は縮小された。", kind="rebuttal"),
        Q=said("米国は本気か。", speaker=kcna, illocution="questioning"),
    )
    services.create_argument(actor=actor, premises=[v.A2], conclusion=v.A1)
    services.create_argument(actor=actor, premises=[v.K2], conclusion=v.K1)
    services.create_attack(actor=actor, attacker=v.K1, target=v.A1)
    services.create_attack(actor=actor, attacker=v.B, target=v.K1)
    return v
