"""A map with all its statements, their anchors, evidence and neighbours costs a fixed number of queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from graphql_relay import to_global_id

from tests.api.graphql.builders import build_map
from tests.api.graphql.conftest import GraphQLClient

WHOLE_MAP = """
query ($id: ID!, $first: Int!) {
  map(id: $id) {
    name
    documents { title }
    statements(first: $first) {
      pageInfo { hasNextPage }
      edges { node {
        id kind text
        anchors { exact start end document { title } }
        evidence { locator source { title } }
        supports { id }
        supportedBy { id }
        attacks { kind target { ... on Statement { id } } }
        attackedBy { kind attacker { id } conflict { id type } }
      } }
    }
  }
}
"""

WHOLE_GRAPH = """
query ($id: ID!) {
  map(id: $id) {
    graph {
      statements { id anchors { exact } evidence { source { title } } supports { id } attackedBy { kind } }
      schemeApplications { id type conflictKind premises { id } conclusion { id } }
      edges { id role }
      anchors { id exact }
      evidenceLinks { id source { title } }
      sources { title }
    }
  }
}
"""


def count_queries(client, query, variables):
    with CaptureQueriesContext(connection) as captured:
        result = client(query, variables)
    assert "errors" not in result, result["errors"][:3]
    return len(captured), result


@pytest.mark.parametrize(("query", "sizes_key"), [(WHOLE_MAP, "statements"), (WHOLE_GRAPH, "graph")])
def test_whole_map_costs_the_same_queries_at_10_and_1000_statements(workspace, owner, query, sizes_key):
    small = build_map(workspace, 10)
    large = build_map(workspace, 1000)
    counts = {}
    for argument_map in (small, large):
        client = GraphQLClient(owner)
        n, result = count_queries(client, query, {"id": to_global_id("Map", argument_map.pk), "first": 1000})
        counts[argument_map.name] = n
        data = result["data"]["map"]
        listed = data["statements"]["edges"] if sizes_key == "statements" else data["graph"]["statements"]
        assert len(listed) == argument_map.statements.count()
    assert counts["Scale map 10"] == counts["Scale map 1000"], counts
    # session, user and roles (4), the map, the page, one batch per relation asked for
    assert counts["Scale map 1000"] <= 30, counts


def test_neighbours_are_right_at_scale(workspace, owner):
    argument_map = build_map(workspace, 30)
    result = GraphQLClient(owner)(WHOLE_MAP, {"id": to_global_id("Map", argument_map.pk), "first": 30})
    nodes = {e["node"]["text"]: e["node"] for e in result["data"]["map"]["statements"]["edges"]}
    premise = nodes["命題4：北朝鮮の核戦力は4段階で増強される。"]
    claim_id = nodes["命題3：北朝鮮の核戦力は3段階で増強される。"]["id"]
    rebuttal_id = nodes["命題5：北朝鮮の核戦力は5段階で増強される。"]["id"]
    assert premise["supports"] == [{"id": claim_id}]
    assert premise["attackedBy"][0]["kind"] == "UNDERMINE"
    assert premise["attackedBy"][0]["attacker"] == {"id": rebuttal_id}
    assert premise["evidence"] == [{"locator": "p. 4", "source": {"title": "Estimate of the arsenal"}}]
    assert nodes["命題5：北朝鮮の核戦力は5段階で増強される。"]["attacks"][0]["target"] == {"id": premise["id"]}


VISUALISER = """
query ($id: ID!) { map(id: $id) { statements(first: 1000) { edges { node {
  id kind text status supports { id } attackedBy { kind attacker { id } } anchors { start end document { id } }
} } } } }
"""


def test_the_visualiser_page_costs_one_query_per_relation(workspace, owner):
    """The user's roles, the map, then the page with its supports, attackedBy and anchors in one compiled
    statement (``core.compiled``; was 6: the page, then one query per relation), whatever the page's size."""
    counts = {}
    for size in (10, 300):
        argument_map = build_map(workspace, size)
        client = GraphQLClient(owner)
        session, _ = count_queries(client, "{ __typename }", {})  # the request's session and user
        n, result = count_queries(client, VISUALISER, {"id": to_global_id("Map", argument_map.pk)})
        assert len(result["data"]["map"]["statements"]["edges"]) == size
        counts[size] = n - session
    assert counts[10] == counts[300] == 3, counts


def test_the_typed_whole_map_costs_one_statement_after_the_map(workspace, owner):
    """The bench's typed whole map (``bench.graphql_floor.QUERY``) compiled: the user's roles, the map, then the
    whole graph in one statement (field by field it reads nine), whatever the map's size."""
    from bench.graphql_floor import QUERY

    counts = {}
    for size in (10, 300):
        argument_map = build_map(workspace, size)
        client = GraphQLClient(owner)
        session, _ = count_queries(client, "{ __typename }", {})
        n, result = count_queries(client, QUERY, {"id": to_global_id("Map", argument_map.pk)})
        assert len(result["data"]["map"]["graph"]["statements"]) == size
        counts[size] = n - session
    assert counts[10] == counts[300] == 3, counts
