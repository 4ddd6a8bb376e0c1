"""DOT (Graphviz) and GraphML exports of a map, from the same display graph as the SVG picture."""

from __future__ import annotations

import itertools
import xml.etree.ElementTree as ET

from .display import (
    APPLICATION_STYLE,
    KIND_STYLE,
    RELATION_STYLE,
    DisplayEdge,
    DisplayNode,
    section_of,
    speaker_legend,
    speaker_tags,
    spoken_label,
)
from .svg import wrap

DOT_SHAPES = {"claim": "box", "premise": "box", "rebuttal": "box", "evidence": "note"}
DOT_STYLES = {"claim": "rounded,filled,bold", "premise": "filled", "rebuttal": "filled,diagonals", "evidence": "filled"}
DOT_APPLICATION_SHAPES = {"inference": "ellipse", "conflict": "diamond", "rephrase": "ellipse", "preference": "ellipse"}
DOT_EDGE_STYLES = {
    "support": "solid",
    "attack": "dashed",
    "undercut": "dotted",
    "rephrase": "dotted",
    "preference": "bold",
}


#: Display width (in ems, a CJK character being one) of a DOT label's lines; the label keeps the whole text.
DOT_LINE_EMS = 16
#: Ranks the leaves of one target are spread over.
STAGGER = 3


def _dot_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def _dot_label(text: str) -> str:
    return "\n".join(wrap(text, ems=DOT_LINE_EMS, max_lines=0))


def _dot_node(node: DisplayNode, tags: dict[str, str] | None = None) -> dict:
    if node.family == "statement":
        stroke, fill, _ = KIND_STYLE.get(node.kind, KIND_STYLE["premise"])
        attributes = {
            "label": _dot_label(spoken_label(node, tags)),
            "shape": DOT_SHAPES.get(node.kind, "box"),
            "style": DOT_STYLES.get(node.kind, "filled"),
            "color": stroke,
            "fillcolor": fill,
            "tooltip": f"{node.kind}: {spoken_label(node)}",
            "class": f"statement {node.kind}",
        }
    else:
        stroke, fill, short = APPLICATION_STYLE[node.kind]
        attributes = {
            "label": node.label or short,
            "shape": DOT_APPLICATION_SHAPES[node.kind],
            "style": "filled",
            "color": stroke,
            "fillcolor": fill,
            "fontsize": "9",
            "tooltip": f"{short}: {node.label or short}",
            "class": f"application {node.kind}",
        }
    if node.evaluation:
        attributes["xlabel"] = node.evaluation
    return attributes


def _dot_edge(edge: DisplayEdge, minlen: int = 1) -> str:
    colour, _ = RELATION_STYLE[edge.relation]
    extra = f", minlen={minlen}" if minlen > 1 else ""
    return (
        f"{_dot_string(edge.source)} -> {_dot_string(edge.target)} "
        f'[color="{colour}", style={DOT_EDGE_STYLES[edge.relation]}, class="{edge.relation}"{extra}];'
    )


def _staggered(edges: list[DisplayEdge]) -> dict[str, int]:
    """``minlen`` per edge id for the edges out of leaves (statements nothing leads to), cycling 1, 2, 3 per
    target, as Graphviz's ``unflatten -l 3`` does: leaves that would share the top rank spread over three
    ranks, so the picture gets narrower."""
    has_incoming = {e.target for e in edges}
    seen: dict[str, int] = {}
    minlen = {}
    for edge in edges:
        if edge.source not in has_incoming and edge.relation != "preference":
            count = seen.get(edge.target, 0)
            seen[edge.target] = count + 1
            minlen[edge.id] = 1 + count % STAGGER
    return minlen


#: Speakers per line of the legend: one per line, the report's 21 made the legend (and the picture) taller.
SPEAKERS_PER_LEGEND_LINE = 3


def _legend(nodes: list[DisplayNode], edges: list[DisplayEdge]) -> list[str]:
    """A small cluster with one sample node per kind drawn and one sample edge per relation drawn."""
    kinds = [k for k in KIND_STYLE if any(n.family == "statement" and n.kind == k for n in nodes)]
    types = [t for t in APPLICATION_STYLE if any(n.family == "application" and n.kind == t for n in nodes)]
    relations = [r for r in RELATION_STYLE if any(e.relation == r for e in edges)]
    if not (kinds or types):
        return []
    lines = ["  subgraph cluster_legend {", '    label="Legend"; fontsize=10; style="rounded"; color="#9ca3af";']
    for kind in kinds:
        node = DisplayNode(id=f"legend:{kind}", family="statement", kind=kind, label=kind)
        attributes = {**_dot_node(node), "fontsize": "9", "tooltip": kind}
        lines.append(f"    {_dot_string(node.id)} [{_attributes(attributes)}];")
    for kind in types:
        node = DisplayNode(id=f"legend:{kind}", family="application", kind=kind, label=APPLICATION_STYLE[kind][2])
        lines.append(f"    {_dot_string(node.id)} [{_attributes(_dot_node(node))}];")
    for relation in relations:
        a, b = f"legend:{relation}:from", f"legend:{relation}:to"
        lines.append(f'    {_dot_string(a)} [shape=plaintext, label="{relation}", fontsize=9];')
        lines.append(f"    {_dot_string(b)} [shape=point, width=0.05];")
        lines.append("    " + _dot_edge(DisplayEdge(id="", source=a, target=b, relation=relation)))
    speakers = speaker_legend(nodes)
    if speakers:
        rows = [
            " · ".join(speakers[i : i + SPEAKERS_PER_LEGEND_LINE])
            for i in range(0, len(speakers), SPEAKERS_PER_LEGEND_LINE)
        ]
        voices = "speakers ([name] before a statement; none: the author):\n" + "\n".join(rows)
        lines.append(f'    "legend:speakers" [shape=plaintext, label={_dot_string(voices)}, fontsize=9];')
    lines.append("  }")
    return lines


def _attributes(attributes: dict) -> str:
    return ", ".join(f"{k}={_dot_string(v)}" for k, v in attributes.items())


def render_dot(nodes: list[DisplayNode], edges: list[DisplayEdge], *, title: str = "", sections: bool = False) -> str:
    """Graphviz ``dot`` input: wrapped labels (the full text also in each node's tooltip), a layout tuned for
    few crossings (``newrank``, ``remincross``, more ``mclimit`` passes), leaves staggered over three ranks
    (as ``unflatten``), and a legend. Preferences keep constraining the ranks: unconstrained, they were drawn
    across the whole picture (on the report's map 609 instead of 134 crossings). With ``sections``,
    statements are grouped in one cluster per ``section-…`` tag, the clusters stacked top to bottom by
    invisible edges (side by side, the report's overview was wider than the whole map)."""
    lines = [
        "digraph argmap {",
        f'  graph [label={_dot_string(title)}, labelloc=t, rankdir=TB, charset="UTF-8", '
        'fontname="Noto Sans CJK JP", newrank=true, remincross=true, mclimit=4, nodesep=0.25, ranksep=0.4];',
        '  node [fontname="Noto Sans CJK JP", fontsize=11, margin="0.12,0.06"];',
        '  edge [fontname="Noto Sans CJK JP", fontsize=9];',
    ]
    lines += _legend(nodes, edges)
    tags = speaker_tags(nodes)
    clusters: dict[str, list[DisplayNode]] = {}
    for node in nodes:
        section = section_of(node) if sections and node.family == "statement" else ""
        clusters.setdefault(section, []).append(node)
    ordered = sorted(clusters.items(), key=lambda item: _section_order(item[0]))
    for section, members in ordered:
        indent = "  "
        if section:
            lines.append(f"  subgraph {_dot_string('cluster_section_' + section)} {{")
            lines.append(f'    label={_dot_string("section " + section)}; style="rounded"; color="#cbd5e1";')
            indent = "    "
        for node in members:
            lines.append(f"{indent}{_dot_string(node.id)} [{_attributes(_dot_node(node, tags))}];")
        if section:
            lines.append("  }")
    minlen = _staggered(edges)
    for edge in edges:
        lines.append("  " + _dot_edge(edge, minlen.get(edge.id, 1)))
    named = [members for section, members in ordered if section]
    targets = {e.target for e in edges}
    sources = {e.source for e in edges}
    for upper, lower in itertools.pairwise(named):
        sink = next((n.id for n in upper if n.id not in sources), upper[-1].id)
        for source in [n.id for n in lower if n.id not in targets] or [lower[0].id]:
            lines.append(f"  {_dot_string(sink)} -> {_dot_string(source)} [style=invis, weight=0];")
    lines.append("}")
    return "\n".join(lines) + "\n"


def _section_order(section: str) -> tuple:
    return (section != "", [(0, int(p), "") if p.isdigit() else (1, 0, p) for p in section.split(".")])


GRAPHML_NS = "http://graphml.graphdrawing.org/xmlns"
NODE_KEYS = ("family", "kind", "label", "status", "evaluation", "gloss", "scheme", "note", "speaker", "illocution")
EDGE_KEYS = ("relation",)


def render_graphml(nodes: list[DisplayNode], edges: list[DisplayEdge], *, title: str = "") -> str:
    ET.register_namespace("", GRAPHML_NS)
    root = ET.Element(f"{{{GRAPHML_NS}}}graphml")
    for name in NODE_KEYS:
        ET.SubElement(
            root,
            f"{{{GRAPHML_NS}}}key",
            id=f"n_{name}",
            attrib={"for": "node", "attr.name": name, "attr.type": "string"},
        )
    for name in EDGE_KEYS:
        ET.SubElement(
            root,
            f"{{{GRAPHML_NS}}}key",
            id=f"e_{name}",
            attrib={"for": "edge", "attr.name": name, "attr.type": "string"},
        )
    ET.SubElement(
        root, f"{{{GRAPHML_NS}}}key", id="g_title", attrib={"for": "graph", "attr.name": "title", "attr.type": "string"}
    )
    graph = ET.SubElement(root, f"{{{GRAPHML_NS}}}graph", id="argmap", edgedefault="directed")
    ET.SubElement(graph, f"{{{GRAPHML_NS}}}data", key="g_title").text = title
    for node in nodes:
        element = ET.SubElement(graph, f"{{{GRAPHML_NS}}}node", id=node.id)
        values = {
            "family": node.family,
            "kind": node.kind,
            "label": node.label,
            "status": node.status,
            "evaluation": node.evaluation,
            "gloss": node.extra.get("gloss", ""),
            "scheme": node.extra.get("scheme", ""),
            "note": node.extra.get("note", ""),
            "speaker": node.extra.get("speaker", ""),
            "illocution": node.extra.get("illocution", "") if node.extra.get("illocution") != "asserting" else "",
        }
        for name in NODE_KEYS:
            if values[name]:
                ET.SubElement(element, f"{{{GRAPHML_NS}}}data", key=f"n_{name}").text = values[name]
    for edge in edges:
        element = ET.SubElement(graph, f"{{{GRAPHML_NS}}}edge", id=edge.id, source=edge.source, target=edge.target)
        ET.SubElement(element, f"{{{GRAPHML_NS}}}data", key="e_relation").text = edge.relation
    return ET.tostring(root, encoding="unicode", xml_declaration=True) + "\n"
