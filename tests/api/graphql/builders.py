"""Big maps for scale tests, written with the bulk import service (the same rules as one-by-one writes)."""

from __future__ import annotations

import uuid

from argmap import services
from argmap.models import ArgumentMap, Workspace
from argmap.services.bulk import GraphPayload, import_graph


def build_map(workspace: Workspace, statements: int, *, visibility: str = "public", actor=None) -> ArgumentMap:
    """A map of ``statements`` statements in triples: a premise supports a claim, a rebuttal undermines the
    premise. Every statement is anchored in the map's document and cites one source."""
    texts = [f"命題{n}：北朝鮮の核戦力は{n}段階で増強される。" for n in range(statements)]
    document = services.create_document(
        actor=actor, workspace=workspace, title=f"Scale document {statements}", text="\n".join(texts), language="ja"
    )
    argument_map = services.create_map(
        actor=actor, workspace=workspace, name=f"Scale map {statements}", visibility=visibility, documents=[document]
    )
    ids = [str(uuid.uuid4()) for _ in range(statements)]
    source_id = str(uuid.uuid4())
    payload = GraphPayload(
        sources=[{"id": source_id, "title": "Estimate of the arsenal", "footnote": 1}],
        statements=[
            {"id": ids[n], "kind": ("claim", "premise", "rebuttal")[n % 3], "text": texts[n]} for n in range(statements)
        ],
    )
    offset = 0
    for n, text in enumerate(texts):
        payload.anchors.append(
            {
                "statement": ids[n],
                "document": str(document.pk),
                "exact": text,
                "start": offset,
                "end": offset + len(text),
            }
        )
        payload.evidence_links.append({"statement": ids[n], "source": source_id, "locator": f"p. {n}"})
        offset += len(text) + 1
    for n in range(0, statements - 2, 3):
        claim, premise, rebuttal = ids[n], ids[n + 1], ids[n + 2]
        inference, conflict = str(uuid.uuid4()), str(uuid.uuid4())
        payload.applications += [{"id": inference, "type": "inference"}, {"id": conflict, "type": "conflict"}]
        payload.edges += [
            {"application": inference, "role": "antecedent", "statement": premise},
            {"application": inference, "role": "consequent", "statement": claim},
            {"application": conflict, "role": "antecedent", "statement": rebuttal},
            {"application": conflict, "role": "consequent", "statement": premise},
        ]
    import_graph(actor=actor, argument_map=argument_map, payload=payload)
    return argument_map
