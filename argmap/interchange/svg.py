"""An SVG picture of a map, drawn by argmap itself (no Graphviz): layered layout, Japanese-capable fonts.

Statements are boxes coloured by kind (claim: blue, double border; premise:
green; rebuttal: red, cut corner; evidence: amber, folded corner); scheme
applications are small shapes (RA: green pill, CA: red diamond, MA: grey
pill, PA: violet pill). Support edges are solid green, attacks dashed red,
undercuts dotted red. An evaluation label (IN/OUT/UNDEC), when given, shows
as a badge. Lines are wrapped by display width (a CJK character is one em).
"""

from __future__ import annotations

import re
import unicodedata
from xml.sax.saxutils import escape

from .display import (
    APPLICATION_STYLE,
    FONT_STACK,
    KIND_STYLE,
    RELATION_STYLE,
    DisplayEdge,
    DisplayNode,
    section_of,
    speaker_legend,
    speaker_tags,
    spoken_label,
)
from .layout import layered_routes

FONT_SIZE = 13
LINE_HEIGHT = 18
BOX_WIDTH = 220
LINE_EMS = 14
MAX_LINES = 5
PADDING = 10
S_WIDTH, S_HEIGHT = 110, 28
MARGIN = 24
BADGE = {"IN": "#15803d", "OUT": "#b91c1c", "UNDEC": "#a16207"}


def _char_width(char: str) -> float:
    return 1.0 if unicodedata.east_asian_width(char) in ("W", "F") else 0.55


NO_LINE_START = set("、。，．・：；？！ー）」』】〕〉》’”!),.:;?")
TOKEN = re.compile(r"[^\s\u3000-\u9fff\uf900-\ufaff\uff00-\uffef\U00020000-\U0003ffff]+\s*|\S\s*")


def wrap(text: str, ems: float = LINE_EMS, max_lines: int = MAX_LINES) -> list[str]:
    """Lines of at most ``ems`` display width: Latin words stay whole, CJK text breaks between characters
    (never before closing punctuation such as 。); at most ``max_lines`` (0: all), the last ending in …."""
    lines, line, width = [], "", 0.0
    for token in TOKEN.findall(" ".join(text.split())):
        w = sum(_char_width(c) for c in token.rstrip())
        if width + w > ems and line.strip() and token[0] not in NO_LINE_START:
            lines.append(line.rstrip())
            line, width = "", 0.0
        while w > ems:
            cut, used = 0, 0.0
            while cut < len(token) and used + _char_width(token[cut]) <= ems:
                used += _char_width(token[cut])
                cut += 1
            lines.append(token[:cut])
            token = token[cut:]
            w = sum(_char_width(c) for c in token.rstrip())
        line += token
        width += sum(_char_width(c) for c in token)
    if line.strip():
        lines.append(line.rstrip())
    if max_lines and len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] = lines[-1][:-1] + "…"
    return lines or [""]


LEGEND_HEIGHT = 34
SECTION_HEADER = 26


def _sections(nodes: list[DisplayNode], edges: list[DisplayEdge]) -> dict[str, list[str]]:
    """Node ids per section: a statement's own, a scheme application's that of what it concludes or targets."""
    by_id = {n.id: n for n in nodes}
    section = {n.id: section_of(n) for n in nodes if n.family == "statement"}
    for edge in edges:
        if by_id[edge.source].family == "application" and edge.target in section:
            section.setdefault(edge.source, section[edge.target])
    groups: dict[str, list[str]] = {}
    for node in nodes:
        groups.setdefault(section.get(node.id, ""), []).append(node.id)
    return dict(sorted(groups.items(), key=lambda item: (item[0] == "", _natural(item[0]))))


def _natural(text: str) -> list:
    return [(0, int(p), "") if p.isdigit() else (1, 0, p) for p in re.split(r"(\d+)", text) if p]


def _arrange(nodes, edges, sizes, sections: bool):
    """Positions, routes and section frames ``(label, x, y, width, height)``, origin at the drawing's top left."""
    pairs = [(e.source, e.target) for e in edges]
    if not sections:
        positions, routes = layered_routes([n.id for n in nodes], pairs, sizes=sizes)
        return positions, routes, []
    positions, routes, frames, y = {}, {}, [], 0.0
    for label, members in _sections(nodes, edges).items():
        inside = set(members)
        part, part_routes = layered_routes(members, [p for p in pairs if set(p) <= inside], sizes=sizes)
        width = max((x + sizes[k][0] for k, (x, _) in part.items()), default=0)
        height = max((py + sizes[k][1] for k, (_, py) in part.items()), default=0)
        top = y + SECTION_HEADER
        positions.update({k: (x + PADDING, py + top) for k, (x, py) in part.items()})
        routes.update({e: [(x + PADDING, py + top) for x, py in points] for e, points in part_routes.items()})
        frames.append(
            (f"section {label}" if label else "other", 0.0, y, width + 2 * PADDING, height + SECTION_HEADER + PADDING)
        )
        y += height + SECTION_HEADER + PADDING + 30
    return positions, routes, frames


def _legend(nodes: list[DisplayNode], edges: list[DisplayEdge], top: float) -> list[str]:
    items, x = [], MARGIN
    for kind, (stroke, fill, _) in KIND_STYLE.items():
        if any(n.family == "statement" and n.kind == kind for n in nodes):
            items.append(
                f'<rect x="{x}" y="{top}" width="16" height="12" fill="{fill}" stroke="{stroke}" stroke-width="2"/>'
                f'<text x="{x + 20}" y="{top + 10}" font-size="11">{kind}</text>'
            )
            x += 24 + 7 * len(kind) + 12
    for relation, (colour, dash) in RELATION_STYLE.items():
        if any(e.relation == relation for e in edges):
            dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
            items.append(
                f'<line x1="{x}" y1="{top + 6}" x2="{x + 28}" y2="{top + 6}" stroke="{colour}" stroke-width="1.6"'
                f'{dash_attr} marker-end="url(#arrow-{relation})"/>'
                f'<text x="{x + 34}" y="{top + 10}" font-size="11">{relation}</text>'
            )
            x += 40 + 7 * len(relation) + 12
    speakers = speaker_legend(nodes)
    if speakers:
        items.append(
            f'<text class="speakers" x="{x}" y="{top + 10}" font-size="11">'
            f"{escape('speakers: ' + ', '.join(speakers))}</text>"
        )
    return [f'<g class="legend">{"".join(items)}</g>'] if items else []


def render_svg(nodes: list[DisplayNode], edges: list[DisplayEdge], *, title: str = "", sections: bool = False) -> str:
    """The picture: a legend under the title, then the layered drawing; with ``sections``, one framed
    drawing per ``section-…`` tag, stacked."""
    tags = speaker_tags(nodes)
    wrapped = {n.id: wrap(spoken_label(n, tags)) for n in nodes if n.family == "statement"}
    sizes = {
        n.id: (BOX_WIDTH, len(wrapped[n.id]) * LINE_HEIGHT + 2 * PADDING)
        if n.family == "statement"
        else (S_WIDTH, S_HEIGHT)
        for n in nodes
    }
    positions, routes, frames = _arrange(nodes, edges, sizes, sections)
    top = MARGIN + 24 + LEGEND_HEIGHT
    width = max((x + sizes[k][0] for k, (x, _) in positions.items()), default=0) + 2 * MARGIN + 2 * PADDING
    width = max([width, *(fx + fw + 2 * MARGIN for _, fx, _, fw, _ in frames)])
    height = max((y + sizes[k][1] for k, (_, y) in positions.items()), default=0) + MARGIN + top
    centre = {k: (x + MARGIN + sizes[k][0] / 2, y + top + sizes[k][1] / 2) for k, (x, y) in positions.items()}
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width:.0f}" height="{height:.0f}" '
        f'viewBox="0 0 {width:.0f} {height:.0f}" font-family="{escape(FONT_STACK, {chr(34): "&quot;"})}" '
        f'font-size="{FONT_SIZE}" role="img" aria-label="{escape(title, {chr(34): "&quot;"})}">',
        f"<title>{escape(title)}</title>",
        "<defs>",
    ]
    for relation, (colour, _) in RELATION_STYLE.items():
        out.append(
            f'<marker id="arrow-{relation}" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="8" markerHeight="8" '
            f'orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="{colour}"/></marker>'
        )
    out.append("</defs>")
    out.append(f'<rect width="100%" height="100%" fill="#ffffff"/><text x="{MARGIN}" y="{MARGIN}" font-weight="bold">')
    out.append(f"{escape(title)}</text>")
    out += _legend(nodes, edges, MARGIN + 14)
    for label, fx, fy, fw, fh in frames:
        out.append(
            f'<g class="section"><rect x="{fx + MARGIN:.1f}" y="{fy + top:.1f}" width="{fw:.1f}" height="{fh:.1f}" '
            f'rx="8" fill="#f8fafc" stroke="#cbd5e1"/><text x="{fx + MARGIN + PADDING:.1f}" y="{fy + top + 18:.1f}" '
            f'font-weight="bold" fill="#475569">{escape(label)}</text></g>'
        )
    for edge in edges:
        if edge.source not in centre or edge.target not in centre:
            continue
        colour, dash = RELATION_STYLE[edge.relation]
        bends = [(x + MARGIN, y + top) for x, y in routes.get((edge.source, edge.target), [])]
        first = bends[0] if bends else centre[edge.target]
        last = bends[-1] if bends else centre[edge.source]
        start = _border_point(centre[edge.source], sizes[edge.source], first)
        end = _border_point(centre[edge.target], sizes[edge.target], last)
        points = " ".join(f"{x:.1f},{y:.1f}" for x, y in [start, *bends, end])
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        out.append(
            f'<polyline class="edge {edge.relation}" points="{points}" fill="none" '
            f'stroke="{colour}" stroke-width="1.6"{dash_attr} marker-end="url(#arrow-{edge.relation})"/>'
        )
    for node in nodes:
        cx, cy = centre[node.id]
        w, h = sizes[node.id]
        out.append(
            _statement(node, cx, cy, w, h, wrapped[node.id]) if node.family == "statement" else _scheme(node, cx, cy)
        )
    out.append("</svg>")
    return "\n".join(out)


def _border_point(centre: tuple, size: tuple, toward: tuple) -> tuple[float, float]:
    """Where the line from ``centre`` toward ``toward`` leaves the node's box."""
    (cx, cy), (w, h), (tx, ty) = centre, size, toward
    dx, dy = tx - cx, ty - cy
    if dx == 0 and dy == 0:
        return cx, cy
    scale = min((w / 2) / abs(dx) if dx else float("inf"), (h / 2) / abs(dy) if dy else float("inf"))
    return cx + dx * scale, cy + dy * scale


def _statement(node: DisplayNode, cx: float, cy: float, w: float, h: float, lines: list[str]) -> str:
    stroke, fill, shape = KIND_STYLE.get(node.kind, KIND_STYLE["premise"])
    x, y = cx - w / 2, cy - h / 2
    dash = ' stroke-dasharray="5 3"' if node.status in ("draft", "proposed") else ""
    if shape == "claim":
        body = (
            f'<rect x="{x:.1f}" y="{y:.1f}" width="{w}" height="{h}" rx="10" fill="{fill}" stroke="{stroke}" '
            f'stroke-width="3"{dash}/><rect x="{x + 3:.1f}" y="{y + 3:.1f}" width="{w - 6}" height="{h - 6}" rx="8" '
            f'fill="none" stroke="{stroke}" stroke-width="1"/>'
        )
    elif shape == "rebuttal":
        cut = 12
        body = (
            f'<path d="M{x + cut:.1f},{y:.1f} H{x + w:.1f} V{y + h:.1f} H{x:.1f} V{y + cut:.1f} Z" fill="{fill}" '
            f'stroke="{stroke}" stroke-width="2"{dash}/>'
        )
    elif shape == "evidence":
        fold = 12
        body = (
            f'<path d="M{x:.1f},{y:.1f} H{x + w - fold:.1f} L{x + w:.1f},{y + fold:.1f} V{y + h:.1f} H{x:.1f} Z" '
            f'fill="{fill}" stroke="{stroke}" stroke-width="2"{dash}/>'
            f'<path d="M{x + w - fold:.1f},{y:.1f} V{y + fold:.1f} H{x + w:.1f}" fill="none" stroke="{stroke}"/>'
        )
    else:
        body = (
            f'<rect x="{x:.1f}" y="{y:.1f}" width="{w}" height="{h}" rx="2" fill="{fill}" stroke="{stroke}" '
            f'stroke-width="2"{dash}/>'
        )
    text = "".join(
        f'<tspan x="{x + PADDING:.1f}" y="{y + PADDING + (i + 1) * LINE_HEIGHT - 5:.1f}">{escape(line)}</tspan>'
        for i, line in enumerate(lines)
    )
    return (
        f'<g class="node statement {escape(node.kind)}" data-id="{node.id}"><title>{escape(node.kind)}: '
        f'{escape(spoken_label(node))}</title>{body}<text fill="#111827">{text}</text>{_badge(node, x + w, y)}</g>'
    )


def _scheme(node: DisplayNode, cx: float, cy: float) -> str:
    stroke, fill, short = APPLICATION_STYLE[node.kind]
    w, h = S_WIDTH, S_HEIGHT
    if node.kind == "conflict":
        shape = (
            f'<polygon points="{cx:.1f},{cy - h / 2 - 4:.1f} {cx + w / 2:.1f},{cy:.1f} {cx:.1f},{cy + h / 2 + 4:.1f} '
            f'{cx - w / 2:.1f},{cy:.1f}" fill="{fill}" stroke="{stroke}" stroke-width="1.5"/>'
        )
    else:
        shape = (
            f'<rect x="{cx - w / 2:.1f}" y="{cy - h / 2:.1f}" width="{w}" height="{h}" rx="{h / 2}" fill="{fill}" '
            f'stroke="{stroke}" stroke-width="1.5"/>'
        )
    label = wrap(node.label, ems=14, max_lines=1)[0]
    return (
        f'<g class="node application {node.kind}" data-id="{node.id}"><title>{short}: {escape(node.label)}</title>'
        f'{shape}<text x="{cx:.1f}" y="{cy + 4:.1f}" text-anchor="middle" font-size="11" fill="#111827">'
        f"{escape(label)}</text>{_badge(node, cx + w / 2, cy - h / 2)}</g>"
    )


def _badge(node: DisplayNode, right: float, top: float) -> str:
    if not node.evaluation:
        return ""
    colour = BADGE.get(node.evaluation, "#374151")
    return (
        f'<g class="evaluation {node.evaluation}"><rect x="{right - 44:.1f}" y="{top - 9:.1f}" width="46" height="16" '
        f'rx="8" fill="{colour}"/><text x="{right - 21:.1f}" y="{top + 3:.1f}" text-anchor="middle" font-size="10" '
        f'fill="#ffffff">{escape(node.evaluation)}</text></g>'
    )
