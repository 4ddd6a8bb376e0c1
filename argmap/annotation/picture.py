"""The map picture in the admin: a layered SVG of the argument graph.

Conclusions sit at the top, what supports or attacks them below. Statements are
boxes coloured by kind, scheme applications small labelled nodes (RA with its
scheme, CA with rebut/undermine/undercut). Review status shows in the border
(dashed = draft, dotted = proposed, solid = accepted, grey = rejected) and an
evaluation label, when given, in a corner badge. Used until the interchange
renderer is available to the admin (see docs/decisions.md).
"""

from __future__ import annotations

import unicodedata
from collections import defaultdict
from xml.sax.saxutils import escape

KIND_COLOURS = {
    "claim": ("#1d4ed8", "#dbeafe"),
    "premise": ("#15803d", "#dcfce7"),
    "rebuttal": ("#b91c1c", "#fee2e2"),
    "evidence": ("#b45309", "#fef3c7"),
}
STATUS_DASH = {"draft": "6 4", "proposed": "2 3", "accepted": "", "rejected": "4 4"}
FONT_STACK = (
    "'Noto Sans CJK JP', 'Noto Sans JP', 'Hiragino Kaku Gothic ProN', 'Hiragino Sans', "
    "'Yu Gothic', YuGothic, Meiryo, sans-serif"
)
BOX_WIDTH = 200
LINE_EMS = 13.5
FONT_SIZE = 12
LINE_HEIGHT = 16
MAX_LINES = 4
S_NODE_WIDTH = 132
S_NODE_HEIGHT = 24
GAP_X = 28
GAP_Y = 56
MARGIN = 20


def _width_of(char: str) -> float:
    return 1.0 if unicodedata.east_asian_width(char) in {"W", "F"} else 0.55


def wrap(text: str, ems: float = LINE_EMS, max_lines: int = MAX_LINES) -> list[str]:
    """Break text into lines by display width (CJK characters are one em, others about half)."""
    lines, line, width = [], "", 0.0
    for char in " ".join(text.split()):
        w = _width_of(char)
        if width + w > ems and line:
            lines.append(line)
            line, width = "", 0.0
        line += char
        width += w
    if line:
        lines.append(line)
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] = lines[-1][:-1] + "…"
    return lines or [""]


def _ranks(node_ids: list, successors: dict) -> dict:
    """Longest distance to a sink (a node nothing leads on from); cycles are cut where met."""
    ranks: dict = {}
    visiting: set = set()

    def rank(node) -> int:
        if node in ranks:
            return ranks[node]
        if node in visiting:
            return 0
        visiting.add(node)
        result = 1 + max((rank(s) for s in successors.get(node, ())), default=-1)
        visiting.discard(node)
        ranks[node] = result
        return result

    for node in node_ids:
        rank(node)
    return ranks


def render_map_svg(graph: dict, labels: dict | None = None, selected: object = None) -> str:
    """``graph`` as :func:`argmap.selectors.annotation.visible_map_graph` returns it; ``labels`` maps node ids to
    evaluation labels (e.g. ``in``/``out``/``undec``)."""
    labels = labels or {}
    statements = {s["id"]: s for s in graph["statements"]}
    applications = {a["id"]: a for a in graph["applications"]}
    successors: dict = defaultdict(list)
    touched = set()
    for edge in graph["edges"]:
        far = edge["statement_id"] or edge["other_application_id"]
        if far not in statements and far not in applications:
            continue
        if edge["role"] == "antecedent":
            successors[far].append(edge["application_id"])
        else:
            successors[edge["application_id"]].append(far)
        touched.update((far, edge["application_id"]))
    connected = [n for n in (*statements, *applications) if n in touched]
    loose = [n for n in statements if n not in touched]
    ranks = _ranks(connected, successors)
    rows: dict = defaultdict(list)
    for node in connected:
        rows[ranks[node]].append(node)
    if loose:
        rows[max(rows, default=-1) + 1] = loose

    sizes = {}
    for node in (*statements, *applications):
        if node in statements:
            sizes[node] = (BOX_WIDTH, 16 + LINE_HEIGHT * len(wrap(statements[node]["text"])) + 14)
        else:
            sizes[node] = (S_NODE_WIDTH, S_NODE_HEIGHT)

    order = _order_rows([rows[rank] for rank in sorted(rows)], successors, sizes, loose_row=bool(loose))
    positions = {}
    y = MARGIN
    width = 0
    for nodes in order:
        x = MARGIN
        height = max(sizes[n][1] for n in nodes)
        for node in nodes:
            w, h = sizes[node]
            positions[node] = (x, y + (height - h) / 2)
            x += w + GAP_X
        width = max(width, x)
        y += height + GAP_Y

    total_width = max(width + MARGIN - GAP_X, 320)
    total_height = max(y - GAP_Y + MARGIN, 120)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="argmap-picture" width="{total_width:.0f}" '
        f'height="{total_height:.0f}" viewBox="0 0 {total_width:.0f} {total_height:.0f}" '
        f'font-family="{escape(FONT_STACK)}" font-size="{FONT_SIZE}" role="img" aria-label="argument map">',
        "<defs>"
        '<marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">'
        '<path d="M0,0 L10,5 L0,10 z" fill="#475569"/></marker>'
        '<marker id="arrow-attack" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">'
        '<path d="M0,0 L10,5 L0,10 z" fill="#b91c1c"/></marker>'
        "</defs>",
    ]
    if not positions:
        parts.append(f'<text x="{MARGIN}" y="{MARGIN + 20}" fill="#64748b">No statements yet.</text>')
    for edge in graph["edges"]:
        far = edge["statement_id"] or edge["other_application_id"]
        if far not in positions or edge["application_id"] not in positions:
            continue
        source, target = (
            (far, edge["application_id"]) if edge["role"] == "antecedent" else (edge["application_id"], far)
        )
        attack = applications.get(edge["application_id"], {}).get("type") == "conflict"
        parts.append(_edge(positions, sizes, source, target, attack))
    for node, (x, y) in positions.items():
        if node in statements:
            parts.append(_statement(statements[node], x, y, sizes[node], labels.get(node), node == selected))
        else:
            parts.append(_application(applications[node], x, y, labels.get(node), node == selected))
    parts.append("</svg>")
    return "".join(parts)


def _centres(rows: list[list], sizes: dict) -> dict:
    centres = {}
    for nodes in rows:
        x = MARGIN
        for node in nodes:
            centres[node] = x + sizes[node][0] / 2
            x += sizes[node][0] + GAP_X
    return centres


def _order_rows(rows: list[list], successors: dict, sizes: dict, *, loose_row: bool, sweeps: int = 4) -> list[list]:
    """Order each row by the mean position of its neighbours (barycentre heuristic), sweeping
    down (towards what a node leads to) and up (towards what leads to it) a few times to
    reduce crossings. The row of unconnected statements keeps its order."""
    predecessors: dict = defaultdict(list)
    for node, targets in successors.items():
        for target in targets:
            predecessors[target].append(node)
    rows = [sorted(nodes, key=str) for nodes in rows]
    layered = rows[:-1] if loose_row else rows

    def reorder(index: int, neighbours: dict) -> None:
        centres = _centres(rows, sizes)
        current = {node: centres[node] for node in layered[index]}

        def key(node):
            xs = [centres[n] for n in neighbours.get(node, ()) if n in centres]
            return (sum(xs) / len(xs) if xs else current[node], current[node])

        layered[index].sort(key=key)

    for _ in range(sweeps):
        for index in range(1, len(layered)):
            reorder(index, successors)
        for index in range(len(layered) - 2, -1, -1):
            reorder(index, predecessors)
    return rows


def _edge(positions, sizes, source, target, attack: bool) -> str:
    sx, sy = positions[source]
    sw, sh = sizes[source]
    tx, ty = positions[target]
    tw, th = sizes[target]
    x1, x2 = sx + sw / 2, tx + tw / 2
    if sy > ty:
        y1, y2 = sy, ty + th
    else:
        y1, y2 = sy + sh, ty
    colour = "#b91c1c" if attack else "#475569"
    marker = "arrow-attack" if attack else "arrow"
    return (
        f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" stroke="{colour}" '
        f'stroke-width="1.5" marker-end="url(#{marker})"/>'
    )


def _badge(x: float, y: float, label: str) -> str:
    fill = {"in": "#15803d", "out": "#b91c1c"}.get(label.lower(), "#64748b")
    return (
        f'<g class="eval-label"><rect x="{x - 34:.1f}" y="{y - 8:.1f}" width="40" height="16" rx="8" fill="{fill}"/>'
        f'<text x="{x - 14:.1f}" y="{y + 4:.1f}" text-anchor="middle" fill="#fff" font-size="10">'
        f"{escape(label.upper())}</text></g>"
    )


def _statement(statement: dict, x: float, y: float, size, label, selected: bool) -> str:
    w, h = size
    stroke, fill = KIND_COLOURS.get(statement["kind"], ("#334155", "#f1f5f9"))
    rejected = statement["status"] == "rejected"
    if rejected:
        stroke, fill = "#94a3b8", "#f1f5f9"
    dash = STATUS_DASH.get(statement["status"], "")
    lines = wrap(statement["text"])
    strike = ' text-decoration="line-through"' if rejected else ""
    text = "".join(
        f'<text x="{x + 8:.1f}" y="{y + 30 + i * LINE_HEIGHT:.1f}" fill="#0f172a"{strike}>{escape(line)}</text>'
        for i, line in enumerate(lines)
    )
    head = f"{statement['kind']} · {statement['status']}"
    parts = [
        f'<g class="node statement kind-{escape(statement["kind"])} status-{escape(statement["status"])}" '
        f'data-node="{statement["id"]}" data-family="statement" tabindex="0">',
        f'<rect x="{x:.1f}" y="{y:.1f}" width="{w}" height="{h}" rx="6" fill="{fill}" stroke="{stroke}" '
        f'stroke-width="{3 if selected else 1.6}"' + (f' stroke-dasharray="{dash}"' if dash else "") + "/>",
        f'<text x="{x + 8:.1f}" y="{y + 13:.1f}" fill="{stroke}" font-size="10">{escape(head)}</text>',
        text,
    ]
    if label:
        parts.append(_badge(x + w, y, label))
    parts.append("</g>")
    return "".join(parts)


def _application(application: dict, x: float, y: float, label, selected: bool) -> str:
    if application["type"] == "inference":
        scheme = (application.get("scheme__name") or "").removeprefix("Argument from ").removeprefix("the ")
        caption = "RA" + (f": {scheme}" if scheme else "")
        stroke, fill = "#334155", "#f8fafc"
    elif application["type"] == "conflict":
        caption = "CA" + (f": {application['conflict_kind']}" if application.get("conflict_kind") else "")
        stroke, fill = "#b91c1c", "#fff1f2"
    else:
        caption = {"rephrase": "MA", "preference": "PA"}.get(application["type"], application["type"])
        stroke, fill = "#6d28d9", "#f5f3ff"
    if application["status"] == "rejected":
        stroke = "#94a3b8"
    dash = STATUS_DASH.get(application["status"], "")
    caption = wrap(caption, ems=S_NODE_WIDTH / FONT_SIZE * 1.1, max_lines=1)[0]
    parts = [
        f'<g class="node application type-{escape(application["type"])} status-{escape(application["status"])}" '
        f'data-node="{application["id"]}" data-family="application" tabindex="0">',
        f'<rect x="{x:.1f}" y="{y:.1f}" width="{S_NODE_WIDTH}" height="{S_NODE_HEIGHT}" rx="12" fill="{fill}" '
        f'stroke="{stroke}" stroke-width="{3 if selected else 1.4}"'
        + (f' stroke-dasharray="{dash}"' if dash else "")
        + "/>",
        f'<text x="{x + S_NODE_WIDTH / 2:.1f}" y="{y + 16:.1f}" text-anchor="middle" font-size="10" fill="{stroke}">'
        f"{escape(caption)}</text>",
    ]
    if label:
        parts.append(_badge(x + S_NODE_WIDTH, y, label))
    parts.append("</g>")
    return "".join(parts)
