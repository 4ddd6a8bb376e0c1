"""Reads: keyset pagination, neighbourhoods, blind annotation, authentication and CSRF."""

import json

import pytest
from django.test import Client
from graphql_relay import to_global_id
from rest_framework.authtoken.models import Token

from tests.api.graphql.conftest import GraphQLClient, small_argument
from tests.factories import make_statement

PAGE = """
query ($id: ID!, $after: String) {
  map(id: $id) { statements(first: 2, after: $after) {
    totalCount pageInfo { hasNextPage hasPreviousPage endCursor } edges { cursor node { text } }
  } }
}
"""


def test_keyset_pages_walk_every_statement_once_even_as_rows_are_added(workspace, owner):
    from tests.factories import make_map

    argument_map = make_map(workspace)
    for n in range(5):
        make_statement(argument_map, f"文{n}。", actor=owner)
    client = GraphQLClient(owner)
    variables = {"id": to_global_id("Map", argument_map.pk), "after": None}
    seen, pages = [], 0
    while True:
        page = client(PAGE, variables)["data"]["map"]["statements"]
        pages += 1
        seen += [e["node"]["text"] for e in page["edges"]]
        assert page["pageInfo"]["hasPreviousPage"] is (variables["after"] is not None)
        if pages == 1:
            assert page["totalCount"] == 5
            make_statement(argument_map, "後から。", actor=owner)
        if not page["pageInfo"]["hasNextPage"]:
            break
        variables["after"] = page["pageInfo"]["endCursor"]
    assert seen == [f"文{n}。" for n in range(5)] + ["後から。"]
    assert pages == 3


@pytest.mark.parametrize("cursor", ["not-a-cursor", "WyJ4Il0=", "W10="])
def test_a_foreign_cursor_is_a_clear_error(workspace, owner, cursor):
    from tests.factories import make_map

    argument_map = make_map(workspace)
    result = GraphQLClient(owner)(PAGE, {"id": to_global_id("Map", argument_map.pk), "after": cursor})
    assert result["status"] == 200
    assert result["errors"][0]["message"] == "`after` is not a cursor this list gave out."


NEIGHBOURHOOD = """
query ($id: ID!, $depth: Int, $direction: NeighbourhoodDirection) {
  node(id: $id) { ... on Statement {
    neighbourhood(depth: $depth, direction: $direction) {
      depth direction
      statements { depth statement { text } }
      schemeApplications { depth schemeApplication { type conflictKind } }
      edges { role }
    }
  } }
}
"""


def test_neighbourhood_walks_the_argument_both_ways(team, anonymous):
    graph = small_argument(team["public"])
    variables = {"id": to_global_id("Statement", graph["premise"].pk), "depth": 1, "direction": "UP"}
    up = anonymous(NEIGHBOURHOOD, variables)["data"]["node"]["neighbourhood"]
    assert {(s["depth"], s["statement"]["text"]) for s in up["statements"]} == {
        (0, "北朝鮮は核弾頭を50発保有すると推計される。"),
        (1, "抑止は不安定になる。"),
    }
    assert [a["schemeApplication"]["type"] for a in up["schemeApplications"]] == ["INFERENCE"]
    down = anonymous(NEIGHBOURHOOD, {**variables, "direction": "DOWN"})["data"]["node"]["neighbourhood"]
    assert {s["statement"]["text"] for s in down["statements"]} == {
        "北朝鮮は核弾頭を50発保有すると推計される。",
        "推計には幅がある。",
    }
    assert down["schemeApplications"][0]["schemeApplication"]["conflictKind"] == "UNDERMINE"
    both = anonymous(NEIGHBOURHOOD, {**variables, "direction": "BOTH"})["data"]["node"]["neighbourhood"]
    assert len(both["statements"]) == 3 and len(both["edges"]) == 4


def test_a_depth_out_of_range_is_a_validation_error_on_the_field(team, anonymous):
    graph = small_argument(team["public"])
    result = anonymous(NEIGHBOURHOOD, {"id": to_global_id("Statement", graph["premise"].pk), "depth": 11})
    assert result["data"]["node"] == {"neighbourhood": None}
    assert result["errors"][0]["extensions"]["code"] == "VALIDATION"
    assert result["errors"][0]["extensions"]["field"] == "depth"


def test_blind_annotation_hides_other_annotators_drafts_everywhere(team):
    from argmap.services.annotation import start_independent_annotation

    graph = small_argument(team["private"], actor=team["editor"])
    own = make_statement(team["private"], "私の草稿。", actor=team["annotator"])
    start_independent_annotation(actor=team["owner"], argument_map=team["private"])
    client = GraphQLClient(team["annotator"])
    map_id = to_global_id("Map", team["private"].pk)
    listed = client(
        "query ($id: ID!) { map(id: $id) { statements { edges { node { text } } } graph { statements { text } } } }",
        {"id": map_id},
    )["data"]["map"]
    assert [e["node"]["text"] for e in listed["statements"]["edges"]] == [own.text]
    assert [s["text"] for s in listed["graph"]["statements"]] == [own.text]
    hidden = client("query ($id: ID!) { node(id: $id) { id } }", {"id": to_global_id("Statement", graph["premise"].pk)})
    assert hidden["data"]["node"] is None


def test_session_writes_need_the_csrf_token_and_token_writes_do_not(team):
    mutation = json.dumps(
        {
            "query": 'mutation ($m: ID!) { createStatement(mapId: $m, kind: CLAIM, text: "主張。") { errors { code } } }',
            "variables": {"m": to_global_id("Map", team["private"].pk)},
        }
    )
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(type(team["owner"]).objects.get(pk=team["owner"].pk))
    refused = browser.post("/graphql/", mutation, content_type="application/json")
    assert refused.status_code == 403
    assert "CSRF" in refused.json()["errors"][0]["message"]
    assert not team["private"].statements.exists()
    token = Token.objects.create(user=team["owner"])
    api = Client(enforce_csrf_checks=True)
    accepted = api.post("/graphql/", mutation, content_type="application/json", HTTP_AUTHORIZATION=f"Token {token.key}")
    assert accepted.json() == {"data": {"createStatement": {"errors": []}}}
    assert team["private"].statements.count() == 1


def test_a_bad_token_is_refused_with_401(db):
    response = Client().post(
        "/graphql/",
        json.dumps({"query": "{ viewer { username } }"}),
        content_type="application/json",
        HTTP_AUTHORIZATION="Token nope",
    )
    assert response.status_code == 401
    assert response.json()["errors"][0]["message"]


def test_graphiql_is_served_to_browsers_from_local_static_files(db):
    response = Client().get("/graphql/", HTTP_ACCEPT="text/html")
    html = response.content.decode()
    assert response.status_code == 200
    assert "/static/graphiql/graphiql.min.js" in html and "/static/graphiql/react.production.min.js" in html
    assert "cdn" not in html.lower() and "https://" not in html


def test_an_unexpected_failure_is_reported_without_its_internals(team, anonymous, monkeypatch, caplog):
    from argmap.selectors import relations

    graph = small_argument(team["public"])

    def broken(keys, *, user):
        raise RuntimeError("SELECT secret FROM internals")

    monkeypatch.setattr(relations, "anchors_of", broken)
    monkeypatch.setattr("api.graphql.statement.types.relations.anchors_of", broken)
    result = anonymous(
        "query ($id: ID!) { node(id: $id) { ... on Statement { text anchors { exact } } } }",
        {"id": to_global_id("Statement", graph["premise"].pk)},
    )
    assert result["status"] == 400, result  # a failed DataLoader batch ends the execution (see the view)
    assert result["errors"][0]["message"] == "Internal error: this field could not be resolved."
    assert "secret" not in json.dumps(result)
    assert "SELECT secret FROM internals" in caplog.text, "the real error is logged for the operators"
