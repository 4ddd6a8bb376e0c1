"""Map-level integrity checks: what a verifier (or a curator) should fix."""

from __future__ import annotations

from collections import defaultdict

from argmap.errors import DomainError
from argmap.models import Anchor, ArgumentMap, Edge, SchemeApplication
from argmap.rules import STATEMENT, EdgeTally, check_complete, check_edge, check_same_map


def map_integrity_problems(argument_map: ArgumentMap) -> list[str]:
    """Every anchor matches its document; every edge and scheme application keeps the rules of
    :mod:`argmap.rules.edges` (the ends it may have, complete S-nodes); nothing crosses maps."""
    problems = []
    texts = {d.pk: d.text for d in argument_map.documents.all()}
    for anchor in Anchor.objects.filter(map=argument_map).values(
        "id", "document_id", "start", "end", "exact", "status"
    ):
        text = texts.get(anchor["document_id"])
        if text is None:
            problems.append(f"anchor {anchor['id']} points into a document the map does not use")
        elif text[anchor["start"] : anchor["end"]] != anchor["exact"]:
            problems.append(
                f"anchor {anchor['id']} does not match the document text at {anchor['start']}–{anchor['end']}"
            )
    tallies: dict = defaultdict(EdgeTally)
    for edge in Edge.objects.filter(map=argument_map).values(
        "application_id",
        "application__type",
        "role",
        "statement_id",
        "other_application_id",
        "other_application__type",
        "statement__map_id",
        "other_application__map_id",
    ):
        application_id = edge["application_id"]
        far_id = edge["statement_id"] or edge["other_application_id"]
        tally = tallies[application_id]
        try:
            check_same_map(argument_map.pk, edge["statement__map_id"] or edge["other_application__map_id"])
            check_edge(
                edge["application__type"],
                edge["role"],
                far_id=far_id,
                far_kind=STATEMENT if edge["statement_id"] else edge["other_application__type"],
                tally=tally,
                application_id=application_id,
            )
        except DomainError as exc:
            problems.append(f"an edge of {application_id}: {exc.message} ({exc.rule})")
        tally.add(edge["role"], far_id)
    for application in SchemeApplication.objects.filter(map=argument_map).values("id", "type", "key"):
        tally = tallies.get(application["id"]) or EdgeTally()
        try:
            check_complete(application["type"], consequents=tally.consequents, antecedents=tally.antecedents)
        except DomainError as exc:
            problems.append(
                f"{application['type']} {application['key'] or application['id']} is incomplete: {exc.message}"
            )
    return problems
