"""A layered (Sugiyama-style) layout in pure Python, for the SVG picture and OVA coordinates.

1. Break cycles: depth-first search, reversing back edges.
2. Ranks: longest path from the sources, so every edge points one or more layers down;
   conclusions end up at the bottom, the premises that lead to them above.
3. Order within layers: down and up sweeps of the barycentre heuristic, keeping the
   order with the fewest crossings seen (counted exactly, by inversions, per pair of layers).
4. Coordinates: layers stacked vertically, nodes packed left to right by their widths,
   each layer centred.
5. Connected parts are laid out one by one and packed in rows no wider than about the
   square root of the picture's area, instead of side by side in one very wide row.

An edge spanning several layers passes through dummy points placed in the gaps of the
rows it crosses. (Routing it straight down through each row instead, from the row's top
to its bottom, halved the segments that cut through boxes on the report's map but doubled
the crossings; the centre points were kept.)
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Iterable

SWEEPS = 4
#: Layers the sources of one target are spread over.
STAGGER = 3
#: Graphs up to this many nodes (dummies included) get more sweeps and exact crossing counts.
CAREFUL_UP_TO = 5_000
CAREFUL_SWEEPS = 16
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
    parts = _components(nodes, edge_list)
    if len(parts) > 1:
        return _packed(parts, edge_list, sizes, gap_x, gap_y)
    return _layered_part(nodes, edge_list, sizes, gap_x, gap_y)


def _components(nodes: list, edges: list[tuple]) -> list[list]:
    parent = {n: n for n in nodes}

    def find(n):
        while parent[n] != n:
            parent[n] = parent[parent[n]]
            n = parent[n]
        return n

    for a, b in edges:
        parent[find(a)] = find(b)
    parts: dict = defaultdict(list)
    for n in nodes:
        parts[find(n)].append(n)
    return sorted(parts.values(), key=len, reverse=True)


def _packed(parts: list[list], edges: list[tuple], sizes: dict, gap_x: float, gap_y: float):
    """Each connected part laid out alone, the parts placed left to right in rows of bounded width
    (largest first), rows stacked."""
    part_of = {n: i for i, part in enumerate(parts) for n in part}
    part_edges: dict[int, list] = defaultdict(list)
    for a, b in edges:
        part_edges[part_of[a]].append((a, b))
    laid = []
    for i, part in enumerate(parts):
        positions, routes = _layered_part(part, part_edges[i], sizes, gap_x, gap_y)
        width = max((x + sizes.get(n, (100, 40))[0] for n, (x, _) in positions.items()), default=0)
        height = max((y + sizes.get(n, (100, 40))[1] for n, (_, y) in positions.items()), default=0)
        laid.append((positions, routes, width, height))
    area = sum((w + gap_x) * (h + gap_y) for _, _, w, h in laid)
    limit = max(max(w for _, _, w, _ in laid), (area * 1.6) ** 0.5)
    positions, routes = {}, {}
    x = y = row_height = 0.0
    for part_positions, part_routes, width, height in laid:
        if x > 0 and x + width > limit:
            x, y, row_height = 0.0, y + row_height + gap_y, 0.0
        for n, (px, py) in part_positions.items():
            positions[n] = (px + x, py + y)
        for edge, points in part_routes.items():
            routes[edge] = [(px + x, py + y) for px, py in points]
        x += width + 2 * gap_x
        row_height = max(row_height, height)
    return positions, routes


def _layered_part(nodes: list, edge_list: list[tuple], sizes: dict, gap_x: float, gap_y: float):
    acyclic = _break_cycles(nodes, edge_list)
    rank = _ranks(nodes, acyclic)
    _lower_sources(nodes, acyclic, rank)
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


def crossings(layers: dict[int, list], edges: list[tuple]) -> int:
    """Edge crossings between adjacent layers of a proper layering (every edge joins layers r and r + 1),
    counted as inversions: O(E log E)."""
    position = {n: i for layer in layers.values() for i, n in enumerate(layer)}
    rank = {n: r for r, layer in layers.items() for n in layer}
    between: dict[int, list] = defaultdict(list)
    for a, b in edges:
        if rank[a] + 1 == rank[b]:
            between[rank[a]].append((position[a], position[b]))
        elif rank[b] + 1 == rank[a]:
            between[rank[b]].append((position[b], position[a]))
    return sum(_inversions([q for _, q in sorted(pairs)]) for pairs in between.values())


def _inversions(values: list) -> int:
    if len(values) < 2:
        return 0
    middle = len(values) // 2
    left, right = values[:middle], values[middle:]
    count = _inversions(left) + _inversions(right)
    left.sort()
    right.sort()
    i = 0
    for value in right:
        while i < len(left) and left[i] <= value:
            i += 1
        count += len(left) - i
    return count


def _lower_sources(nodes: list, edges: list[tuple], rank: dict) -> None:
    """Move every source (nothing leads to it) down next to what it leads to, and spread the sources of one
    target over up to :data:`STAGGER` layers: longest-path ranking puts all sources in the top layer, which
    made the report's picture one very wide row of premises."""
    successors = defaultdict(list)
    has_incoming = set()
    for a, b in edges:
        successors[a].append(b)
        has_incoming.add(b)
    siblings: dict = defaultdict(int)
    for node in nodes:
        if node in has_incoming or not successors[node]:
            continue
        target = min(successors[node], key=lambda n: rank[n])
        offset = siblings[target] % STAGGER
        siblings[target] += 1
        rank[node] = max(rank[node], rank[target] - 1 - offset, 0)


def _order(layers: dict[int, list], edges: list[tuple]) -> None:
    """Barycentre sweeps; positions are updated layer by layer, so a sweep is linear in nodes plus edges.
    Small graphs get more sweeps and keep the ordering with the fewest crossings."""
    up = defaultdict(list)
    down = defaultdict(list)
    for a, b in edges:
        down[a].append(b)
        up[b].append(a)
    ranks = sorted(layers)
    position = {n: i for layer in layers.values() for i, n in enumerate(layer)}
    careful = sum(len(layer) for layer in layers.values()) <= CAREFUL_UP_TO
    best = (crossings(layers, edges), {r: list(layer) for r, layer in layers.items()}) if careful else None
    for sweep in range(CAREFUL_SWEEPS if careful else SWEEPS):
        sequence = ranks[1:] if sweep % 2 == 0 else list(reversed(ranks[:-1]))
        neighbours = up if sweep % 2 == 0 else down
        for r in sequence:

            def barycentre(node, neighbours=neighbours):
                linked = [position[m] for m in neighbours[node]]
                return sum(linked) / len(linked) if linked else position[node]

            layers[r].sort(key=barycentre)
            for i, node in enumerate(layers[r]):
                position[node] = i
        if careful:
            count = crossings(layers, edges)
            if count < best[0]:
                best = (count, {r: list(layer) for r, layer in layers.items()})
    if careful:
        for r, layer in best[1].items():
            layers[r][:] = layer


def aif_positions(aif: dict) -> dict[str, tuple[float, float]]:
    """OVA coordinates for an AIF document's nodes."""
    nodes = [n["nodeID"] for n in aif["nodes"]]
    sizes = {n["nodeID"]: ((180, 80) if n["type"] == "I" else (80, 30)) for n in aif["nodes"]}
    edges = [(e["fromID"], e["toID"]) for e in aif["edges"]]
    return {k: (x + 20, y + 20) for k, (x, y) in layered_layout(nodes, edges, sizes=sizes).items()}
