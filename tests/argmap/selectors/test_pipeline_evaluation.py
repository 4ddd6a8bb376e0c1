"""A pipeline's predictions against what the team accepted, read from the database (figures worked by hand)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from argmap import services
from argmap.selectors.pipeline_evaluation import pipeline_evaluation
from argmap.services.suggestions import accept_suggestions, dismiss_suggestions, write_suggestion_batch
from tests.factories import UserFactory, make_document, make_map, make_statement

# Four ten-code-point sentences: A [0,10) B [11,21) C [22,32) D [33,43).
TEXT = "北朝鮮は核を放棄せず。米国は交渉を望んでる。日本は抑止を強化する。中国は沈黙を守ってる。"
A, B, C, D = (0, 10), (11, 21), (22, 32), (33, 43)


@pytest.fixture
def scene(workspace, owner):
    """Gold by people: B and C (premises, accepted), C supports B (accepted). Pipeline v1 predicts a = A (claim,
    then taken up by an annotator), b = [11,19) (premise, pending), d = D (premise, dismissed); b supports a.
    A person then adds "B supports a" (accepted). v2 predicts nothing; v1 of another pipeline is ignored."""
    document = make_document(workspace, text=TEXT)
    argument_map = make_map(workspace, documents=[document])
    bot, annotator = UserFactory(username="bot"), UserFactory(username="ann")
    services.add_member(actor=owner, workspace=workspace, user=bot, role="pipeline")
    services.add_member(actor=owner, workspace=workspace, user=annotator, role="annotator")

    def gold(span, kind="premise"):
        statement = make_statement(
            argument_map, text=TEXT[span[0] : span[1]], kind=kind, status="accepted", actor=owner
        )
        services.create_anchor(
            actor=None,
            statement=statement,
            document=document,
            exact=TEXT[span[0] : span[1]],
            start=span[0],
            end=span[1],
        )
        (statement,) = services.review_nodes(actor=owner, nodes=[(statement, 2)], status="accepted")
        return statement

    gold_b, gold_c = gold(B), gold(C)
    services.create_argument(actor=owner, premises=[gold_c], conclusion=gold_b, status="accepted")
    written = write_suggestion_batch(
        actor=bot,
        argument_map=argument_map,
        document=document,
        pipeline_name="markers",
        pipeline_version="1",
        parameters={},
        key="k1",
        spans=[
            {"key": "a", "kind": "claim", "start": A[0], "end": A[1], "confidence": 0.9},
            {"key": "b", "kind": "premise", "start": 11, "end": 19, "confidence": 0.5},
            {"key": "d", "kind": "premise", "start": D[0], "end": D[1], "confidence": 0.2},
        ],
        relations=[{"key": "r", "type": "support", "from": "b", "to": "a", "confidence": 0.6}],
    )
    dismiss_suggestions(actor=annotator, argument_map=argument_map, node_ids=[written.statements["d"]])
    accept_suggestions(actor=annotator, argument_map=argument_map, node_ids=[written.statements["a"]])
    taken_up = argument_map.statements.get(pk=written.statements["a"])
    services.create_argument(actor=owner, premises=[gold_b], conclusion=taken_up, status="accepted")
    return argument_map


def test_the_scene_is_as_drawn():
    assert [TEXT[s:e] for s, e in (A, B, C, D)] == TEXT.rstrip("。").split("。")


def figures(block):
    return (block["true_positives"], block["predicted"], block["gold"]), (
        block["precision"],
        block["recall"],
        block["f1"],
    )


def test_hand_computed_figures(scene):
    """Gold units: a (taken up), B, C = 3. Predictions: a, b, d = 3 (d dismissed, still a prediction).
    Exact: a only → 1/3, 1/3, 1/3. Overlap: a, and b ~ B (8/10) → 2/3 each.
    Relations: gold C→B, B→a; predicted b→a: exact 0 (b unmatched), overlap 1 → P 1, R 1/2, F1 2/3."""
    result = pipeline_evaluation(argument_map=scene, pipeline="markers", version="1")
    (v1,) = result["versions"]
    assert v1["version"] == "1" and v1["predicted_statements_by_outcome"] == {
        "pending": 1,
        "accepted": 1,
        "dismissed": 1,
    }
    counts, ratios = figures(v1["spans"]["exact"])
    assert counts == (1, 3, 3) and ratios == pytest.approx((1 / 3, 1 / 3, 1 / 3))
    counts, ratios = figures(v1["spans"]["overlap"])
    assert counts == (2, 3, 3) and ratios == pytest.approx((2 / 3, 2 / 3, 2 / 3))
    assert figures(v1["labelled_spans"]["overlap"])[0] == (2, 3, 3)
    counts, ratios = figures(v1["relations"]["exact"])
    assert counts == (0, 1, 2) and ratios == pytest.approx((0, 0, 0))
    counts, ratios = figures(v1["relations"]["overlap"])
    assert counts == (1, 1, 2) and ratios == pytest.approx((1, 1 / 2, 2 / 3))


def test_an_edit_after_acceptance_is_scored_against_the_prediction(scene):
    """The annotator shortens a to [0,9): the gold moves, the prediction stays [0,10): exact TP 0, overlap 9/10."""
    taken_up = scene.statements.get(pipeline__isnull=False, status="draft")
    taken_up.anchors.update(start=0, end=9, exact=TEXT[0:9])
    (v1,) = pipeline_evaluation(argument_map=scene, pipeline="markers", version="1")["versions"]
    assert v1["spans"]["exact"]["true_positives"] == 0
    assert v1["spans"]["overlap"]["true_positives"] == 2


def test_every_version_in_a_fixed_number_of_queries(scene):
    with CaptureQueriesContext(connection) as queries:
        result = pipeline_evaluation(argument_map=scene, pipeline="markers")
    assert [v["version"] for v in result["versions"]] == ["1"]
    assert len(queries) <= 8
    assert pipeline_evaluation(argument_map=scene, pipeline="markers", version="9")["versions"] == []
    assert pipeline_evaluation(argument_map=scene, pipeline="other")["versions"] == []


def test_a_dismissed_relation_still_counts_as_predicted(scene):
    """Dismissing b → a removes it from the map; its decision keeps the prediction, so the figures stay."""
    annotator = scene.workspace.memberships.get(role="annotator").user
    relation = scene.scheme_applications.get(status="suggested")
    dismiss_suggestions(actor=annotator, argument_map=scene, node_ids=[str(relation.pk)])
    assert not scene.scheme_applications.filter(pk=relation.pk).exists()
    (v1,) = pipeline_evaluation(argument_map=scene, pipeline="markers", version="1")["versions"]
    assert figures(v1["relations"]["overlap"])[0] == (1, 1, 2)
