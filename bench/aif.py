"""AIF import: a seeded AIF document of N nodes, and its baseline (parse with orjson, COPY the same rows)."""

from __future__ import annotations

import random
import uuid
from datetime import UTC, datetime

import orjson

from .baselines import RawSQL

SUBJECTS = ["北朝鮮", "米国", "日本", "韓国", "中国", "同盟", "制裁", "抑止"]
PREDICATES = ["は核戦力を増強している", "は対話に応じない", "は拡大抑止を強化すべきだ", "の負担が増える"]
ARGUMENT_TYPES = {"RA": "inference", "CA": "conflict"}


def synthetic_aif(nodes: int, *, seed: int = 8) -> bytes:
    """AIFdb's flat form: support trees (RA, one to three premises each) with attacks (CA) across them.

    About six nodes in ten are I-nodes, like the synthetic maps; every S-node
    has its conclusion and at least one premise, so the whole file imports.
    """
    rng = random.Random(seed)
    aif_nodes: list[dict] = []
    edges: list[dict] = []
    statements: list[str] = []
    inferences: list[str] = []

    def add_node(kind: str, text: str) -> str:
        ident = str(len(aif_nodes) + 1)
        aif_nodes.append({"nodeID": ident, "text": text, "type": kind, "timestamp": "2024-12-24 10:00:00"})
        return ident

    def statement() -> str:
        n = len(statements)
        ident = add_node("I", f"{rng.choice(SUBJECTS)}{rng.choice(PREDICATES)}（命題{n}）。")
        statements.append(ident)
        return ident

    def edge(source: str, target: str) -> None:
        edges.append({"edgeID": str(len(edges) + 1), "fromID": source, "toID": target, "formEdgeID": None})

    statement()
    while len(aif_nodes) < nodes:
        if len(statements) > 4 and rng.random() < 0.15:
            attacker = rng.choice(statements)
            if inferences and rng.random() < 0.25:
                target = rng.choice(inferences)
            else:
                target = rng.choice(statements)
                if target == attacker:
                    continue
            conflict = add_node("CA", "Default Conflict")
            edge(attacker, conflict)
            edge(conflict, target)
            continue
        conclusion = rng.choice(statements)
        inference = add_node("RA", "Default Inference")
        inferences.append(inference)
        for _ in range(rng.randint(1, 3)):
            edge(statement(), inference)
        edge(inference, conclusion)
    document = {"nodes": aif_nodes, "edges": edges, "locutions": [], "participants": [], "schemefulfillments": []}
    return orjson.dumps(document)


STATEMENT_COLUMNS = (
    "id", "workspace_id", "map_id", "key", "kind", "text", "gloss", "status", "status_reason", "implicit",
    "version", "created_at", "updated_at", "data", "illocution",
)  # fmt: skip
APPLICATION_COLUMNS = (
    "id", "workspace_id", "map_id", "key", "type", "note", "status", "status_reason",
    "version", "created_at", "updated_at", "data",
)  # fmt: skip
EDGE_COLUMNS = (
    "id", "workspace_id", "map_id", "application_id", "role", "statement_id", "other_application_id",
    "version", "created_at", "updated_at",
)  # fmt: skip
EXTERNAL_ID_COLUMNS = ("map_id", "scheme", "external_id", "family", "node_id", "text", "timestamp")
MAP_INSERT = """
    INSERT INTO argmap_argumentmap
        (id, workspace_id, key, name, description, visibility, version, created_at, updated_at)
    VALUES (%(id)s, %(workspace)s, '', %(name)s, '', 'private', 1, %(now)s, %(now)s)"""


def raw_import(raw: RawSQL, workspace_id, document: bytes) -> int:
    """Parse the file and ``COPY`` the same graph rows the import writes (no validation, no history)."""
    parsed = orjson.loads(document)
    now = datetime.now(UTC)
    map_id = uuid.uuid4()
    raw.execute(MAP_INSERT, {"id": map_id, "workspace": workspace_id, "name": "raw import", "now": now})
    ids: dict[str, tuple[uuid.UUID, str]] = {}
    statements, applications, external = [], [], []
    for node in parsed["nodes"]:
        ident = uuid.uuid4()
        if node["type"] == "I":
            ids[node["nodeID"]] = (ident, "I")
            statements.append(
                (
                    ident,
                    workspace_id,
                    map_id,
                    "",
                    "premise",
                    node["text"],
                    "",
                    "draft",
                    "",
                    False,
                    1,
                    now,
                    now,
                    "{}",
                    "asserting",
                )
            )
            external.append((map_id, "aifdb", node["nodeID"], "statement", ident, "", node.get("timestamp", "")))
        else:
            ids[node["nodeID"]] = (ident, node["type"])
            applications.append(
                (ident, workspace_id, map_id, "", ARGUMENT_TYPES[node["type"]], "", "draft", "", 1, now, now, "{}")
            )
            external.append(
                (map_id, "aifdb", node["nodeID"], "application", ident, node["text"], node.get("timestamp", ""))
            )
    edges = []
    for edge in parsed["edges"]:
        (source, source_type), (target, target_type) = ids[edge["fromID"]], ids[edge["toID"]]
        if source_type == "I":
            edges.append((uuid.uuid4(), workspace_id, map_id, target, "antecedent", source, None, 1, now, now))
        elif target_type == "I":
            edges.append((uuid.uuid4(), workspace_id, map_id, source, "consequent", target, None, 1, now, now))
        else:
            edges.append((uuid.uuid4(), workspace_id, map_id, source, "consequent", None, target, 1, now, now))
    raw.copy("argmap_statement", STATEMENT_COLUMNS, statements)
    raw.copy("argmap_schemeapplication", APPLICATION_COLUMNS, applications)
    raw.copy("argmap_edge", EDGE_COLUMNS, edges)
    raw.copy("argmap_externalid", EXTERNAL_ID_COLUMNS, external)
    return len(parsed["nodes"])
