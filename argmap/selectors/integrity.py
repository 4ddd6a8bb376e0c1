"""Map-level integrity checks: what a verifier (or a curator) should fix."""

from __future__ import annotations

from collections import Counter, defaultdict

from argmap.models import Anchor, ArgumentMap, Edge, EdgeRole, SchemeApplication, SchemeType


def map_integrity_problems(argument_map: ArgumentMap) -> list[str]:
    """Every anchor matches its document; every inference and conflict is complete; nothing crosses maps."""
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
    roles: dict = defaultdict(Counter)
    for edge in Edge.objects.filter(map=argument_map).values(
        "application_id", "role", "statement__map_id", "other_application__map_id"
    ):
        roles[edge["application_id"]][edge["role"]] += 1
        far_map = edge["statement__map_id"] or edge["other_application__map_id"]
        if far_map != argument_map.pk:
            problems.append(f"an edge of {edge['application_id']} leaves the map")
    for application in SchemeApplication.objects.filter(
        map=argument_map, type__in=[SchemeType.INFERENCE, SchemeType.CONFLICT]
    ).values("id", "type", "key"):
        counted = roles[application["id"]]
        if counted[EdgeRole.CONSEQUENT] != 1 or counted[EdgeRole.ANTECEDENT] < 1:
            problems.append(f"{application['type']} {application['key'] or application['id']} is incomplete")
    return problems
