"""``make bench``: generate 1k/10k/100k maps in a fresh database and measure every case next to its baseline.

    python -m bench.run            # full run: 1k, 10k and 100k statements
    python -m bench.run --quick    # 1k and 10k only (a few minutes)

Prints one table and writes it into docs/performance.md (``--no-write`` to
skip). The database (``argmap_bench`` on ``DATABASE_URL``'s server) is
dropped and recreated unless ``--reuse`` keeps the maps of an earlier run.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

FULL_SIZES = [1_000, 10_000, 100_000]
QUICK_SIZES = [1_000, 10_000]
FULL_IMPORT_NODES = [10_000, 100_000]
QUICK_IMPORT_NODES = [10_000]
FULL_ATTACKS = [10_000, 100_000, 1_000_000]
QUICK_ATTACKS = [10_000, 100_000]
#: Largest map measured over GraphQL (the full-graph query materialises every row as an object).
GRAPHQL_MAX = 10_000


def reps_for(size: int, reps: int) -> int:
    """Fewer repetitions for the largest inputs, never fewer than three."""
    return reps if size < 100_000 else max(3, reps // 2)


def run_suite(
    *,
    sizes: list[int],
    import_nodes: list[int],
    attacks: list[int],
    reps: int = 5,
    graphql_max: int = GRAPHQL_MAX,
    only_graph: bool = False,
    plain_raw: bool = True,
    log=print,
) -> list:
    """Prepare the maps and measure every case; returns the results in table order.

    The read baselines run on a plain psycopg connection of their own (``plain_raw``), which sees only
    committed rows; the import baseline writes inside Django's transaction, so it runs on Django's.
    """
    from .baselines import RawSQL
    from .cases import Api, graph_cases, grounded_cases, import_cases, search_cases, traversal_cases
    from .data import prepare
    from .measure import run_case

    log(f"Preparing maps of {', '.join(map(str, sizes))} statements…")
    data = prepare(sizes, log=log)
    api = Api(data.token)
    raw = RawSQL.plain(plain_conninfo()) if plain_raw else RawSQL()
    cases = []
    for bench in data.maps:
        r = reps_for(bench.statements, reps)
        cases += graph_cases(api, raw, bench, reps=r, graphql=bench.statements <= graphql_max)
    if only_graph:
        log("Measuring the graph cases only (median of interleaved repetitions)…")
        return [run_case(case, log=log) for case in cases]
    for bench in data.maps:
        cases += traversal_cases(api, raw, bench, reps=reps_for(bench.statements, reps))
    for bench in data.maps:
        cases += search_cases(api, raw, bench, data.workspace.pk, reps=reps_for(bench.statements, reps))
    for nodes in import_nodes:
        cases += import_cases(RawSQL(), data, [nodes], reps=reps_for(nodes, reps), log=log)
    cases += [c for n in attacks for c in grounded_cases([n], reps=reps_for(n // 10, reps))]
    log("Measuring (median of interleaved repetitions)…")
    return [run_case(case, log=log) for case in cases]


def plain_conninfo() -> str:
    """Django's database settings as a libpq connection string, for a connection Django does not own."""
    from django.db import connection
    from psycopg.conninfo import make_conninfo

    s = connection.settings_dict
    params = {"dbname": s["NAME"], "host": s["HOST"], "port": s["PORT"], "user": s["USER"], "password": s["PASSWORD"]}
    return make_conninfo(**{key: str(value) for key, value in params.items() if value})


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="1k and 10k statements only")
    parser.add_argument("--reps", type=int, default=5, help="timed repetitions per case (default 5)")
    parser.add_argument("--database", default=None, help="database name (default argmap_bench)")
    parser.add_argument("--reuse", action="store_true", help="keep the database and its maps from an earlier run")
    parser.add_argument("--no-write", action="store_true", help="print the table only")
    parser.add_argument(
        "--only-graph", action="store_true", help="the whole-graph cases only (REST and GraphQL); implies --no-write"
    )
    parser.add_argument("--output", default="docs/performance.md")
    args = parser.parse_args(argv)

    from .environment import BENCH_DATABASE, configure

    started = time.perf_counter()
    configure(args.database or BENCH_DATABASE, recreate=not args.reuse)
    sizes = QUICK_SIZES if args.quick else FULL_SIZES
    results = run_suite(
        sizes=sizes,
        import_nodes=QUICK_IMPORT_NODES if args.quick else FULL_IMPORT_NODES,
        attacks=QUICK_ATTACKS if args.quick else FULL_ATTACKS,
        reps=args.reps,
        only_graph=args.only_graph,
    )
    from .report import markdown_table, section, write

    elapsed = time.perf_counter() - started
    print()
    print(markdown_table(results))
    command = "make bench" + (" BENCH_ARGS=--quick" if args.quick else "")
    if not (args.no_write or args.only_graph):
        reps_note = f"{args.reps} repetitions per case ({max(3, args.reps // 2)} at 100k statements / 1M attacks)."
        write(Path(args.output), section(results, command=command, elapsed=elapsed, reps_note=reps_note))
        print(f"\nWritten to {args.output} ({elapsed / 60:.1f} min).")
    missed = [r for r in results if r.met is False]
    if missed:
        print(f"{len(missed)} target(s) missed: see docs/performance.md for why.", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
