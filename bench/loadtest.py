"""``make loadtest``: argmap under gunicorn (2 workers, pooled connections, DEBUG=0) on 127.0.0.1, driven by wrk.

    python -m bench.loadtest [--duration 10] [--connections 4] [--max-requests 5000]

Uses the bench database (``argmap_bench``; created with a 1k and a 10k map
when missing), starts gunicorn with ``config/gunicorn.conf.py`` on a free
loopback port, checks that static files are served with ``DEBUG=0``, then
runs wrk against statement detail, the graph and search, each bounded in time
(``--duration``) and in requests (``--max-requests`` per wrk thread). Prints
requests per second and p50/p95/p99 latency and writes them into
docs/performance.md. Nothing listens beyond 127.0.0.1.
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
LUA = Path(__file__).with_name("wrk_report.lua")
START = "<!-- loadtest:table:start -->"
END = "<!-- loadtest:table:end -->"
WORKERS = 2


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def database_exists(name: str) -> bool:
    import psycopg

    from .environment import database_url

    with psycopg.connect(database_url("postgres"), autocommit=True) as conn:
        return conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone() is not None


def server_environment(database: str, port: int) -> dict:
    from .environment import database_url

    return {
        **os.environ,
        "DATABASE_URL": database_url(database),
        "DEBUG": "0",
        "SECRET_KEY": os.environ.get("SECRET_KEY") or secrets.token_urlsafe(50),
        "DB_POOL": "1",
        "DB_POOL_MAX": "4",
        "WEB_CONCURRENCY": str(WORKERS),
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "SECURE_SSL_REDIRECT": "0",
        "GUNICORN_LOG_LEVEL": "warning",
    }


def start_gunicorn(database: str, port: int) -> subprocess.Popen:
    """gunicorn with ``config/gunicorn.conf.py`` on 127.0.0.1:``port`` over ``database``; the caller stops it."""
    return subprocess.Popen(
        [str(Path(sys.executable).with_name("gunicorn")), "-c", "config/gunicorn.conf.py"],
        cwd=ROOT,
        env=server_environment(database, port),
    )


def wait_until_up(base: str, process: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"gunicorn exited with {process.returncode}")
        try:
            with urllib.request.urlopen(base + "/api/v1/", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise SystemExit("gunicorn did not answer within a minute")


def fetch_status(url: str, token: str | None = None) -> int:
    request = urllib.request.Request(url, headers={"Authorization": f"Token {token}"} if token else {})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            response.read()
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def run_wrk(url: str, token: str, *, duration: int, connections: int, threads: int, max_requests: int) -> dict:
    command = [
        "wrk",
        f"-t{threads}",
        f"-c{connections}",
        f"-d{duration}s",
        "--timeout",
        "30s",
        "-s",
        str(LUA),
        "-H",
        f"Authorization: Token {token}",
        url,
    ]
    env = {**os.environ, "WRK_MAX_REQUESTS_PER_THREAD": str(max_requests)}
    output = subprocess.run(command, capture_output=True, text=True, env=env, timeout=duration + 120, check=True)
    line = next(line for line in output.stdout.splitlines() if line.startswith("{"))
    return json.loads(line)


def table(rows: list[tuple[str, str, dict]]) -> str:
    lines = [
        "| Endpoint | Request | Requests | Req/s | p50 | p95 | p99 | Errors |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for name, request, r in rows:
        lines.append(
            f"| {name} | `{request}` | {r['requests']} | {r['rps']:.1f} | {r['p50'] / 1000:.1f} ms "
            f"| {r['p95'] / 1000:.1f} ms | {r['p99'] / 1000:.1f} ms | {r['errors'] + r['bad_status']} |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.loadtest", description=__doc__.split("\n")[0])
    parser.add_argument("--duration", type=int, default=10, help="seconds per endpoint (default 10)")
    parser.add_argument("--connections", type=int, default=4, help="concurrent connections (default 4)")
    parser.add_argument("--threads", type=int, default=2, help="wrk threads (default 2)")
    parser.add_argument("--max-requests", type=int, default=5000, help="per wrk thread (default 5000)")
    parser.add_argument("--database", default=None)
    parser.add_argument("--no-write", action="store_true")
    parser.add_argument("--output", default="docs/performance.md")
    args = parser.parse_args(argv)
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is not installed: apt-get install wrk (make loadtest does it)")

    from .environment import BENCH_DATABASE, configure

    database = args.database or BENCH_DATABASE
    configure(database, recreate=not database_exists(database))
    from django.core.management import call_command

    from .data import prepare

    data = prepare([1_000, 10_000])
    small, large = data.maps
    call_command("collectstatic", interactive=False, verbosity=0)

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = start_gunicorn(database, port)
    try:
        wait_until_up(base, server)
        static = "/static/graphiql/graphiql.min.js"
        checks = {
            "static file (GraphiQL asset, DEBUG=0)": fetch_status(base + static),
            "Swagger UI asset (sidecar)": fetch_status(
                base + "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui.css"
            ),
        }
        for name, code in checks.items():
            print(f"  {name}: HTTP {code}")
        endpoints = [
            ("statement detail (10k map)", f"/api/v1/statements/{large.origin.pk}/"),
            (f"graph ({small.label} map)", f"/api/v1/maps/{small.argument_map.pk}/graph/"),
            ("search, Japanese substring (10k map)", f"/api/v1/search/?q={quote(large.rare_term)}&type=statement"),
        ]
        rows = []
        for name, path in endpoints:
            status = fetch_status(base + path, data.token)
            if status != 200:
                raise SystemExit(f"{path} answered {status}")
            result = run_wrk(
                base + path,
                data.token,
                duration=args.duration,
                connections=args.connections,
                threads=args.threads,
                max_requests=args.max_requests,
            )
            rows.append(
                (
                    name,
                    "GET "
                    + path.split("?")[0]
                    .replace(str(large.origin.pk), "{id}")
                    .replace(str(small.argument_map.pk), "{id}")
                    + ("?q=…" if "?" in path else ""),
                    result,
                )
            )
            print(
                f"  {name}: {result['rps']:.1f} req/s, p50 {result['p50'] / 1000:.1f} ms, p95 {result['p95'] / 1000:.1f} ms, p99 {result['p99'] / 1000:.1f} ms"
            )
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
    body = table(rows)
    print()
    print(body)
    if not args.no_write:
        from .report import write

        stamp = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
        static_note = "; ".join(f"{name}: HTTP {code}" for name, code in checks.items())
        block = "\n".join(
            [
                START,
                f"Latest run: `make loadtest`, {stamp}: gunicorn, {WORKERS} sync workers, `DB_POOL=1`, `DEBUG=0`, "
                f"wrk {args.threads} threads × {args.connections} connections, {args.duration} s or "
                f"{args.max_requests} requests per thread per endpoint, 127.0.0.1 only; {os.cpu_count()} CPU(s) shared with "
                f"the load generator and other work (load average {os.getloadavg()[0]:.1f}). {static_note}.",
                "",
                body,
                END,
            ]
        )
        write(ROOT / args.output, block, start=START, end=END)
    return 0


if __name__ == "__main__":
    sys.exit(main())
