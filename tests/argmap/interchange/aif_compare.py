"""Compare two AIF documents as graphs: node types, texts, scheme names and edge structure, ids aside."""

from __future__ import annotations

from collections import Counter

from argmap.interchange.aif import normalised_scheme_name


def _signature(node: dict) -> tuple:
    if node["type"] == "I":
        return ("I", node["text"])
    if node["type"] in ("RA", "CA", "MA", "PA"):
        scheme = node.get("scheme") or ""
        if scheme.startswith("Default "):
            scheme = ""
        return (node["type"], normalised_scheme_name(scheme))  # CauseToEffect = Cause To Effect
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


def arguebuf_reading(document: dict):
    """arguebuf's (independent) reading of an AIF or OVA3 export, checked against the document itself:
    the same atom nodes with the same texts, one scheme node per S-node of the right kind, the same edges.
    arguebuf dispatches a JSON object on its top-level keys, as its ``load.file`` does for a ``.json``."""
    import arguebuf
    from arguebuf.model.scheme import Attack, Preference, Rephrase, Support

    graph = arguebuf.load.dict(document)
    aif = document.get("AIF", document)
    kinds = {"RA": Support, "CA": Attack, "MA": Rephrase, "PA": Preference}
    nodes = {str(n["nodeID"]): n for n in aif["nodes"]}
    atoms = {i: n["text"] for i, n in nodes.items() if n["type"] == "I"}
    schemes = {i: n["type"] for i, n in nodes.items() if n["type"] in kinds}
    assert {i: node.plain_text for i, node in graph.atom_nodes.items()} == atoms
    assert set(graph.scheme_nodes) == set(schemes)
    for ident, node in graph.scheme_nodes.items():
        assert isinstance(node.scheme, kinds[schemes[ident]]), (ident, node.scheme)
    argument_ids = set(atoms) | set(schemes)
    expected = Counter(
        (str(e["fromID"]), str(e["toID"])) for e in aif["edges"] if {str(e["fromID"]), str(e["toID"])} <= argument_ids
    )
    assert Counter((e.source.id, e.target.id) for e in graph.edges.values()) == expected
    return graph
