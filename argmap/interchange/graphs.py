"""DOT (Graphviz) and GraphML exports of a map, from the same display graph as the SVG picture."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from .display import APPLICATION_STYLE, KIND_STYLE, RELATION_STYLE, DisplayEdge, DisplayNode

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


def _dot_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def render_dot(nodes: list[DisplayNode], edges: list[DisplayEdge], *, title: str = "") -> str:
    lines = [
        "digraph argmap {",
        f'  graph [label={_dot_string(title)}, labelloc=t, rankdir=TB, charset="UTF-8", fontname="Noto Sans CJK JP"];',
        '  node [fontname="Noto Sans CJK JP", fontsize=11];',
        '  edge [fontname="Noto Sans CJK JP", fontsize=9];',
    ]
    for node in nodes:
        if node.family == "statement":
            stroke, fill, _ = KIND_STYLE.get(node.kind, KIND_STYLE["premise"])
            label = node.label if len(node.label) <= 120 else node.label[:119] + "…"
            attributes = {
                "label": label,
                "shape": DOT_SHAPES.get(node.kind, "box"),
                "style": DOT_STYLES.get(node.kind, "filled"),
                "color": stroke,
                "fillcolor": fill,
                "tooltip": f"{node.kind}: {node.label}",
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
                "class": f"application {node.kind}",
            }
        if node.evaluation:
            attributes["xlabel"] = node.evaluation
        rendered = ", ".join(f"{k}={_dot_string(v)}" for k, v in attributes.items())
        lines.append(f"  {_dot_string(node.id)} [{rendered}];")
    for edge in edges:
        colour, _ = RELATION_STYLE[edge.relation]
        lines.append(
            f"  {_dot_string(edge.source)} -> {_dot_string(edge.target)} "
            f'[color="{colour}", style={DOT_EDGE_STYLES[edge.relation]}, class="{edge.relation}"];'
        )
    lines.append("}")
    return "\n".join(lines) + "\n"


GRAPHML_NS = "http://graphml.graphdrawing.org/xmlns"
NODE_KEYS = ("family", "kind", "label", "status", "evaluation", "gloss", "scheme", "note")
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
        }
        for name in NODE_KEYS:
            if values[name]:
                ET.SubElement(element, f"{{{GRAPHML_NS}}}data", key=f"n_{name}").text = values[name]
    for edge in edges:
        element = ET.SubElement(graph, f"{{{GRAPHML_NS}}}edge", id=edge.id, source=edge.source, target=edge.target)
        ET.SubElement(element, f"{{{GRAPHML_NS}}}data", key="e_relation").text = edge.relation
    return ET.tostring(root, encoding="unicode", xml_declaration=True) + "\n"
