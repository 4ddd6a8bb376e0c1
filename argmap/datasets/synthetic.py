"""Seeded synthetic argument maps for scale tests and benchmarks.

The shape follows real maps: trees of support (each claim backed by one to
three inferences of one to three premises, some premises backed again), with
rebuttals, underminers and undercuts across the trees, evidence anchored into a
generated document. The same seed always gives the same ids, texts and offsets.
"""

from __future__ import annotations

import random
import uuid

from argmap import services
from argmap.models import ArgumentMap, Workspace
from argmap.services.bulk import GraphPayload

SYNTHETIC_NAMESPACE = uuid.UUID("5e1f4c2a-9b7d-5c3e-8f6a-2d4b6c8e0a13")
SCHEMES = [
    "expert_opinion",
    "negative_consequences",
    "positive_consequences",
    "cause_to_effect",
    "sign",
    "analogy",
    "practical_reasoning",
    None,
]
SUBJECTS = ["北朝鮮", "米国", "日本", "韓国", "中国", "ロシア", "同盟", "制裁", "抑止", "軍備管理"]
PREDICATES = [
    "は核戦力を増強している",
    "は対話に応じない",
    "は拡大抑止を強化すべきだ",
    "の信頼性が低下する",
    "は合意を破棄しうる",
    "の負担が増える",
]


def generate_map(*, workspace: Workspace, statements: int, seed: int, actor=None, progress=None) -> ArgumentMap:
    rng = random.Random(seed)

    def uid(kind: str, n: int) -> str:
        return str(uuid.uuid5(SYNTHETIC_NAMESPACE, f"{workspace.slug}:{seed}:{statements}:{kind}:{n}"))

    texts = [
        f"{rng.choice(SUBJECTS)}{rng.choice(PREDICATES)}（命題{n}）。"
        if n % 3
        else f"Proposition {n}: {rng.choice(SUBJECTS)} matters."
        for n in range(statements)
    ]
    document_text = "\n".join(texts) + "\n"
    document = services.create_document(
        actor=actor,
        workspace=workspace,
        title=f"Synthetic document (seed {seed}, {statements} statements)",
        text=document_text,
        language="ja",
        document_id=uid("document", 0),
    )
    argument_map = services.create_map(
        actor=actor,
        workspace=workspace,
        name=f"Synthetic map (seed {seed}, {statements} statements)",
        visibility="private",
        documents=[document],
        map_id=uid("map", 0),
    )
    payload = GraphPayload()
    offsets = []
    position = 0
    for text in texts:
        offsets.append(position)
        position += len(text) + 1
    kinds = []
    for n in range(statements):
        kinds.append("claim" if n % 12 == 0 else ("evidence" if n % 5 == 0 else "premise"))
    for n, text in enumerate(texts):
        payload.statements.append(
            {"id": uid("statement", n), "kind": kinds[n], "text": text, "gloss": f"Generated proposition {n}"}
        )
        payload.anchors.append(
            {
                "id": uid("anchor", n),
                "statement": uid("statement", n),
                "document": str(document.pk),
                "exact": text,
                "start": offsets[n],
                "end": offsets[n] + len(text),
            }
        )
    a = 0
    inferences = []
    # Support trees: walk the statements in order; each open conclusion takes the next 1–3 as premises.
    frontier = [0]
    cursor = 1
    while cursor < statements and frontier:
        conclusion = frontier.pop(0)
        for _ in range(rng.randint(1, 2)):
            if cursor >= statements:
                break
            count = min(rng.randint(1, 3), statements - cursor)
            premises = list(range(cursor, cursor + count))
            cursor += count
            app = uid("application", a)
            a += 1
            inferences.append(app)
            payload.applications.append({"id": app, "type": "inference", "scheme": rng.choice(SCHEMES)})
            payload.edges += [
                {"application": app, "role": "antecedent", "statement": uid("statement", p)} for p in premises
            ]
            payload.edges.append({"application": app, "role": "consequent", "statement": uid("statement", conclusion)})
            frontier += [p for p in premises if rng.random() < 0.6]
        if not frontier and cursor < statements:
            frontier.append(cursor)
            cursor += 1
    # Attacks across the trees: about one for every eight statements, a quarter of them undercuts.
    attacked = set()
    for _ in range(statements // 8):
        attacker = rng.randrange(statements)
        if inferences and rng.random() < 0.25:
            target = {"other_application": rng.choice(inferences)}
        else:
            t = rng.randrange(statements)
            if t == attacker:
                continue
            target = {"statement": uid("statement", t)}
        signature = (attacker, tuple(target.items()))
        if signature in attacked:
            continue
        attacked.add(signature)
        app = uid("application", a)
        a += 1
        payload.applications.append({"id": app, "type": "conflict"})
        payload.edges.append({"application": app, "role": "antecedent", "statement": uid("statement", attacker)})
        payload.edges.append({"application": app, "role": "consequent", **target})
    for k, edge in enumerate(payload.edges):
        edge["id"] = uid("edge", k)
    services.import_graph(actor=actor, argument_map=argument_map, payload=payload, may_review=True, progress=progress)
    return argument_map
