"""Compare two AIF documents as graphs: node types, texts, scheme names and edge structure, ids aside."""

from __future__ import annotations

from collections import Counter


def _signature(node: dict) -> tuple:
    if node["type"] == "I":
        return ("I", node["text"])
    if node["type"] in ("RA", "CA", "MA", "PA"):
        scheme = node.get("scheme") or ""
        if scheme.startswith("Default "):
            scheme = ""
        return (node["type"], scheme)
    return (node["type"], node.get("text", ""))


def aif_graph(document: dict) -> dict:
    """Nodes as a multiset of signatures; each edge as (from signature, to signature, and the far sides of S-nodes).

    S-nodes have no identity beyond their type, so an edge touching one is described with the S-node's full
    neighbourhood (its premises and conclusions), which makes the comparison structural, not just local.
    """
    document = document.get("AIF", document)
    by_id = {str(n["nodeID"]): n for n in document["nodes"]}
    into, out = {}, {}
    for edge in document["edges"]:
        out.setdefault(str(edge["fromID"]), []).append(str(edge["toID"]))
        into.setdefault(str(edge["toID"]), []).append(str(edge["fromID"]))

    def described(node_id: str) -> tuple:
        node = by_id[node_id]
        base = _signature(node)
        if node["type"] == "I":
            return base
        return (
            base,
            tuple(sorted(_signature(by_id[i]) for i in into.get(node_id, []))),
            tuple(sorted(_signature(by_id[o]) for o in out.get(node_id, []))),
        )

    return {
        "nodes": Counter(_signature(n) for n in document["nodes"]),
        "edges": Counter((described(str(e["fromID"])), described(str(e["toID"]))) for e in document["edges"]),
    }
