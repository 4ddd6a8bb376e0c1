"""GraphQL and REST read the report's map through the same selectors, so they serve the same graph."""

import json
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import Client
from graphql_relay import from_global_id, to_global_id

from tests.api.graphql.conftest import GraphQLClient

DATASET = Path(__file__).resolve().parents[3] / "fixtures" / "jiia-fy2024-1"

PAGED = """
query ($id: ID!) {
  map(id: $id) {
    statements(first: 1000) {
      pageInfo { hasNextPage }
      edges { node {
        id kind text
        anchors { id exact start end document { id } }
        evidence { id locator source { id } }
      } }
    }
    schemeApplications(first: 1000) { edges { node { id type conflictKind } } }
    edges(first: 1000) { edges { node { id role application { id } statement { id } otherApplication { id } } } }
  }
}
"""

WHOLE = """
query ($id: ID!) {
  map(id: $id) {
    graph {
      statements { id kind text }
      schemeApplications { id type conflictKind scheme { key } }
      edges { id role }
      anchors { id exact start end statement { id } }
      evidenceLinks { id locator statement { id } source { id } }
      sources { id title }
    }
  }
}
"""


def pk(global_id: str | None) -> str | None:
    return None if global_id is None else from_global_id(global_id)[1]


@pytest.fixture
def report(db):
    call_command("load_dataset", str(DATASET), verbosity=0)
    built = json.loads((DATASET / "dataset.built.json").read_text(encoding="utf-8"))
    rest = Client().get(f"/api/v1/maps/{built['map']['id']}/graph/")
    assert rest.status_code == 200
    return built["map"]["id"], rest.json()


def test_the_paged_map_serves_what_the_rest_graph_serves(report):
    map_id, rest = report
    result = GraphQLClient()(PAGED, {"id": to_global_id("Map", map_id)})
    assert "errors" not in result, result
    data = result["data"]["map"]
    assert data["statements"]["pageInfo"]["hasNextPage"] is False
    statements = [e["node"] for e in data["statements"]["edges"]]
    assert [(pk(s["id"]), s["kind"].lower(), s["text"]) for s in statements] == [
        (row["id"], row["kind"], row["text"]) for row in rest["statements"]
    ]
    assert len(statements) > 10, "the report's map has content"
    anchors = {
        (pk(a["id"]), pk(s["id"]), pk(a["document"]["id"]), a["exact"], a["start"], a["end"])
        for s in statements
        for a in s["anchors"]
    }
    assert anchors == {
        (a["id"], a["statement"], a["document"], a["exact"], a["start"], a["end"]) for a in rest["anchors"]
    }
    evidence = {
        (pk(e["id"]), pk(s["id"]), pk(e["source"]["id"]), e["locator"]) for s in statements for e in s["evidence"]
    }
    assert evidence == {(e["id"], e["statement"], e["source"], e["locator"]) for e in rest["evidence_links"]}
    edges = {
        (
            pk(e["node"]["id"]),
            e["node"]["role"].lower(),
            pk(e["node"]["application"]["id"]),
            pk((e["node"]["statement"] or {}).get("id")),
            pk((e["node"]["otherApplication"] or {}).get("id")),
        )
        for e in data["edges"]["edges"]
    }
    assert edges == {
        (e["id"], e["role"], e["application"], e["statement"], e["other_application"]) for e in rest["edges"]
    }
    applications = [e["node"] for e in data["schemeApplications"]["edges"]]
    assert [(pk(a["id"]), a["type"].lower(), (a["conflictKind"] or "").lower() or None) for a in applications] == [
        (a["id"], a["type"], a["conflict_kind"]) for a in rest["scheme_applications"]
    ]


def test_the_whole_graph_field_serves_what_the_rest_graph_serves(report):
    map_id, rest = report
    result = GraphQLClient()(WHOLE, {"id": to_global_id("Map", map_id)})
    assert "errors" not in result, result
    graph = result["data"]["map"]["graph"]
    assert [pk(s["id"]) for s in graph["statements"]] == [s["id"] for s in rest["statements"]]
    assert [(pk(a["id"]), (a["scheme"] or {}).get("key")) for a in graph["schemeApplications"]] == [
        (a["id"], a["scheme"]) for a in rest["scheme_applications"]
    ]
    assert [pk(e["id"]) for e in graph["edges"]] == [e["id"] for e in rest["edges"]]
    assert [(pk(a["id"]), a["start"], a["end"]) for a in graph["anchors"]] == [
        (a["id"], a["start"], a["end"]) for a in rest["anchors"]
    ]
    assert [pk(e["id"]) for e in graph["evidenceLinks"]] == [e["id"] for e in rest["evidence_links"]]
    assert [(pk(s["id"]), s["title"]) for s in graph["sources"]] == [(s["id"], s["title"]) for s in rest["sources"]]


def test_search_finds_japanese_substrings_as_rest_does(report):
    rest = Client().get("/api/v1/search/", {"q": "核", "limit": 20}).json()
    graphql = GraphQLClient()('{ search(q: "核", first: 20) { type title start end node { id } } }')
    hits = graphql["data"]["search"]
    assert hits, "the report mentions 核 inside sentences"
    assert [(h["type"].lower(), pk(h["node"]["id"]), h["start"], h["end"]) for h in hits] == [
        (r["type"], r["id"], r["start"], r["end"]) for r in rest["results"]
    ]
