"""``make bench-http`` at toy sizes: the three servers start on loopback, every case is measured next to
what it is compared with, and nothing is left running. PostGraphile takes part only when its Node is
installed (var/node-bench/), wrk only when it is on the PATH."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest
from psycopg import sql

from bench.environment import database_url
from bench.http import postgraphile_installed

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.slow


@pytest.fixture
def bench_database():
    name = (os.environ.get("TEST_DATABASE_NAME") or "test_argmap") + "_http"
    yield name
    with psycopg.connect(database_url("postgres"), autocommit=True) as conn:
        conn.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()",
            [name],
        )
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(name)))


def test_the_http_bench_measures_every_case_side_by_side_and_stops_its_servers(bench_database):
    with_postgraphile = postgraphile_installed()
    command = [sys.executable, "-m", "bench.http", "--sizes", "60,240", "--database", bench_database]
    command += ["--reps", "1", "--wrk-seconds", "1", "--wrk-rounds", "1", "--no-write"]
    if not with_postgraphile:
        command.append("--no-postgraphile")
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    output, _ = process.communicate(timeout=600)
    assert process.returncode == 0, output[-3000:]
    for row in (
        "| GraphQL `map { graph { … } }` field by field (typed) | 240 | ",
        "| GraphQL `map { graphDocument }` (untyped) | 60 | ",
        "| REST `GET /maps/{id}/graph/` | 240 | ",
        "| REST neighbourhood depth 6 | 240 | ",
        "| REST search, Japanese substring (one hit) | 60 | ",
        "| GraphQL visualiser",
    ):
        assert row in output, row
    assert "MiB" in output, "peak memory per whole-map request is reported"
    assert output.count("load average") >= 2
    if with_postgraphile:
        assert "| PostGraphile |" in output
    if shutil.which("wrk"):
        assert "| REST statement detail |" in output and "| GraphQL node(id:) |" in output
    leftover = subprocess.run(["pgrep", "-f", f"{bench_database}"], capture_output=True, text=True)
    assert leftover.stdout.strip() == "", "a server of the bench is still running"
