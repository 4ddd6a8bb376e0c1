"""Large graphs for scale tests, written with bulk inserts (the services would take minutes at 1,000 nodes)."""

from __future__ import annotations

from argmap.models import (
    Anchor,
    ArgumentMap,
    Document,
    Edge,
    EdgeRole,
    EvidenceLink,
    SchemeApplication,
    SchemeType,
    Source,
    Statement,
    Tag,
)


def build_chain_map(argument_map: ArgumentMap, document: Document, *, statements: int, actor=None) -> dict:
    """``statements`` statements in a support chain s0 → s1 → … plus a conflict on every tenth, each anchored and cited.

    Returns the counts of every kind of row written.
    """
    ws = argument_map.workspace_id
    common = {"workspace_id": ws, "map": argument_map, "created_by": actor, "updated_by": actor}
    tag, _ = Tag.objects.get_or_create(workspace_id=ws, slug="bulk")
    source = Source.objects.create(workspace_id=ws, title="Bulk source", footnote=1)
    nodes = Statement.objects.bulk_create(
        [Statement(kind="premise", text=f"Bulk statement {i}", **common) for i in range(statements)]
    )
    Statement.tags.through.objects.bulk_create(
        [Statement.tags.through(statement_id=s.pk, tag_id=tag.pk) for s in nodes[::5]]
    )
    inferences = SchemeApplication.objects.bulk_create(
        [SchemeApplication(type=SchemeType.INFERENCE, **common) for _ in range(statements - 1)]
    )
    conflicts = SchemeApplication.objects.bulk_create(
        [SchemeApplication(type=SchemeType.CONFLICT, **common) for _ in range(0, statements - 1, 10)]
    )
    edges = []
    for i, inference in enumerate(inferences):
        edges.append(Edge(application=inference, role=EdgeRole.ANTECEDENT, statement=nodes[i], **common))
        edges.append(Edge(application=inference, role=EdgeRole.CONSEQUENT, statement=nodes[i + 1], **common))
    for j, conflict in enumerate(conflicts):
        attacker, target = nodes[(10 * j + 5) % statements], nodes[10 * j]
        if attacker.pk == target.pk:
            attacker = nodes[-1]
        edges.append(Edge(application=conflict, role=EdgeRole.ANTECEDENT, statement=attacker, **common))
        edges.append(Edge(application=conflict, role=EdgeRole.CONSEQUENT, statement=target, **common))
    Edge.objects.bulk_create(edges)
    exact = document.text[:4]
    anchors = Anchor.objects.bulk_create(
        [Anchor(statement=s, document=document, exact=exact, start=0, end=len(exact), **common) for s in nodes]
    )
    links = EvidenceLink.objects.bulk_create(
        [EvidenceLink(statement=s, source=source, locator=f"p. {i}", **common) for i, s in enumerate(nodes)]
    )
    return {
        "statements": len(nodes),
        "scheme_applications": len(inferences) + len(conflicts),
        "edges": len(edges),
        "anchors": len(anchors),
        "evidence_links": len(links),
    }
