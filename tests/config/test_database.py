"""How the service's PostgreSQL sessions are set up (config/settings.py)."""

import pytest
from django.db import connection

pytestmark = pytest.mark.django_db


def test_sessions_run_without_jit():
    """PostgreSQL's JIT compiled a kept generic plan on every execution (seconds for a small neighbourhood)."""
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone() == ("off",)
