"""Pipelines suggest over GraphQL with their own token; people accept and dismiss; members read the outcomes."""

import json

import pytest
from django.test import Client
from graphql_relay import to_global_id
from rest_framework.authtoken.models import Token

from argmap import services
from argmap.models import Statement
from tests.api.graphql.conftest import GraphQLClient
from tests.factories import UserFactory, make_document, make_map, make_workspace

TEXT = "北朝鮮は核弾頭を50発保有すると推計される。𠮷野家の例。Second sentence."
CLAIM = (0, TEXT.index("。") + 1)
PREMISE = (TEXT.index("𠮷"), TEXT.index("例。") + 2)

SUGGEST = """
mutation ($input: SuggestAnnotationsInput!) {
  suggestAnnotations(input: $input) {
    batch created
    statements { key id }
    schemeApplications { key id }
    skipped { key reason }
    errors { code message field rule }
  }
}
"""

ACCEPT = """
mutation ($input: SuggestionChoiceInput!) {
  acceptSuggestions(input: $input) {
    ids count
    statements { id status confidence pipeline { name version } createdBy { username } }
    errors { code message field rule }
  }
}
"""

DISMISS = """
mutation ($input: SuggestionChoiceInput!) {
  dismissSuggestions(input: $input) { ids count errors { code message field } }
}
"""

READ = """
query ($id: ID!) {
  node(id: $id) {
    ... on Map {
      suggestions(minConfidence: 0.1) {
        statements { id status confidence pipeline { name version parameters }
                     anchors { start end startConfidence endConfidence } }
        schemeApplications { id type status confidence }
      }
      suggestionOutcomes(version: "1.0") { id nodeType outcome decidedBy prediction edits }
    }
  }
}
"""


class TokenClient:
    """POSTs GraphQL with ``Authorization: Token …``, as a pipeline does."""

    def __init__(self, user):
        self.client = Client()
        self.key = Token.objects.create(user=user).key

    def __call__(self, query, variables=None):
        response = self.client.post(
            "/graphql/",
            json.dumps({"query": query, "variables": variables or {}}),
            content_type="application/json",
            HTTP_AUTHORIZATION=f"Token {self.key}",
        )
        return response.json()


@pytest.fixture
def bot(workspace, owner):
    account = UserFactory(username="miner-bot")
    services.add_member(actor=owner, workspace=workspace, user=account, role="pipeline")
    return TokenClient(account)


@pytest.fixture
def annotator(workspace, owner):
    user = UserFactory(username="ann")
    services.add_member(actor=owner, workspace=workspace, user=user, role="annotator")
    return GraphQLClient(user)


def batch_input(argument_map, document, key="b1"):
    return {
        "input": {
            "mapId": to_global_id("Map", argument_map.pk),
            "documentId": to_global_id("Document", document.pk),
            "pipeline": {"name": "miner", "version": "1.0", "parameters": {"model": "ja"}},
            "key": key,
            "spans": [
                {"key": "c", "kind": "claim", "start": CLAIM[0], "end": CLAIM[1], "confidence": 0.9},
                {
                    "key": "p",
                    "kind": "premise",
                    "start": PREMISE[0],
                    "end": PREMISE[1],
                    "confidence": 0.4,
                    "startConfidence": 0.8,
                    "endConfidence": 0.5,
                },
            ],
            "relations": [{"key": "r", "type": "support", "from": "p", "to": "c", "confidence": 0.7}],
        }
    }


def test_a_pipeline_token_suggests_once_and_a_retry_writes_nothing(bot, argument_map, document):
    first = bot(SUGGEST, batch_input(argument_map, document))["data"]["suggestAnnotations"]
    assert first["errors"] == [] and first["created"] is True
    assert {row["key"] for row in first["statements"]} == {"c", "p"}
    again = bot(SUGGEST, batch_input(argument_map, document))["data"]["suggestAnnotations"]
    assert again["created"] is False and again["statements"] == first["statements"] and again["batch"] == first["batch"]
    assert Statement.objects.count() == 2


def test_a_pipeline_cannot_accept_nor_read_another_workspaces_private_map(bot, argument_map, document):
    first = bot(SUGGEST, batch_input(argument_map, document))["data"]["suggestAnnotations"]
    ids = [row["id"] for row in first["statements"]]
    refused = bot(ACCEPT, {"input": {"mapId": to_global_id("Map", argument_map.pk), "ids": ids}})
    assert refused["data"]["acceptSuggestions"]["errors"][0]["code"] == "PERMISSION"
    assert Statement.objects.filter(status="suggested").count() == 2
    elsewhere = make_workspace(slug="elsewhere")
    theirs = make_map(elsewhere, documents=[make_document(elsewhere, text=TEXT)])
    assert (
        bot("query ($id: ID!) { node(id: $id) { id } }", {"id": to_global_id("Map", theirs.pk)})["data"]["node"] is None
    )
    foreign = bot(SUGGEST, batch_input(theirs, document))["data"]["suggestAnnotations"]
    assert foreign["errors"][0]["code"] == "NOT_FOUND"


def test_people_cannot_suggest(argument_map, document, owner):
    refused = GraphQLClient(owner)(SUGGEST, batch_input(argument_map, document))["data"]["suggestAnnotations"]
    assert refused["errors"][0]["code"] == "PERMISSION" and not Statement.objects.exists()


def test_an_invalid_batch_is_a_typed_error_and_writes_nothing(bot, argument_map, document):
    bad = batch_input(argument_map, document)
    bad["input"]["relations"][0]["to"] = "nowhere"
    refused = bot(SUGGEST, bad)["data"]["suggestAnnotations"]
    assert refused["errors"][0]["code"] == "VALIDATION" and refused["errors"][0]["field"] == "relations[0].to"
    assert not Statement.objects.exists()


def test_annotators_read_accept_and_dismiss(bot, annotator, argument_map, document):
    first = bot(SUGGEST, batch_input(argument_map, document))["data"]["suggestAnnotations"]
    keyed = {row["key"]: row["id"] for row in first["statements"]}
    map_id = to_global_id("Map", argument_map.pk)
    read = annotator(READ, {"id": map_id})["data"]["node"]
    premise = next(s for s in read["suggestions"]["statements"] if s["id"] == keyed["p"])
    assert premise["status"] == "SUGGESTED" and premise["pipeline"] == {
        "name": "miner",
        "version": "1.0",
        "parameters": {"model": "ja"},
    }
    assert premise["anchors"] == [
        {"start": PREMISE[0], "end": PREMISE[1], "startConfidence": 0.8, "endConfidence": 0.5}
    ]
    assert read["suggestions"]["schemeApplications"][0]["type"] == "INFERENCE"
    accepted = annotator(ACCEPT, {"input": {"mapId": map_id, "ids": [keyed["c"]]}})["data"]["acceptSuggestions"]
    assert accepted["errors"] == [] and accepted["count"] == 1
    assert accepted["statements"][0]["status"] == "DRAFT" and accepted["statements"][0]["confidence"] == 0.9
    assert accepted["statements"][0]["createdBy"] == {"username": "ann"}
    dismissed = annotator(DISMISS, {"input": {"mapId": map_id, "minConfidence": 0}})["data"]["dismissSuggestions"]
    assert dismissed["count"] == 2
    outcomes = {row["id"]: row for row in annotator(READ, {"id": map_id})["data"]["node"]["suggestionOutcomes"]}
    assert {row["outcome"] for row in outcomes.values()} == {"accepted", "dismissed"}
    again = bot(SUGGEST, batch_input(argument_map, document, key="b2"))["data"]["suggestAnnotations"]
    assert {"key": "p", "reason": "dismissed"} in again["skipped"]


def test_suggestions_are_for_members(bot, workspace, document):
    public = make_map(workspace, visibility="public", documents=[document], name="Public")
    bot(SUGGEST, batch_input(public, document))
    outsider = GraphQLClient(UserFactory(username="outsider"))
    result = outsider(READ, {"id": to_global_id("Map", public.pk)})
    assert result["data"] is None or result["data"]["node"] is None
    assert result["errors"]


GRAPH = """
query ($id: ID!, $include: Boolean) {
  node(id: $id) {
    ... on Map {
      graph(includeSuggestions: $include) { statements { id status confidence pipeline { name version } } }
      evaluation(includeSuggestions: $include) { counts { in out undec } }
    }
  }
}
"""


def test_graph_and_evaluation_count_suggestions_only_when_asked(bot, annotator, argument_map, document):
    bot(SUGGEST, batch_input(argument_map, document))
    map_id = to_global_id("Map", argument_map.pk)
    plain = annotator(GRAPH, {"id": map_id, "include": False})["data"]["node"]
    assert plain["graph"]["statements"] == [] and plain["evaluation"]["counts"] == {"in": 0, "out": 0, "undec": 0}
    asked = annotator(GRAPH, {"id": map_id, "include": True})["data"]["node"]
    by_confidence = sorted(asked["graph"]["statements"], key=lambda s: s["confidence"])
    assert [(s["status"], s["confidence"]) for s in by_confidence] == [("SUGGESTED", 0.4), ("SUGGESTED", 0.9)]
    assert by_confidence[0]["pipeline"] == {"name": "miner", "version": "1.0"}
    assert asked["evaluation"]["counts"]["in"] == 2
