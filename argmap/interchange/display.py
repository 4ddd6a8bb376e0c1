"""What the pictures (SVG, DOT, GraphML) draw: nodes with a kind and a label, edges with a relation.

Statements are coloured and shaped by kind; scheme applications are small
nodes named by type (RA/CA/MA/PA) or scheme. Edges are classed by the scheme
application they touch: ``support`` (inference), ``attack`` (conflict on a
statement), ``undercut`` (conflict on an inference or conflict), ``rephrase``
and ``preference``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

KIND_STYLE = {
    # kind: (stroke, fill, SVG/DOT shape)
    "claim": ("#1d4ed8", "#dbeafe", "claim"),
    "premise": ("#15803d", "#dcfce7", "premise"),
    "rebuttal": ("#b91c1c", "#fee2e2", "rebuttal"),
    "evidence": ("#b45309", "#fef3c7", "evidence"),
}
APPLICATION_STYLE = {
    "inference": ("#15803d", "#bbf7d0", "RA"),
    "conflict": ("#b91c1c", "#fecaca", "CA"),
    "rephrase": ("#6b7280", "#e5e7eb", "MA"),
    "preference": ("#7c3aed", "#ede9fe", "PA"),
}
RELATION_STYLE = {
    # relation: (colour, dash pattern or "")
    "support": ("#15803d", ""),
    "attack": ("#b91c1c", "6 4"),
    "undercut": ("#b91c1c", "2 3"),
    "rephrase": ("#6b7280", "1 3"),
    "preference": ("#7c3aed", "8 3 2 3"),
}
FONT_STACK = (
    "'Noto Sans CJK JP', 'Noto Sans JP', 'Hiragino Sans', 'Hiragino Kaku Gothic ProN', "
    "'Yu Gothic', YuGothic, Meiryo, sans-serif"
)


@dataclass
class DisplayNode:
    id: str
    family: str  # statement | application
    kind: str  # statement kind or application type
    label: str
    status: str = ""
    evaluation: str = ""
    extra: dict = field(default_factory=dict)


@dataclass
class DisplayEdge:
    id: str
    source: str
    target: str
    relation: str


def display_graph(graph: dict, labels: dict | None = None) -> tuple[list[DisplayNode], list[DisplayEdge]]:
    """Nodes and edges of :func:`argmap.selectors.interchange.interchange_graph`'s graph;
    ``labels`` maps node ids (str) to IN / OUT / UNDEC."""
    labels = labels or {}
    types = {str(a["id"]): a["type"] for a in graph["scheme_applications"]}
    nodes = [
        DisplayNode(
            id=str(s["id"]),
            family="statement",
            kind=s["kind"],
            label=s["text"],
            status=s.get("status", ""),
            evaluation=labels.get(str(s["id"]), ""),
            extra={
                "gloss": s.get("gloss", ""),
                "tags": list(s.get("tags", [])),
                "speaker": (s.get("speaker_name") or "") if s.get("speaker_id") else "",
                "illocution": s.get("illocution") or "asserting",
            },
        )
        for s in graph["statements"]
    ]
    for a in graph["scheme_applications"]:
        name = APPLICATION_STYLE[a["type"]][2]
        if a.get("scheme"):
            name = a["scheme"].replace("_", " ")
        elif a.get("conflict_kind"):
            name = a["conflict_kind"]
        nodes.append(
            DisplayNode(
                id=str(a["id"]),
                family="application",
                kind=a["type"],
                label=name,
                status=a.get("status", ""),
                evaluation=labels.get(str(a["id"]), ""),
                extra={"scheme": a.get("scheme") or "", "note": a.get("note", "")},
            )
        )
    edges = []
    for e in graph["edges"]:
        application = str(e["application_id"])
        far = str(e["statement_id"] or e["other_application_id"])
        kind = types[application]
        relation = {"inference": "support", "conflict": "attack"}.get(kind, kind)
        if kind == "conflict" and e["role"] == "consequent" and e["other_application_id"]:
            relation = "undercut"
        source, target = (far, application) if e["role"] == "antecedent" else (application, far)
        edges.append(DisplayEdge(id=str(e["id"]), source=source, target=target, relation=relation))
    return nodes, edges


#: Maps with more statements than this are best read in the overview first (docs/interchange.md).
OVERVIEW_ABOVE = 50


#: Longest speaker name drawn in full in a statement's box; longer names are drawn as a tag (``V1``) the legend names.
SPEAKER_TAG_ABOVE = 12


def voice_of(node: DisplayNode, tags: dict[str, str] | None = None) -> str:
    """``KCNA``, ``KCNA, reporting``, ``author, conceding``; empty for the author asserting (the default).
    ``tags`` (:func:`speaker_tags`) replaces long names with their short tags."""
    speaker, illocution = node.extra.get("speaker", ""), node.extra.get("illocution", "asserting")
    speaker = (tags or {}).get(speaker, speaker)
    if illocution == "asserting":
        return speaker
    return f"{speaker or 'author'}, {illocution}"


def spoken_label(node: DisplayNode, tags: dict[str, str] | None = None) -> str:
    """A statement's label as pictures draw it: its voice in brackets first, where it is not the author's assertion."""
    voice = voice_of(node, tags) if node.family == "statement" else ""
    return f"[{voice}] {node.label}" if voice else node.label


def speakers_in(nodes: list[DisplayNode]) -> list[str]:
    """The participants who speak in the picture, by name (the legend's list)."""
    return sorted({n.extra["speaker"] for n in nodes if n.family == "statement" and n.extra.get("speaker")})


def speaker_tags(nodes: list[DisplayNode]) -> dict[str, str]:
    """Speaker name → what a box shows: short names as they are, longer ones ``V1``, ``V2``… in legend order.

    A long name in every box it speaks in (the report's ``戸崎 洋史 (TOSAKI Hirofumi)``) adds a wrapped line to
    each and made the report's picture taller than its budget; the legend gives each tag its full name."""
    return {
        name: name if len(name) <= SPEAKER_TAG_ABOVE else f"V{number}"
        for number, name in enumerate(speakers_in(nodes), start=1)
    }


def speaker_legend(nodes: list[DisplayNode]) -> list[str]:
    """The legend's speakers: ``KCNA`` for a name drawn in full, ``V1 = 戸崎 洋史 (TOSAKI Hirofumi)`` for a tag."""
    return [name if tag == name else f"{tag} = {name}" for name, tag in speaker_tags(nodes).items()]


def section_of(node: DisplayNode) -> str:
    """A statement's section, from its ``section-…`` tag (the report's dataset tags every statement so)."""
    return next((tag[len("section-") :] for tag in node.extra.get("tags", []) if tag.startswith("section-")), "")


def overview(nodes: list[DisplayNode], edges: list[DisplayEdge]) -> tuple[list[DisplayNode], list[DisplayEdge]]:
    """The claims and what directly supports or attacks them: each inference concluding a claim with its
    premises, each conflict targeting a claim with its attackers. Everything deeper is left out."""
    by_id = {n.id: n for n in nodes}
    claims = {n.id for n in nodes if n.family == "statement" and n.kind == "claim"}
    kept_applications = {
        e.source
        for e in edges
        if e.target in claims
        and by_id[e.source].family == "application"
        and by_id[e.source].kind in ("inference", "conflict")
    }
    feeding = {e.source for e in edges if e.target in kept_applications and by_id[e.source].family == "statement"}
    kept = claims | kept_applications | feeding
    return [n for n in nodes if n.id in kept], [
        e
        for e in edges
        if (e.source in kept_applications or e.target in kept_applications) and {e.source, e.target} <= kept
    ]
