"""``Map.graphDocument``: REST's graph body as one JSON value, same rows, same visibility, fixed queries."""

import json
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from graphql_relay import to_global_id

from api.graphql.core import limits
from tests.api.graphql.builders import build_map
from tests.api.graphql.conftest import GraphQLClient, small_argument
from tests.factories import make_statement

DATASET = Path(__file__).resolve().parents[3] / "fixtures" / "jiia-fy2024-1"
DOCUMENT = "query ($id: ID!) { map(id: $id) { graphDocument } }"


def rest_graph(map_id, user=None) -> dict:
    client = Client()
    if user is not None:
        client.force_login(type(user).objects.get(pk=user.pk))
    response = client.get(f"/api/v1/maps/{map_id}/graph/")
    assert response.status_code == 200
    return response.json()


def graph_document(client, map_id):
    return client(DOCUMENT, {"id": to_global_id("Map", map_id)})


def test_the_report_map_is_exactly_the_rest_graph_body(db):
    call_command("load_dataset", str(DATASET), verbosity=0)
    built = json.loads((DATASET / "dataset.built.json").read_text(encoding="utf-8"))
    map_id = built["map"]["id"]
    result = graph_document(GraphQLClient(), map_id)
    assert "errors" not in result, result
    document = result["data"]["map"]["graphDocument"]
    rest = rest_graph(map_id)
    assert len(document["statements"]) > 10, "the report's map has content"
    assert document["sources"] and document["anchors"] and document["evidence_links"]
    assert document == rest


def test_members_get_the_rest_body_of_a_private_map_with_its_header(team):
    small_argument(team["private"], actor=team["owner"])
    result = graph_document(GraphQLClient(team["viewer"]), team["private"].pk)
    document = result["data"]["map"]["graphDocument"]
    assert document == rest_graph(team["private"].pk, team["viewer"])
    assert document["map"]["name"] == "Private map"
    assert document["map"]["documents"] == [str(team["document"].pk)]
    assert {e["role"] for e in document["edges"]} == {"antecedent", "consequent"}
    assert sorted(a["conflict_kind"] or "-" for a in document["scheme_applications"]) == ["-", "undermine"]


@pytest.mark.parametrize("who", ["anonymous", "outsider"])
def test_a_private_map_is_null_for_non_members(team, who):
    small_argument(team["private"], actor=team["owner"])
    client = GraphQLClient(None if who == "anonymous" else team["outsider"])
    result = graph_document(client, team["private"].pk)
    assert result == {"data": {"map": None}, "status": 200}


def test_each_annotator_gets_only_what_blind_annotation_shows_them(team):
    from argmap.services.annotation import start_independent_annotation

    small_argument(team["private"], actor=team["editor"])
    own = make_statement(team["private"], "私の草稿。", actor=team["annotator"])
    start_independent_annotation(actor=team["owner"], argument_map=team["private"])
    annotator = graph_document(GraphQLClient(team["annotator"]), team["private"].pk)["data"]["map"]["graphDocument"]
    owner = graph_document(GraphQLClient(team["owner"]), team["private"].pk)["data"]["map"]["graphDocument"]
    assert [s["text"] for s in annotator["statements"]] == [own.text]
    assert annotator["edges"] == annotator["anchors"] == []
    assert len(owner["statements"]) == 4


def count_queries(client, query, variables):
    with CaptureQueriesContext(connection) as captured:
        result = client(query, variables)
    assert "errors" not in result, result.get("errors")
    return len(captured), result


def test_the_document_costs_the_same_queries_at_10_and_1000_statements(workspace, owner):
    counts = {}
    for size in (10, 1000):
        argument_map = build_map(workspace, size)
        n, result = count_queries(GraphQLClient(owner), DOCUMENT, {"id": to_global_id("Map", argument_map.pk)})
        assert len(result["data"]["map"]["graphDocument"]["statements"]) == size
        counts[size] = n
    assert counts[10] == counts[1000], counts
    # session, user, roles, the map, then map_graph's nine queries
    assert counts[1000] <= 13, counts


def test_asking_twice_in_one_request_reads_the_graph_once(workspace, owner):
    argument_map = build_map(workspace, 10)
    variables = {"id": to_global_id("Map", argument_map.pk)}
    once, _ = count_queries(GraphQLClient(owner), DOCUMENT, variables)
    twice, result = count_queries(
        GraphQLClient(owner), "query ($id: ID!) { map(id: $id) { a: graphDocument b: graphDocument } }", variables
    )
    assert twice == once
    assert result["data"]["map"]["a"] == result["data"]["map"]["b"]


def test_the_document_is_costed_like_the_graph_field(db):
    many = "{ maps(first: 1000) { edges { node { graphDocument } } } }"
    with CaptureQueriesContext(connection) as captured:
        result = GraphQLClient()(many)
    assert result["status"] == 400
    assert any(f"the limit is {limits.MAX_COST}" in e["message"] for e in result["errors"]), result
    assert len(captured) == 0
    assert "errors" not in GraphQLClient()(many.replace("first: 1000", "first: 10"))
