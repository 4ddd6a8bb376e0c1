"""A layered (Sugiyama-style) layout in pure Python, for the SVG picture and OVA coordinates.

1. Break cycles: depth-first search, reversing back edges.
2. Ranks: longest path from the sources, so every edge points one or more layers down;
   conclusions end up at the bottom, the premises that lead to them above.
3. Order within layers: a few down and up sweeps of the barycentre heuristic.
4. Coordinates: layers stacked vertically, nodes packed left to right by their widths,
   each layer centred.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Iterable

SWEEPS = 4
#: Most dummy points long edges may add; the longest edges beyond it are drawn straight.
MAX_DUMMIES = 20_000


def layered_layout(
    nodes: list[Hashable],
    edges: Iterable[tuple[Hashable, Hashable]],
    *,
    sizes: dict[Hashable, tuple[float, float]] | None = None,
    gap_x: float = 30,
    gap_y: float = 60,
) -> dict[Hashable, tuple[float, float]]:
    """Top-left ``(x, y)`` of every node; ``sizes`` gives each node's ``(width, height)``."""
    return layered_routes(nodes, edges, sizes=sizes, gap_x=gap_x, gap_y=gap_y)[0]


def layered_routes(
    nodes: list[Hashable],
    edges: Iterable[tuple[Hashable, Hashable]],
    *,
    sizes: dict[Hashable, tuple[float, float]] | None = None,
    gap_x: float = 30,
    gap_y: float = 60,
) -> tuple[dict[Hashable, tuple[float, float]], dict[tuple, list[tuple[float, float]]]]:
    """Positions as :func:`layered_layout`, plus for each edge spanning several layers the centre points
    of the dummy nodes it passes through (so it can be drawn around the nodes in between)."""
    sizes = dict(sizes or {})
    known = set(nodes)
    edge_list = [(a, b) for a, b in dict.fromkeys(edges) if a in known and b in known and a != b]
    acyclic = _break_cycles(nodes, edge_list)
    rank = _ranks(nodes, acyclic)
    chains: dict[tuple, list] = {}
    split_edges = []
    all_nodes = list(nodes)
    budget = MAX_DUMMIES
    for a, b in sorted(acyclic, key=lambda edge: rank[edge[1]] - rank[edge[0]]):
        span = rank[b] - rank[a]
        if span <= 1 or span - 1 > budget:
            split_edges.append((a, b))  # adjacent layers, or too long to route: drawn straight
            continue
        budget -= span - 1
        previous, chain = a, []
        for r in range(rank[a] + 1, rank[b]):
            dummy = ("dummy", a, b, r)
            rank[dummy] = r
            sizes[dummy] = (8, 8)
            all_nodes.append(dummy)
            chain.append(dummy)
            split_edges.append((previous, dummy))
            previous = dummy
        split_edges.append((previous, b))
        chains[(a, b)] = chain
    layers: dict[int, list] = defaultdict(list)
    for node in all_nodes:
        layers[rank[node]].append(node)
    _order(layers, split_edges)
    positions = {}
    widths = {
        r: sum(sizes.get(n, (100, 40))[0] for n in layer) + gap_x * (len(layer) - 1) for r, layer in layers.items()
    }
    widest = max(widths.values(), default=0)
    y = 0.0
    for r in sorted(layers):
        layer = layers[r]
        x = (widest - widths[r]) / 2
        height = max((sizes.get(n, (100, 40))[1] for n in layer), default=0)
        for node in layer:
            w, h = sizes.get(node, (100, 40))
            positions[node] = (x, y + (height - h) / 2)
            x += w + gap_x
        y += height + gap_y
    routes = {}
    for (a, b), chain in chains.items():
        points = [(positions[d][0] + 4, positions[d][1] + 4) for d in chain]
        routes[(a, b)] = points
        routes[(b, a)] = list(reversed(points))
    return {n: positions[n] for n in nodes}, routes


def _break_cycles(nodes: list, edges: list[tuple]) -> list[tuple]:
    successors = defaultdict(list)
    for a, b in edges:
        successors[a].append(b)
    state: dict = {}
    back = set()
    for root in nodes:
        if root in state:
            continue
        stack = [(root, iter(successors[root]))]
        state[root] = "open"
        while stack:
            node, children = stack[-1]
            child = next(children, None)
            if child is None:
                state[node] = "done"
                stack.pop()
            elif child not in state:
                state[child] = "open"
                stack.append((child, iter(successors[child])))
            elif state[child] == "open":
                back.add((node, child))
    return [(b, a) if (a, b) in back else (a, b) for a, b in edges]


def _ranks(nodes: list, edges: list[tuple]) -> dict:
    predecessors = defaultdict(list)
    successors = defaultdict(list)
    indegree = dict.fromkeys(nodes, 0)
    for a, b in edges:
        successors[a].append(b)
        predecessors[b].append(a)
        indegree[b] += 1
    rank = dict.fromkeys(nodes, 0)
    ready = [n for n in nodes if indegree[n] == 0]
    while ready:
        node = ready.pop()
        for nxt in successors[node]:
            rank[nxt] = max(rank[nxt], rank[node] + 1)
            indegree[nxt] -= 1
            if indegree[nxt] == 0:
                ready.append(nxt)
    return rank


def _order(layers: dict[int, list], edges: list[tuple]) -> None:
    """Barycentre sweeps; positions are updated layer by layer, so a sweep is linear in nodes plus edges."""
    up = defaultdict(list)
    down = defaultdict(list)
    for a, b in edges:
        down[a].append(b)
        up[b].append(a)
    ranks = sorted(layers)
    position = {n: i for layer in layers.values() for i, n in enumerate(layer)}
    for sweep in range(SWEEPS):
        sequence = ranks[1:] if sweep % 2 == 0 else list(reversed(ranks[:-1]))
        neighbours = up if sweep % 2 == 0 else down
        for r in sequence:

            def barycentre(node, neighbours=neighbours):
                linked = [position[m] for m in neighbours[node]]
                return sum(linked) / len(linked) if linked else position[node]

            layers[r].sort(key=barycentre)
            for i, node in enumerate(layers[r]):
                position[node] = i


def aif_positions(aif: dict) -> dict[str, tuple[float, float]]:
    """OVA coordinates for an AIF document's nodes."""
    nodes = [n["nodeID"] for n in aif["nodes"]]
    sizes = {n["nodeID"]: ((180, 80) if n["type"] == "I" else (80, 30)) for n in aif["nodes"]}
    edges = [(e["fromID"], e["toID"]) for e in aif["edges"]]
    return {k: (x + 20, y + 20) for k, (x, y) in layered_layout(nodes, edges, sizes=sizes).items()}
