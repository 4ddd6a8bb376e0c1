"""``maps/{id}/changes/`` and ``workspaces/{id}/changes/``: the feed over REST."""

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from argmap import services
from argmap.services.presence import record_presence
from tests.factories import make_statement

from ..conftest import client_for


def _url(argument_map, **params):
    query = "&".join(f"{k}={v}" for k, v in params.items())
    return f"/api/v1/maps/{argument_map.pk}/changes/" + (f"?{query}" if query else "")


def test_pages_follow_each_other_without_gaps_or_repeats(api, owner, argument_map):
    for n in range(7):
        make_statement(argument_map, f"Claim {n}.", actor=owner)
    everything = api.get(_url(argument_map, limit=200)).json()["results"]
    seen, url = [], _url(argument_map, limit=3)
    while url:
        body = api.get(url).json()
        seen += body["results"]
        url = body["next"]
    assert [e["cursor"] for e in seen] == [e["cursor"] for e in everything]
    texts = [c["after"]["text"] for e in seen for c in e["changes"] if c["entity"] == "statement"]
    assert texts == [f"Claim {n}." for n in range(7)]
    last = api.get(_url(argument_map, after=body["cursor"])).json()
    assert last["results"] == [] and last["cursor"] == body["cursor"] and last["next"] is None


def test_an_event_carries_who_when_what_and_the_rows(api, owner, argument_map):
    statement = make_statement(argument_map, "Before.", actor=owner)
    services.update_statement(actor=owner, statement=statement, expected_version=statement.version, text="After.")
    event = api.get(_url(argument_map)).json()["results"][-1]
    assert event["actor_username"] == "owner" and event["summary"].startswith("update statement")
    assert event["map"] == str(argument_map.pk) and event["change_count"] == 1 and event["truncated"] is False
    (change,) = event["changes"]
    assert change["action"] == "update" and change["entity_id"] == str(statement.pk)
    assert (change["before"]["text"], change["after"]["text"]) == ("Before.", "After.")


def test_query_count_does_not_grow_with_the_page(api, owner, argument_map):
    make_statement(argument_map, "One.", actor=owner)
    api.get(_url(argument_map))  # the client's user caches its roles
    with CaptureQueriesContext(connection) as few:
        assert api.get(_url(argument_map, limit=200)).status_code == 200
    for n in range(30):
        make_statement(argument_map, f"More {n}.", actor=owner)
    with CaptureQueriesContext(connection) as many:
        body = api.get(_url(argument_map, limit=200)).json()
    assert len(body["results"]) >= 31
    assert len(many) == len(few) <= 4


@pytest.mark.parametrize("who", ["anonymous", "outsider"])
def test_strangers_get_the_same_404_as_for_a_missing_map(as_user, argument_map, workspace, who):
    client = as_user(who)
    hidden = client.get(_url(argument_map))
    missing = client.get("/api/v1/maps/00000000-0000-0000-0000-000000000000/changes/")
    assert hidden.status_code == missing.status_code == 404
    assert hidden.json()["title"] == missing.json()["title"]
    assert client.get(f"/api/v1/workspaces/{workspace.pk}/changes/").status_code == 404


@pytest.mark.parametrize("params", [{"after": "garbage!"}, {"limit": "0"}, {"limit": "201"}, {"limit": "x"}])
def test_bad_parameters_are_a_400_naming_the_field(api, argument_map, params):
    response = api.get(_url(argument_map, **params))
    assert response.status_code == 400
    assert list(response.json()["errors"]) == list(params)


def test_a_well_formed_cursor_that_names_no_event_is_404(api, argument_map):
    """In the cursor alphabet, so schema-valid: not malformed, just not a place in this feed."""
    response = api.get(_url(argument_map, after="garbage"))
    assert response.status_code == 404 and list(response.json()["errors"]) == ["after"]


def test_the_workspace_feed_lists_every_map(api, owner, workspace, argument_map):
    make_statement(argument_map, "Here.", actor=owner)
    body = api.get(f"/api/v1/workspaces/{workspace.pk}/changes/?limit=200").json()
    assert str(argument_map.pk) in {e["map"] for e in body["results"]}
    assert None in {e["map"] for e in body["results"]}


def test_the_feed_is_in_the_openapi_schema(api):
    paths = api.get("/api/v1/schema/?format=json").json()["paths"]
    assert "/api/v1/maps/{id}/changes/" in paths and "/api/v1/workspaces/{id}/changes/" in paths
    assert "/api/v1/maps/{id}/events/" not in paths


def test_the_stream_refuses_strangers_and_bad_cursors_before_it_opens(team, argument_map):
    stranger = client_for(team["outsider"]).get(f"/api/v1/maps/{argument_map.pk}/events/")
    assert stranger.status_code == 404
    bad = client_for(team["owner"]).get(f"/api/v1/maps/{argument_map.pk}/events/", HTTP_LAST_EVENT_ID="no pe!")
    assert bad.status_code == 400


def test_under_wsgi_the_stream_polls_and_says_so(api, owner, argument_map):
    response = api.get(f"/api/v1/maps/{argument_map.pk}/events/", HTTP_ACCEPT="text/event-stream")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/event-stream")
    chunks = iter(response.streaming_content)
    assert b"push: polling every 2 s" in next(chunks)
    first = next(chunks)
    assert first.startswith(b"id: ") and b"\nevent: change\ndata: " in first
    response.close()


def test_under_wsgi_the_stream_opens_with_who_is_present(api, owner, argument_map):
    record_presence(actor=owner, argument_map=argument_map)
    response = api.get(f"/api/v1/maps/{argument_map.pk}/events/", HTTP_ACCEPT="text/event-stream")
    chunks = iter(response.streaming_content)
    next(chunks)
    first = next(chunks)
    assert first.startswith(b"event: presence\ndata: "), first
    assert json.loads(first.split(b"data: ", 1)[1])["results"][0]["username"] == owner.username
    assert next(chunks).startswith(b"id: "), "then the feed"
    response.close()
