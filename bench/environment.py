"""The bench's own PostgreSQL database, dropped and recreated for each run, and Django configured on it."""

from __future__ import annotations

import os
import sys
from urllib.parse import urlsplit, urlunsplit

DEFAULT_SERVER_URL = "postgres://postgres@127.0.0.1:5432/postgres"
BENCH_DATABASE = "argmap_bench"


def database_url(name: str) -> str:
    """``DATABASE_URL`` (or the local server) with its database name replaced by ``name``."""
    parts = urlsplit(os.environ.get("DATABASE_URL") or DEFAULT_SERVER_URL)
    return urlunsplit(parts._replace(path="/" + name))


def recreate_database(name: str) -> None:
    """Drop ``name`` (ending other sessions on it) and create it empty."""
    import psycopg
    from psycopg import sql

    with psycopg.connect(database_url("postgres"), autocommit=True) as conn:
        conn.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()",
            [name],
        )
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(name)))
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def configure(name: str = BENCH_DATABASE, *, recreate: bool = True, migrate: bool = True) -> None:
    """Point Django at database ``name`` with production settings (``DEBUG=0``, no query log) and set it up."""
    os.environ["DATABASE_URL"] = database_url(name)
    os.environ["DEBUG"] = "0"
    os.environ.setdefault("ARGMAP_ALLOW_DEV_SECRET", "1")
    os.environ["SECURE_SSL_REDIRECT"] = "0"
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
    if recreate:
        recreate_database(name)
    import django

    django.setup()
    if migrate:
        from django.core.management import call_command

        call_command("migrate", verbosity=0, interactive=False, stdout=sys.stderr)
