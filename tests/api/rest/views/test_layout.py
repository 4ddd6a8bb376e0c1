"""``maps/{id}/layout/``: where the team placed the map's nodes on the annotation canvas."""

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from argmap import services
from argmap.interchange.exports import export_map
from argmap.models import NodePosition
from argmap.services.annotation import start_independent_annotation
from tests.factories import UserFactory, make_map, make_statement

from ..conftest import client_for


def _url(argument_map):
    return f"/api/v1/maps/{argument_map.pk}/layout/"


def _put(client, argument_map, *positions):
    body = {"positions": [{"node": str(node.pk), "x": x, "y": y} for node, x, y in positions]}
    return client.put(_url(argument_map), body, format="json")


def test_a_placed_node_is_where_a_teammate_sees_it_and_a_second_move_replaces_it(api, as_user, debate):
    argument_map, claim, inference = debate["map"], debate["c"], debate["inference"]
    assert _put(api, argument_map, (claim, 120.5, -40), (inference, 10, 20)).status_code == 200
    moved = _put(as_user("annotator"), argument_map, (claim, 300, 90))
    assert moved.status_code == 200
    seen = {row["node"]: row for row in as_user("viewer").get(_url(argument_map)).json()["positions"]}
    assert (seen[str(claim.pk)]["x"], seen[str(claim.pk)]["y"], seen[str(claim.pk)]["updated_by"]) == (
        300,
        90,
        "annotator",
    )
    assert seen[str(inference.pk)]["family"] == "application" and seen[str(claim.pk)]["family"] == "statement"
    assert NodePosition.objects.filter(map=argument_map).count() == 2


def test_moving_changes_no_version_and_writes_no_history(api, debate):
    claim = debate["c"]
    version = claim.version
    response = _put(api, debate["map"], (claim, 1, 2))
    assert "X-Argmap-Batch" not in response
    claim.refresh_from_db()
    assert claim.version == version


@pytest.mark.parametrize("who", ["viewer", "reviewer"])
def test_roles_that_may_not_add_to_the_map_may_not_arrange_it(as_user, debate, who):
    response = _put(as_user(who), debate["map"], (debate["c"], 1, 2))
    assert response.status_code == 403
    assert not NodePosition.objects.exists()


def test_an_outsider_cannot_tell_a_private_map_exists(as_user, debate):
    assert as_user("outsider").get(_url(debate["map"])).status_code == 404
    assert _put(as_user("outsider"), debate["map"], (debate["c"], 1, 2)).status_code == 404


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"positions": []},
        {"positions": [{"node": "not-an-id", "x": 1, "y": 2}]},
        {"positions": [{"node": "00000000-0000-0000-0000-000000000000", "x": 1}]},
        {"positions": [{"node": "00000000-0000-0000-0000-000000000000", "x": 1e9, "y": 0}]},
        {"positions": [{"node": "00000000-0000-0000-0000-000000000000", "x": "NaN", "y": 0}]},
        {"positions": [{"node": "00000000-0000-0000-0000-000000000000", "x": 1, "y": 2, "z": 3}]},
        {"positions": "everywhere"},
    ],
)
def test_bad_bodies_are_refused_with_400_and_nothing_stored(api, debate, body):
    response = api.put(_url(debate["map"]), body, format="json")
    assert response.status_code == 400, response.content
    assert not NodePosition.objects.exists()


def test_a_node_of_another_map_is_not_found_and_nothing_of_the_batch_is_stored(api, owner, workspace, debate):
    elsewhere = make_statement(make_map(workspace, name="Other"), "よそ", actor=owner)
    response = _put(api, debate["map"], (debate["c"], 1, 2), (elsewhere, 3, 4))
    assert response.status_code == 404
    assert not NodePosition.objects.exists()


def test_a_blind_annotator_sees_only_their_own_nodes_positions(api, owner, team, workspace, argument_map):
    other = UserFactory(username="annotator2")
    services.add_member(actor=owner, workspace=workspace, user=other, role="annotator")
    theirs = make_statement(argument_map, "theirs", actor=other)
    mine = make_statement(argument_map, "mine", actor=team["annotator"])
    assert _put(api, argument_map, (theirs, 1, 1), (mine, 2, 2)).status_code == 200
    start_independent_annotation(actor=owner, argument_map=argument_map)
    seen = client_for(team["annotator"]).get(_url(argument_map)).json()["positions"]
    assert [row["node"] for row in seen] == [str(mine.pk)]
    assert _put(client_for(team["annotator"]), argument_map, (theirs, 5, 5)).status_code == 404


def test_the_layout_costs_a_fixed_number_of_queries(api, owner, debate):
    argument_map = debate["map"]
    _put(api, argument_map, (debate["c"], 1, 2))
    with CaptureQueriesContext(connection) as small:
        assert api.get(_url(argument_map)).status_code == 200
    extra = [make_statement(argument_map, f"s{i}", actor=owner) for i in range(20)]
    _put(api, argument_map, *[(s, i, i) for i, s in enumerate(extra)])
    with CaptureQueriesContext(connection) as large:
        assert len(api.get(_url(argument_map)).json()["positions"]) == 21
    assert len(large) == len(small)


def test_deleting_a_node_deletes_its_position(api, debate):
    claim = debate["r"]
    _put(api, debate["map"], (claim, 1, 2))
    claim.refresh_from_db()
    assert api.delete(f"/api/v1/statements/{claim.pk}/", HTTP_IF_MATCH=f'"{claim.version}"').status_code == 200
    assert api.get(_url(debate["map"])).json()["positions"] == []


def test_the_ova_export_carries_the_placed_positions(api, debate):
    _put(api, debate["map"], (debate["c"], 123.4, 567.8))
    ova = json.loads(export_map(argument_map=debate["map"], format="ova").content)
    placed = {node["nodeID"]: (node["x"], node["y"]) for node in ova["OVA"]["nodes"]}
    assert placed[str(debate["c"].pk)] == (123, 568)
    assert len(placed) == len(ova["AIF"]["nodes"])
