"""The read-replica router, with two real database aliases.

``replica`` is a second connection to the test database. The test's own
transaction on ``default`` is never committed, so the replica cannot see what
a test writes: it behaves exactly like a replica that has not caught up, and a
read routed to it wrongly finds nothing.
"""

import pytest
from django.db import connections, transaction
from django.test.utils import CaptureQueriesContext

from argmap import services
from argmap.models import Statement, Workspace
from config import routers
from tests.factories import UserFactory, make_map, make_statement, make_workspace

pytestmark = pytest.mark.django_db(databases=["default", "replica"])


@pytest.fixture(scope="module", autouse=True)
def replica_alias(django_db_setup, django_db_blocker):
    """A second alias on the test database (created first, so Django's test case accepts it)."""
    connections.settings["replica"] = dict(connections.settings["default"])
    yield
    with django_db_blocker.unblock():
        connections["replica"].close()
    del connections["replica"]
    del connections.settings["replica"]


@pytest.fixture
def replica(settings):
    settings.DATABASE_ROUTERS = ["config.routers.PrimaryReplicaRouter"]
    settings.MIDDLEWARE = ["config.routers.ReadYourWritesMiddleware", *settings.MIDDLEWARE]
    return connections["replica"]


@pytest.fixture
def statement(replica, workspace):
    return make_statement(make_map(workspace), text="北朝鮮は核戦力を増強している。")


def queries_on(alias):
    return CaptureQueriesContext(connections[alias])


def test_a_read_in_a_new_request_goes_to_the_replica(statement):
    with routers.request_scope(), queries_on("replica") as on_replica, queries_on("default") as on_primary:
        found = Statement.objects.filter(pk=statement.pk).exists()
    assert len(on_replica) == 1 and len(on_primary) == 0
    assert found is False  # the replica has not seen the uncommitted write: it really read the replica


def test_a_read_after_a_write_in_the_same_request_goes_to_the_primary(replica, owner):
    with routers.request_scope(), queries_on("replica") as on_replica:
        workspace = services.create_workspace(actor=owner, slug="pinned", name="Pinned")
        found = Workspace.objects.filter(pk=workspace.pk).exists()
    assert found is True
    assert len(on_replica) == 0


def test_reads_inside_a_transaction_go_to_the_primary(statement):
    with routers.request_scope(), queries_on("replica") as on_replica, transaction.atomic():
        found = Statement.objects.filter(pk=statement.pk).exists()
    assert found is True
    assert len(on_replica) == 0


def test_a_service_update_reads_and_writes_on_the_primary(statement, owner):
    with routers.request_scope(), queries_on("replica") as on_replica:
        updated = services.update_statement(
            actor=owner, statement=statement, expected_version=statement.version, gloss="North Korea builds up."
        )
    assert updated.version == statement.version + 1
    assert len(on_replica) == 0


def test_primary_block_pins_reads(statement):
    with routers.request_scope(), routers.primary(), queries_on("replica") as on_replica:
        assert Statement.objects.filter(pk=statement.pk).exists()
    assert len(on_replica) == 0


def test_only_the_primary_is_migrated():
    router = routers.PrimaryReplicaRouter()
    assert router.allow_migrate("default", "argmap") is True
    assert router.allow_migrate("replica", "argmap") is False


def test_a_write_request_pins_the_client_to_the_primary_for_the_replica_lag(replica, client, settings):
    settings.REPLICA_LAG_SECONDS = 7
    user = UserFactory(username="writer")
    client.force_login(user)
    response = client.post("/api/v1/workspaces/", {"slug": "fresh", "name": "Fresh"}, content_type="application/json")
    assert response.status_code == 201, response.content
    cookie = response.cookies[routers.PIN_COOKIE]
    assert cookie["max-age"] == 7 and cookie["httponly"]
    # The cookie comes back: the client sees its own write although the replica has not caught up.
    detail = client.get(f"/api/v1/workspaces/{response.json()['id']}/")
    assert detail.status_code == 200


def test_without_the_cookie_a_reader_is_served_by_the_replica(replica, client, settings, owner):
    public = make_map(make_workspace(owner=owner, slug="open"), visibility="public", name="Open map")
    with queries_on("replica") as on_replica:
        stale = client.get(f"/api/v1/maps/{public.pk}/")
    assert stale.status_code == 404  # the lagging replica does not have it yet
    assert len(on_replica) >= 1
    client.cookies[routers.PIN_COOKIE] = "1"
    assert client.get(f"/api/v1/maps/{public.pk}/").status_code == 200
    assert routers.PIN_COOKIE not in client.get("/api/v1/schemes/").cookies  # reads hand out no pin
