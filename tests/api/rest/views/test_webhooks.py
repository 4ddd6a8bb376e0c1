"""``workspaces/{id}/webhooks/`` and ``webhooks/{id}/deliveries/``: owners only, the secret once, no existence hints."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from argmap import services
from argmap.services.webhook_delivery import deliver_due
from tests.factories import make_statement
from tests.receivers import start_receiver

from ..conftest import client_for


def _hooks(workspace):
    return f"/api/v1/workspaces/{workspace.pk}/webhooks/"


def test_an_owner_registers_sees_the_secret_once_and_rotates_it(api, workspace):
    created = api.post(_hooks(workspace), {"url": "http://127.0.0.1:9/in", "description": "pipeline"}, format="json")
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["secret"].startswith("whsec_") and body["url"] == "http://127.0.0.1:9/in"
    detail = api.get(f"{_hooks(workspace)}{body['id']}/").json()
    assert "secret" not in detail and detail["description"] == "pipeline"
    assert all("secret" not in row for row in api.get(_hooks(workspace)).json()["results"])
    url = f"{_hooks(workspace)}{body['id']}/rotate-secret/"
    rotated = api.post(url, HTTP_IF_MATCH='"1"')
    assert rotated.status_code == 200 and rotated.json()["secret"] not in ("", body["secret"])
    assert api.post(url, HTTP_IF_MATCH='"1"').status_code == 412
    assert api.post(url).json()["version"] == 3


def test_an_owner_pauses_changes_and_removes_a_webhook(api, workspace):
    hook = api.post(_hooks(workspace), {"url": "https://hooks.example/in"}, format="json").json()
    detail = f"{_hooks(workspace)}{hook['id']}/"
    changed = api.patch(detail, {"active": False}, format="json", HTTP_IF_MATCH='"1"')
    assert changed.status_code == 200 and changed.json()["active"] is False and changed.json()["version"] == 2
    assert api.delete(detail, HTTP_IF_MATCH='"2"').json() == {"deleted": {"webhooks": 1}}
    assert api.get(detail).status_code == 404


@pytest.mark.parametrize(
    "url",
    ["ftp://127.0.0.1/in", "file:///etc/passwd", "not a url", "http://user:pw@127.0.0.1/in", ""],
)
def test_a_url_that_cannot_receive_webhooks_is_refused_and_nothing_is_stored(api, workspace, url):
    response = api.post(_hooks(workspace), {"url": url}, format="json")
    assert response.status_code == 400 and "url" in response.content.decode()
    assert api.get(_hooks(workspace)).json()["results"] == []


def test_private_addresses_are_refused_unless_allowed(api, workspace, settings):
    settings.ARGMAP_WEBHOOK_ALLOW_PRIVATE = False
    for url in ("http://127.0.0.1:8000/", "http://[::1]/", "http://192.168.0.10/", "http://169.254.169.254/"):
        response = api.post(_hooks(workspace), {"url": url}, format="json")
        assert response.status_code == 400, url
        assert "private" in response.json()["detail"]


@pytest.mark.parametrize("who", ["viewer", "annotator", "reviewer", "editor"])
def test_members_who_are_not_owners_may_not_list_or_create(team, workspace, who):
    client = client_for(team[who])
    assert client.get(_hooks(workspace)).status_code == 403
    assert client.post(_hooks(workspace), {"url": "http://127.0.0.1:9/"}, format="json").status_code == 403


def test_outsiders_learn_nothing_about_a_private_workspaces_webhooks(api, team, workspace):
    hook = api.post(_hooks(workspace), {"url": "http://127.0.0.1:9/secret-path"}, format="json").json()
    for who in ("outsider", "anonymous"):
        client = client_for(team[who])
        for path in (
            _hooks(workspace),
            f"{_hooks(workspace)}{hook['id']}/",
            f"/api/v1/webhooks/{hook['id']}/deliveries/",
        ):
            response = client.get(path)
            assert response.status_code in (401, 404), (who, path, response.status_code)
            assert b"secret-path" not in response.content
    editor = client_for(team["editor"])
    assert editor.get(f"{_hooks(workspace)}{hook['id']}/").status_code == 404
    assert editor.get(f"/api/v1/webhooks/{hook['id']}/deliveries/").status_code == 404
    assert editor.patch(f"{_hooks(workspace)}{hook['id']}/", {"active": False}, format="json").status_code == 404


def test_the_delivery_log_shows_each_attempt_newest_first_in_bounded_queries(api, owner, workspace, argument_map):
    receiver, stop = start_receiver([500])
    try:
        hook = api.post(_hooks(workspace), {"url": receiver.url}, format="json").json()
        for n in range(3):
            make_statement(argument_map, f"S{n}.", actor=owner)
        deliver_due()
        with CaptureQueriesContext(connection) as queries:
            log = api.get(f"/api/v1/webhooks/{hook['id']}/deliveries/")
        assert log.status_code == 200 and len(queries) <= 4, [q["sql"] for q in queries.captured_queries]
        rows = log.json()["results"]
        assert [r["status"] for r in rows] == ["pending", "pending", "pending"]
        assert rows[-1]["attempts"] == 1 and rows[-1]["response_status"] == 500 and rows[-1]["error"] == "HTTP 500"
        assert rows[0]["attempts"] == 0, "later events wait for the first"
        assert [r["id"] for r in rows[-1:]] == [receiver.received[0].headers["X-Argmap-Delivery"]]
        assert rows[-1]["cursor"] == receiver.received[0].headers["X-Argmap-Cursor"]
    finally:
        stop()


def test_a_deleted_webhook_receives_nothing_more(api, owner, workspace, argument_map):
    receiver, stop = start_receiver()
    try:
        hook = services.create_webhook(actor=owner, workspace=workspace, url=receiver.url)
        make_statement(argument_map, "Before.", actor=owner)
        services.delete_webhook(actor=owner, webhook=hook, expected_version=1)
        make_statement(argument_map, "After.", actor=owner)
        assert deliver_due() == 0 and receiver.received == []
    finally:
        stop()
