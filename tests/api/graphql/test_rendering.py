"""Every GraphQL response is rendered by orjson: text travels as UTF-8, and the JSON is what the stdlib reads."""

import json

from graphql_relay import to_global_id

from tests.api.graphql.conftest import GraphQLClient
from tests.factories import make_map, make_statement

NODE = "query ($id: ID!) { node(id: $id) { ... on Statement { id text version createdAt } } }"


def test_a_typed_response_carries_text_as_utf8(workspace, owner):
    statement = make_statement(make_map(workspace, visibility="public"), text="北朝鮮の核問題 — “quoted”", actor=owner)
    response = GraphQLClient().post(NODE, {"id": to_global_id("Statement", str(statement.pk))})
    assert response.status_code == 200
    assert "北朝鮮の核問題 — “quoted”".encode() in response.content
    node = json.loads(response.content)["data"]["node"]
    assert node["text"] == statement.text
    assert node["version"] == 1


def test_pretty_responses_stay_indented_and_sorted(workspace, owner):
    statement = make_statement(make_map(workspace, visibility="public"), actor=owner)
    client = GraphQLClient()
    body = {"query": NODE, "variables": {"id": to_global_id("Statement", str(statement.pk))}}
    response = client.client.post("/graphql/?pretty=1", json.dumps(body), content_type="application/json")
    text = response.content.decode()
    assert text.startswith('{\n  "data": {\n    "node": {\n      "createdAt"')
