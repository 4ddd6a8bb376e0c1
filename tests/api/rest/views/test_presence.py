"""``maps/{id}/presence/``: who has the map open and on which node, for readers of the map only."""

import time

from django.core.cache.backends.redis import RedisCache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from argmap import services
from argmap.services.annotation import start_independent_annotation
from tests.factories import make_map, make_statement

from ..conftest import client_for


def _url(argument_map):
    return f"/api/v1/maps/{argument_map.pk}/presence/"


def test_a_heartbeat_shows_who_is_on_which_node_to_the_other_readers(team, argument_map):
    claim = make_statement(argument_map, "核抑止は機能する。", kind="claim", actor=team["editor"])
    editor, viewer = client_for(team["editor"]), client_for(team["viewer"])
    first = editor.put(_url(argument_map), {"node": str(claim.pk)}, format="json")
    assert first.status_code == 200, first.content
    viewer.put(_url(argument_map), {}, format="json")
    listed = viewer.get(_url(argument_map)).json()
    assert listed["ttl"] == 30 and listed["shared"] is False  # tests run on the local-memory cache
    assert [(r["username"], r["node"]) for r in listed["results"]] == [("editor", str(claim.pk)), ("viewer", None)]
    since = listed["results"][0]["since"]
    editor.put(_url(argument_map), {"node": None}, format="json")
    again = viewer.get(_url(argument_map)).json()["results"][0]
    assert again["since"] == since and again["node"] is None and again["seen"] >= since


def test_a_reader_without_heartbeats_disappears_after_the_ttl_and_one_who_leaves_at_once(team, argument_map, settings):
    settings.ARGMAP_PRESENCE_TTL = 1
    editor, viewer = client_for(team["editor"]), client_for(team["viewer"])
    editor.put(_url(argument_map), {}, format="json")
    viewer.put(_url(argument_map), {}, format="json")
    assert viewer.delete(_url(argument_map)).json()["results"][0]["username"] == "editor"
    assert [r["username"] for r in viewer.get(_url(argument_map)).json()["results"]] == ["editor"]
    time.sleep(1.2)
    assert viewer.get(_url(argument_map)).json()["results"] == []


def test_who_may_not_read_the_map_gets_the_answer_for_a_missing_map(team, argument_map):
    client_for(team["editor"]).put(_url(argument_map), {}, format="json")
    for who in ("outsider", "anonymous"):
        client = client_for(team[who])
        for response in (client.get(_url(argument_map)), client.put(_url(argument_map), {}, format="json")):
            assert response.status_code == 404 and b"editor" not in response.content


def test_anyone_may_see_a_public_maps_presence_but_only_signed_in_readers_announce_one(team, workspace):
    public = make_map(workspace, visibility="public", name="Open")
    assert client_for(team["anonymous"]).put(_url(public), {}, format="json").status_code == 401
    client_for(team["outsider"]).put(_url(public), {}, format="json")
    assert [r["username"] for r in client_for(team["anonymous"]).get(_url(public)).json()["results"]] == ["outsider"]


def test_a_node_elsewhere_or_hidden_is_refused_as_if_missing(team, workspace, argument_map):
    other = make_statement(make_map(workspace, name="Other"), "Elsewhere.", actor=team["owner"])
    editor = client_for(team["editor"])
    for node in (str(other.pk), "b1e5a3f2-0000-4000-8000-000000000000", "not-a-uuid"):
        response = editor.put(_url(argument_map), {"node": node}, format="json")
        assert response.status_code == 400 and "node" in response.content.decode(), node
    assert editor.get(_url(argument_map)).json()["results"] == []


def test_a_blind_annotator_never_learns_of_another_annotators_hidden_draft(
    team, owner, argument_map, django_user_model
):
    second = django_user_model.objects.create(username="annotator2")
    services.add_member(actor=owner, workspace=argument_map.workspace, user=second, role="annotator")
    start_independent_annotation(actor=owner, argument_map=argument_map)
    draft = make_statement(argument_map, "A hidden draft.", actor=team["annotator"])
    client_for(team["annotator"]).put(_url(argument_map), {"node": str(draft.pk)}, format="json")
    blind = client_for(second)
    assert blind.put(_url(argument_map), {"node": str(draft.pk)}, format="json").status_code == 400
    seen_by_blind = blind.get(_url(argument_map)).json()["results"]
    assert [(r["username"], r["node"]) for r in seen_by_blind] == [("annotator", None)]
    seen_by_owner = client_for(owner).get(_url(argument_map)).json()["results"]
    assert seen_by_owner[0]["node"] == str(draft.pk)


def test_listing_costs_a_fixed_number_of_queries(team, argument_map):
    nodes = [make_statement(argument_map, f"S{n}.", actor=team["editor"]) for n in range(3)]
    for user, node in zip(("editor", "viewer", "reviewer"), nodes, strict=True):
        client_for(team[user]).put(_url(argument_map), {"node": str(node.pk)}, format="json")
    viewer = client_for(team["viewer"])
    with CaptureQueriesContext(connection) as queries:
        body = viewer.get(_url(argument_map)).json()
    assert len(body["results"]) == 3 and all(r["node"] for r in body["results"])
    assert len(queries) <= 4, [q["sql"] for q in queries.captured_queries]


def test_on_redis_presence_is_shared_between_app_processes_and_expires_there(team, argument_map, settings):
    """Two app processes share nothing but Redis: a second cache client stands in for the second process."""
    location, prefix = "redis://127.0.0.1:6379/0", f"presence-test-{time.time_ns()}"
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": location}}
    settings.CACHES["default"]["KEY_PREFIX"] = prefix
    client_for(team["editor"]).put(_url(argument_map), {}, format="json")
    other_process = RedisCache(location, {"KEY_PREFIX": prefix})
    member_key = f"argmap:presence:{argument_map.pk}:{team['editor'].pk}"
    assert other_process.get(f"argmap:presence:{argument_map.pk}") == [team["editor"].pk]
    assert 0 < other_process._cache.get_client().ttl(other_process.make_and_validate_key(member_key)) <= 30
    listed = client_for(team["viewer"]).get(_url(argument_map)).json()
    assert listed["shared"] is True and [r["username"] for r in listed["results"]] == ["editor"]
