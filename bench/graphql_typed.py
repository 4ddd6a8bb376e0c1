"""Typed GraphQL before vs. after a change, in-process, interleaved: two worker processes, one per code tree.

``python -m bench.graphql_typed --before main`` exports ``main`` (any git ref) to a temporary tree and starts
one worker on it and one on this tree, both on the bench database (``argmap_gqlspeed`` by default, created
and seeded on first use). Each worker loads Django as production does (``DEBUG=0``, the GC settled as
``config.memory.settle_worker`` does after a gunicorn worker's init) and answers requests through Django's
whole WSGI stack with the bench owner's token; it times each request itself, so no pipe or client-side
parse is in a timed span. Rounds alternate which worker goes first. Printed per case: median ms of each,
before / after, and whether the two response bodies are byte-identical (the referee: same data, same errors).

Cases: the typed whole map (``bench.cases.GRAPH_QUERY``) at each size, and the visualiser's query
(:data:`VISUALISER_QUERY`: a page of 1,000 statements with their supports, attacks and anchors). The
after worker also times ``bench.baselines.raw_graph`` (psycopg + orjson on Django's connection, the same
rows) for the whole map, so "after / raw" is printed too.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent.parent

VISUALISER_QUERY = """
query ($id: ID!) { map(id: $id) { statements(first: 1000) { edges { node {
  id key text kind status
  supports { id }
  attackedBy { kind attacker { id } }
  anchors { start end exact document { id } }
} } } } }
"""
DATABASE = "argmap_gqlspeed"


def serve(tree: Path, database: str, sizes: list[int]) -> None:
    """A worker: reads ``<case> <size>`` lines, answers ``<seconds> <sha256 of the body> <bytes>``."""
    os.chdir(tree)
    # Run as a script, its own folder comes first on the path, where bench/http.py would shadow the stdlib's http.
    sys.path[:] = [entry for entry in sys.path if Path(entry or ".").resolve() != Path(__file__).resolve().parent]
    sys.path.insert(0, str(tree))
    (tree / "var" / "static").mkdir(parents=True, exist_ok=True)
    from bench.environment import configure

    configure(database, recreate=False, migrate=False)
    import orjson
    from graphql_relay import to_global_id

    from bench.baselines import RawSQL, raw_graph
    from bench.cases import GRAPH_QUERY, Api
    from bench.data import prepare
    from config.memory import settle_worker

    data = prepare(sizes, log=lambda message: print(message, file=sys.stderr))
    api, raw = Api(data.token), RawSQL()
    maps = {bench.statements: bench.argument_map for bench in data.maps}
    queries = {"graph": GRAPH_QUERY, "visualiser": VISUALISER_QUERY}

    def run(case: str, size: int) -> bytes:
        if case == "raw":
            return raw_graph(raw, maps[size].pk)
        variables = {"id": to_global_id("Map", str(maps[size].pk))}
        response = api.post_graphql(queries[case], variables)
        if response.status_code != 200:
            raise AssertionError(f"{case} {size}: {response.status_code}")
        return response.content

    for case in queries:
        for size in sizes:
            body = orjson.loads(run(case, size))
            if body.get("errors"):
                raise AssertionError(f"{case} {size}: {str(body['errors'])[:300]}")
    settle_worker()
    print("ready", flush=True)
    for line in sys.stdin:
        case, size = line.split()
        started = time.perf_counter()
        body = run(case, int(size))
        elapsed = time.perf_counter() - started
        print(elapsed, hashlib.sha256(body).hexdigest(), len(body), flush=True)


class Worker:
    def __init__(self, name: str, tree: Path, database: str, sizes: list[int]):
        self.name = name
        command = [sys.executable, str(Path(__file__).resolve()), "--serve", str(tree), "--database", database]
        command += ["--sizes", *map(str, sizes)]
        self.process = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        line = self.process.stdout.readline().strip()
        if line != "ready":
            raise RuntimeError(f"{name} worker did not start: {line!r}")

    def ask(self, case: str, size: int) -> tuple[float, str, int]:
        self.process.stdin.write(f"{case} {size}\n")
        self.process.stdin.flush()
        seconds, digest, length = self.process.stdout.readline().split()
        return float(seconds), digest, int(length)

    def close(self) -> None:
        self.process.stdin.close()
        self.process.wait(timeout=60)


def export(ref: str) -> Path:
    target = Path(tempfile.mkdtemp(prefix="argmap-before-"))
    archive = subprocess.run(["git", "-C", str(HERE), "archive", ref], check=True, capture_output=True).stdout
    subprocess.run(["tar", "-x", "-C", str(target)], input=archive, check=True)
    return target


def seed(database: str, sizes: list[int]) -> None:
    """Create the bench database unless it exists, and its maps (Django is configured once per process: a child)."""
    import psycopg

    from bench.environment import configure, database_url

    with psycopg.connect(database_url("postgres"), autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [database]).fetchone()
    configure(database, recreate=not exists)
    from bench.data import prepare

    prepare(sizes, log=lambda message: print(message, file=sys.stderr))


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--before", default="main", help="git ref of the code to compare against")
    parser.add_argument("--database", default=DATABASE)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--reps", type=int, default=5)
    parser.add_argument("--cases", nargs="+", default=["graph", "visualiser"])
    parser.add_argument("--serve", help=argparse.SUPPRESS)
    parser.add_argument("--seed", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.serve:
        serve(Path(args.serve), args.database, args.sizes)
        return 0
    if args.seed:
        seed(args.database, args.sizes)
        return 0

    sizes = [str(size) for size in args.sizes]
    subprocess.run(
        [sys.executable, "-m", "bench.graphql_typed", "--seed", "--database", args.database, "--sizes", *sizes],
        check=True,
        cwd=HERE,
    )
    before_tree = export(args.before)
    workers = {
        "before": Worker("before", before_tree, args.database, args.sizes),
        "after": Worker("after", HERE, args.database, args.sizes),
    }
    loads = [os.getloadavg()]
    plan = [(case, size) for case in args.cases for size in args.sizes]
    if "graph" in args.cases:
        plan += [("raw", size) for size in args.sizes]
    times: dict = {(case, size, name): [] for case, size in plan for name in workers}
    digests: dict = {}
    for rep in range(args.reps + 1):
        for case, size in plan:
            order = ["after"] if case == "raw" else (["before", "after"] if rep % 2 else ["after", "before"])
            for name in order:
                seconds, digest, length = workers[name].ask(case, size)
                digests.setdefault((case, size), {})[name] = (digest, length)
                if rep:  # the first round warms up
                    times[case, size, name].append(seconds)
        loads.append(os.getloadavg())
    for worker in workers.values():
        worker.close()

    print(f"load average (1 min) during the run: {min(x[0] for x in loads):.2f}–{max(x[0] for x in loads):.2f}")
    print(f"before = {args.before}, after = this tree; medians of {args.reps} interleaved rounds")
    for case, size in plan:
        if case == "raw":
            continue
        before = statistics.median(times[case, size, "before"]) * 1000
        after = statistics.median(times[case, size, "after"]) * 1000
        same = digests[case, size]["before"] == digests[case, size]["after"]
        line = (
            f"{case:>10} {size:>6}: before {before:8.0f} ms, after {after:8.0f} ms, before/after {before / after:5.2f}×"
        )
        if case == "graph":
            raw = statistics.median(times["raw", size, "after"]) * 1000
            line += f", after/raw {after / raw:5.2f}× (raw {raw:.0f} ms)"
        line += f", bodies {'identical' if same else 'DIFFER'} ({digests[case, size]['after'][1]:,} bytes)"
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
