"""GraphQL: Statement.label under a chosen semantics, Map.evaluation, visibility and query counts."""

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from graphql_relay import to_global_id

from tests.api.graphql.conftest import GraphQLClient
from tests.argmap.semantics.worked_example import build_worked_example
from tests.factories import UserFactory, make_statement

LABELS = """
query($id: ID!, $semantics: Semantics) {
  node(id: $id) { ... on Map {
    statements(first: 100) { edges { node { text grounded: label support: label(semantics: SUPPORT)
      chosen: label(semantics: $semantics) } } }
  } }
}
"""
EVALUATION = """
query($id: ID!, $semantics: Semantics!) {
  node(id: $id) { ... on Map { evaluation(semantics: $semantics) {
    semantics counts { in out undec }
    statements { statement { text } label credulous sceptical }
    inferences { schemeApplication { type } label }
    conflicts { label }
    extensions { text }
    diagnostics
  } } }
}
"""


@pytest.fixture
def example(argument_map, owner):
    return build_worked_example(argument_map, actor=owner)


def labels_by_text(result) -> dict:
    return {e["node"]["text"]: e["node"] for e in result["data"]["node"]["statements"]["edges"]}


def test_statement_label_under_each_semantics(owner, argument_map, example):
    result = GraphQLClient(owner)(LABELS, {"id": to_global_id("Map", argument_map.pk), "semantics": "PREFERRED"})
    assert "errors" not in result, result
    labels = labels_by_text(result)
    assert labels[example.C.text] == {"text": example.C.text, "grounded": "IN", "support": "UNDEC", "chosen": "IN"}
    assert labels[example.R.text]["grounded"] == "OUT"
    assert labels[example.U.text]["chosen"] == "UNDEC"


def test_map_evaluation_with_extensions_and_diagnostics(owner, argument_map, example):
    result = GraphQLClient(owner)(EVALUATION, {"id": to_global_id("Map", argument_map.pk), "semantics": "STABLE"})
    assert "errors" not in result, result
    evaluation = result["data"]["node"]["evaluation"]
    assert evaluation["semantics"] == "STABLE"
    assert evaluation["counts"] == {"in": 4, "out": 1, "undec": 2}
    assert len(evaluation["extensions"]) == 2
    accepted = {s["statement"]["text"]: (s["credulous"], s["sceptical"]) for s in evaluation["statements"]}
    assert accepted[example.W.text] == (True, False)
    assert evaluation["inferences"] == [{"schemeApplication": {"type": "INFERENCE"}, "label": "UNDEC"}]
    diagnostics = json.loads(evaluation["diagnostics"])
    assert diagnostics["unanswered_attacks"][0]["id"] == str(example.K2.pk)


def test_support_semantics_has_no_extensions(owner, argument_map, example):
    result = GraphQLClient(owner)(EVALUATION, {"id": to_global_id("Map", argument_map.pk), "semantics": "SUPPORT"})
    assert result["data"]["node"]["evaluation"]["extensions"] is None


def test_private_map_evaluation_is_invisible_to_outsiders(argument_map, example):
    outsider = GraphQLClient(UserFactory(username="stranger"))
    result = outsider(EVALUATION, {"id": to_global_id("Map", argument_map.pk), "semantics": "GROUNDED"})
    assert result["data"]["node"] is None


def test_labels_of_every_statement_cost_one_evaluation(owner, argument_map, example):
    for i in range(30):
        make_statement(argument_map, text=f"extra {i}")
    client = GraphQLClient(owner)
    variables = {"id": to_global_id("Map", argument_map.pk), "semantics": "STABLE"}
    with CaptureQueriesContext(connection) as small:
        client(LABELS, variables)
    for i in range(30, 60):
        make_statement(argument_map, text=f"extra {i}")
    with CaptureQueriesContext(connection) as large:
        result = client(LABELS, variables)
    assert len(result["data"]["node"]["statements"]["edges"]) == 67
    assert len(large) == len(small)
