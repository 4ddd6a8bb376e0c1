"""How the service's PostgreSQL sessions are set up (config/settings.py)."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.django_db
def test_sessions_run_without_jit():
    """PostgreSQL's JIT compiled a kept generic plan on every execution (seconds for a small neighbourhood)."""
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone() == ("off",)


def _options_for(database_url: str, alias: str = "default", **env) -> dict:
    code = f"from django.conf import settings; import json; print(json.dumps(settings.DATABASES[{alias!r}]['OPTIONS']))"
    done = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "DEBUG": "1",
            "DATABASE_URL": database_url,
            **env,
        },
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_the_urls_own_connection_options_are_kept_beside_jit_off():
    """``sslmode`` and ``options`` given in ``DATABASE_URL`` survive; ``jit=off`` is added to the URL's options."""
    url = "postgres://u:p@db.example/argmap?sslmode=verify-full&options=-c%20statement_timeout%3D5000"
    assert _options_for(url) == {"sslmode": "verify-full", "options": "-c statement_timeout=5000 -c jit=off"}
    assert _options_for(url, DB_SESSION_OPTIONS="", DB_POOL="1") == {
        "sslmode": "verify-full",
        "options": "-c statement_timeout=5000",
        "pool": {"min_size": 2, "max_size": 10},
    }


def test_a_replica_keeps_its_own_connection_options_beside_the_services():
    """The replica's URL names its own host and TLS settings; it gets the service's session options and pool
    added to them, not the primary's options in their place."""
    primary = "postgres://u:p@primary.example/argmap?sslmode=disable"
    replica = (
        "postgres://u:p@replica.example/argmap?sslmode=verify-full&options=-c%20default_transaction_read_only%3Don"
    )
    assert _options_for(primary, "replica", DATABASE_REPLICA_URL=replica, DB_POOL="1") == {
        "sslmode": "verify-full",
        "options": "-c default_transaction_read_only=on -c jit=off",
        "pool": {"min_size": 2, "max_size": 10},
    }
    assert _options_for(primary, DATABASE_REPLICA_URL=replica) == {"sslmode": "disable", "options": "-c jit=off"}
