"""docs/examples/sync_map.py keeps a copy that matches the map, through creations, updates and deletions."""

import importlib.util
from pathlib import Path

import httpx
import pytest
from django.core import signals
from django.db import close_old_connections
from rest_framework.authtoken.models import Token

from argmap import services
from config.wsgi import application
from tests.factories import make_statement

EXAMPLE = Path(__file__).resolve().parents[2] / "docs" / "examples" / "sync_map.py"


def _example():
    spec = importlib.util.spec_from_file_location("sync_map", EXAMPLE)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def keep_the_test_connection():
    """As Django's test client does: a request through the raw WSGI app must not close the test's transaction."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.mark.usefixtures("keep_the_test_connection")
def test_the_copy_follows_creations_updates_and_deletions_from_its_cursor(owner, argument_map):
    sync_map = _example()
    token = Token.objects.create(user=owner).key
    client = httpx.Client(
        transport=httpx.WSGITransport(app=application),
        base_url="http://testserver",
        headers={"Authorization": f"Token {token}"},
    )
    kept = make_statement(argument_map, "Kept.", actor=owner)
    dropped = make_statement(argument_map, "Dropped.", actor=owner)
    copy = sync_map.MapCopy(str(argument_map.pk))
    assert sync_map.catch_up(client, copy) >= 3
    assert sorted(row["text"] for row in copy.of("statement")) == ["Dropped.", "Kept."]

    saved = copy.to_json()
    services.update_statement(actor=owner, statement=kept, expected_version=kept.version, text="Kept, edited.")
    services.delete_statement(actor=owner, statement=dropped, expected_version=dropped.version)
    resumed = sync_map.MapCopy(str(argument_map.pk), saved)
    assert sync_map.catch_up(client, resumed) == 2
    assert [row["text"] for row in resumed.of("statement")] == ["Kept, edited."]
    assert resumed.of("argumentmap")[0]["name"] == argument_map.name
