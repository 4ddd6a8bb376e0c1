"""REST graph and neighbourhood side by side with a raw read: ``python -m bench.graph_reads [--sizes 1000 10000]``.

The subject goes through Django's whole stack in process (test client with the bench owner's token:
middleware, authentication, DRF, the selectors, rendering). The baseline reads the same rows on its own
plain ``psycopg.connect`` connection (psycopg's C loaders, no Django) and writes them with orjson; it
pays no HTTP either, so the ratio is stricter than over loopback. Runs alternate (ABAB…, the first of
each pair swapped every repetition) and the figure is the ratio of the medians. Peak memory is the
highest Python heap (``tracemalloc``) during one untimed request. The neighbourhood is also timed beside a
REST statement detail of its origin (same token and stack, one small row): Django's per-request floor. Uses its own database
(``argmap_graphreads`` by default), seeded like the bench's maps and kept between runs.
"""

from __future__ import annotations

import argparse
import gc
import os
import statistics
import time
import tracemalloc

DATABASE = "argmap_graphreads"


class PlainRaw:
    """:class:`bench.baselines.RawSQL`'s interface on a plain psycopg connection of its own."""

    def __init__(self, url: str):
        import psycopg

        self.connection = psycopg.connect(url, autocommit=True)
        self.queries = 0

    def rows(self, sql, params):
        self.queries += 1
        with self.connection.cursor() as cursor:
            cursor.execute(sql, params)
            names = [column.name for column in cursor.description]
            return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]

    def tuples(self, sql, params):
        self.queries += 1
        with self.connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()


def interleaved(subject, baseline, reps: int, *others) -> tuple[float, ...]:
    """Medians of ``subject``, ``baseline`` and ``others``, run in turn (the order reversed every repetition)."""
    runs = (subject, baseline, *others)
    for run in runs:
        run()
    times: dict = {run: [] for run in runs}
    for rep in range(reps):
        for run in runs if rep % 2 == 0 else runs[::-1]:
            gc.collect()
            started = time.perf_counter()
            run()
            times[run].append(time.perf_counter() - started)
    return tuple(statistics.median(times[run]) for run in runs)


def peak_memory(call) -> int:
    gc.collect()
    tracemalloc.start()
    try:
        call()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=[1000, 10000], help="sizes for the graph")
    parser.add_argument("--depth-sizes", type=int, nargs="*", default=[], help="sizes for the neighbourhood")
    parser.add_argument("--reps", type=int, default=7)
    parser.add_argument("--database", default=DATABASE)
    parser.add_argument("--no-memory", action="store_true")
    args = parser.parse_args()

    from .environment import configure, database_url

    configure(args.database, recreate=False, migrate=True)
    from .baselines import raw_graph, raw_neighbourhood
    from .cases import TRAVERSAL_DEPTHS, Api
    from .data import prepare

    data = prepare(sorted(set(args.sizes) | set(args.depth_sizes)))
    api = Api(data.token)
    raw = PlainRaw(database_url(args.database))
    print(f"load average {load()}, {args.reps} reps, medians", flush=True)
    for bench in data.maps:
        if bench.statements not in args.sizes:
            continue
        map_id = bench.argument_map.pk
        path = f"/api/v1/maps/{map_id}/graph/"
        rest, base = interleaved(
            lambda path=path: api.get(path).content, lambda map_id=map_id: raw_graph(raw, map_id), args.reps
        )
        line = (
            f"graph {bench.label:>4}: REST {rest * 1000:8.1f} ms  raw {base * 1000:8.1f} ms  ratio {rest / base:5.2f}×"
        )
        if not args.no_memory:
            line += f"  peak heap {peak_memory(lambda path=path: api.get(path)) / 2**20:6.1f} MiB"
        print(line, flush=True)
    for bench in data.maps:
        if bench.statements not in args.depth_sizes:
            continue
        origin = bench.origin.pk
        for depth in TRAVERSAL_DEPTHS:
            path = f"/api/v1/statements/{origin}/neighbourhood/?depth={depth}&direction=both"
            rest, base, floor = interleaved(
                lambda path=path: api.get(path).content,
                lambda depth=depth, origin=origin: raw_neighbourhood(raw, origin, depth),
                args.reps,
                lambda origin=origin: api.get(f"/api/v1/statements/{origin}/").content,
            )
            print(
                f"neighbourhood {bench.label:>4} depth {depth}: REST {rest * 1000:7.2f} ms  "
                f"CTE+rows {base * 1000:7.2f} ms  ratio {rest / base:5.2f}×  "
                f"(floor: REST detail of the origin {floor * 1000:7.2f} ms, {floor / base:5.2f}× the CTE+rows)",
                flush=True,
            )
    print(f"load average {load()}")


if __name__ == "__main__":
    main()
