"""One bad input through every door that can express it: a single write, ``import_graph``, an AIF file
and an Argdown file. Each door must refuse it with the same error class and the same ``rule``."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass

import pytest

from argmap import services
from argmap.errors import DomainError
from argmap.interchange.imports import import_map
from argmap.models import ArgumentMap, Statement
from argmap.payload import GraphPayload

DOORS = ("service", "bulk", "aif", "argdown")


@dataclass
class Case:
    """A rule, the refusal every door gives, and the bad input as each door takes it (``None``: the door
    cannot express it)."""

    rule: str
    error: type[DomainError]
    service: Callable | None = None
    payload: Callable | None = None
    aif: dict | None = None
    argdown: str | None = None
    #: names the case where several share a rule
    label: str = ""

    def doors(self) -> list[str]:
        return [door for door in DOORS if getattr(self, {"bulk": "payload"}.get(door, door)) is not None]


def cases_by_door(cases: list[Case]):
    """``pytest.mark.parametrize`` over every (case, door) pair a case can express."""
    pairs = [(case, door) for case in cases for door in case.doors()]
    return pytest.mark.parametrize(
        ("case", "door"), pairs, ids=[f"{case.label or case.rule}-{door}" for case, door in pairs]
    )


@dataclass
class Nodes:
    """A map with statements p (premise), c (claim), r (rebuttal), and a statement of another map."""

    argument_map: ArgumentMap
    p: Statement
    c: Statement
    r: Statement
    stranger: Statement

    @property
    def workspace(self):
        return self.argument_map.workspace


def refusal(case: Case, door: str, nodes: Nodes) -> DomainError:
    """Run ``case`` through ``door``; the error it was refused with (an import also leaves no map behind)."""
    maps_before = ArgumentMap.objects.count()
    with pytest.raises(DomainError) as refused:
        if door == "service":
            case.service(nodes)
        elif door == "bulk":
            services.import_graph(actor=None, argument_map=nodes.argument_map, payload=case.payload(nodes))
        else:
            import_map(actor=None, workspace=nodes.workspace, raw=getattr(case, door), format=door)
    assert ArgumentMap.objects.count() == maps_before
    return refused.value


def assert_same_refusal(case: Case, door: str, nodes: Nodes) -> None:
    error = refusal(case, door, nodes)
    assert (type(error), error.rule) == (case.error, case.rule), error.message


def payload(
    edges: list[tuple[str, str, str | None]] = (),
    *,
    applications: dict[str, str] | None = None,
    statements: tuple[str, ...] = ("a", "b", "c"),
    fields: dict[str, dict] | None = None,
) -> GraphPayload:
    """A payload of named statements and applications; an edge ``(application, role, far name)``
    joins a statement or an application by name (``None``: no far end)."""
    applications = applications or {}
    fields = fields or {}
    ids = {name: str(uuid.uuid4()) for name in (*statements, *applications)}
    edges_rows = []
    for application, role, far in edges:
        row = {"application": ids[application], "role": role}
        if far is not None:
            row["statement" if far in statements else "other_application"] = ids[far]
        edges_rows.append(row)
    return GraphPayload(
        statements=[{"id": ids[n], "kind": "premise", "text": n, **fields.get(n, {})} for n in statements],
        applications=[{"id": ids[n], "type": t, **fields.get(n, {})} for n, t in applications.items()],
        edges=edges_rows,
    )


def aif(nodes: dict[str, str], edges: list[tuple[str, str]] = (), *, fields: dict[str, dict] | None = None) -> dict:
    """An AIF document: nodes by id and type (I-node text is its id), edges as (from, to)."""
    fields = fields or {}
    return {
        "nodes": [
            {"nodeID": n, "text": n if t == "I" else t, "type": t, **fields.get(n, {})} for n, t in nodes.items()
        ],
        "edges": [{"edgeID": f"e{k}", "fromID": f, "toID": t} for k, (f, t) in enumerate(edges)],
    }
