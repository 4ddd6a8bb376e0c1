"""Suggestions stay out of evaluation, agreement, graph reads and exports unless asked; accepted ones count."""

import json

import pytest

from argmap import services
from argmap.errors import InvalidInput
from argmap.interchange.exports import export_map
from argmap.selectors.annotation import annotation_state, annotator_layers
from argmap.selectors.graph import map_graph, neighbourhood
from argmap.selectors.graph_document import map_graph_document
from argmap.selectors.suggestions import include_requested, suggestions_asked
from argmap.semantics import evaluate_map
from argmap.services.suggestions import accept_suggestions, write_suggestion_batch
from tests.factories import UserFactory, make_passage

TEXT = "北朝鮮は核弾頭を50発保有すると推計される。𠮷野家の例。Second sentence."


@pytest.fixture
def people(workspace, owner):
    bot, annotator = UserFactory(username="miner-bot"), UserFactory(username="ann")
    services.add_member(actor=owner, workspace=workspace, user=bot, role="pipeline")
    services.add_member(actor=owner, workspace=workspace, user=annotator, role="annotator")
    return {"bot": bot, "annotator": annotator, "owner": owner}


@pytest.fixture
def suggested(people, argument_map, document):
    """A person's claim, and a pipeline's suggested premise attacking it."""
    claim = make_passage(argument_map, document, "Second sentence.", actor=people["annotator"])
    start = TEXT.index("𠮷")
    result = write_suggestion_batch(
        actor=people["bot"],
        argument_map=argument_map,
        document=document,
        pipeline_name="miner",
        pipeline_version="1.0",
        key="b1",
        spans=[{"key": "p", "kind": "premise", "start": start, "end": start + 6, "confidence": 0.6}],
        relations=[{"key": "a", "type": "attack", "from": "p", "to": str(claim.pk), "confidence": 0.6}],
    )
    return {"claim": claim, "premise": result.statements["p"], "attack": result.scheme_applications["a"]}


def ids(rows):
    return {str(row["id"]) for row in rows}


def test_graph_reads_leave_suggestions_out_unless_asked(people, argument_map, suggested):
    plain = map_graph(argument_map=argument_map, user=people["annotator"])
    assert ids(plain["statements"]) == {str(suggested["claim"].pk)}
    assert plain["scheme_applications"] == [] and plain["edges"] == [] and len(plain["anchors"]) == 1
    asked = map_graph(argument_map=argument_map, user=people["annotator"], include_suggestions=True)
    assert ids(asked["statements"]) == {str(suggested["claim"].pk), suggested["premise"]}
    assert len(asked["edges"]) == 2 and len(asked["anchors"]) == 2
    document = json.loads(map_graph_document(argument_map=argument_map, user=people["annotator"]))
    assert ids(document["statements"]) == {str(suggested["claim"].pk)} and document["edges"] == []
    around = neighbourhood(statement=suggested["claim"], depth=2, direction="both", user=people["annotator"])
    assert ids(around["statements"]) == {str(suggested["claim"].pk)} and around["scheme_applications"] == []
    around = neighbourhood(
        statement=suggested["claim"], depth=2, direction="both", user=people["annotator"], include_suggestions=True
    )
    assert ids(around["statements"]) == {str(suggested["claim"].pk), suggested["premise"]}


def test_evaluation_ignores_a_suggested_attack_until_it_is_accepted(people, argument_map, suggested):
    claim = str(suggested["claim"].pk)
    assert evaluate_map(argument_map=argument_map, semantics="grounded")["statements"] == {claim: "IN"}
    asked = evaluate_map(argument_map=argument_map, semantics="grounded", include_suggestions=True)
    assert asked["statements"][claim] == "OUT"
    accept_suggestions(actor=people["annotator"], argument_map=argument_map, node_ids=[suggested["attack"]])
    accepted = evaluate_map(argument_map=argument_map, semantics="grounded")
    assert accepted["statements"] == {claim: "OUT", suggested["premise"]: "IN"}


def test_exports_leave_suggestions_out_unless_asked(argument_map, suggested):
    plain = json.loads(export_map(argument_map=argument_map, format="aif").content)
    texts = {node["text"] for node in plain["nodes"] if node["type"] == "I"}
    assert texts == {"Second sentence."}
    asked = json.loads(export_map(argument_map=argument_map, format="aif", include_suggestions=True).content)
    assert "𠮷野家の例。" in {node["text"] for node in asked["nodes"] if node["type"] == "I"}

    def spans(content):
        return [row for row in map(json.loads, content.splitlines()) if row["type"] == "span"]

    assert len(spans(export_map(argument_map=argument_map, format="jsonl").content)) == 1
    assert len(spans(export_map(argument_map=argument_map, format="jsonl", include_suggestions=True).content)) == 2


def test_agreement_layers_leave_the_pipeline_out_unless_asked(people, argument_map, document, suggested):
    assert set(annotator_layers(people["owner"], argument_map, document)) == {"ann"}
    asked = annotator_layers(people["owner"], argument_map, document, include_suggestions=True)
    assert set(asked) == {"ann", "miner-bot"}


def test_the_annotation_screen_shows_suggestions_to_those_who_take_them_up(
    people, workspace, owner, argument_map, document, suggested
):
    state = annotation_state(people["annotator"], argument_map, document)
    premise = next(s for s in state["statements"] if str(s["id"]) == suggested["premise"])
    assert premise["status"] == "suggested" and premise["pipeline"] == {"name": "miner", "version": "1.0"}
    assert premise["confidence"] == 0.6
    claim = next(s for s in state["statements"] if s["id"] == suggested["claim"].pk)
    assert claim["pipeline"] is None and claim["confidence"] is None
    assert {"start_confidence", "end_confidence"} <= set(state["anchors"][0])
    viewer = UserFactory(username="viewer")
    services.add_member(actor=owner, workspace=workspace, user=viewer, role="viewer")
    assert ids(annotation_state(viewer, argument_map, document)["statements"]) == {str(suggested["claim"].pk)}


def test_only_members_who_ask_get_suggestions(people, argument_map):
    assert include_requested(["suggestions"]) and include_requested("suggestions,suggestions")
    assert not include_requested(None) and not include_requested([])
    for misspelt in (["graph,suggestions"], ["suggestion"], [""]):
        with pytest.raises(InvalidInput, match="include"):
            include_requested(misspelt)
    assert suggestions_asked(people["annotator"], argument_map, True)
    assert not suggestions_asked(people["annotator"], argument_map, False)
    assert not suggestions_asked(UserFactory(username="stranger"), argument_map, True)
