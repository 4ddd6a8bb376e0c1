"""Pipeline-evaluation scores on constructed cases whose figures are computed by hand in each docstring."""

import pytest

from argmap.selectors.pipeline_evaluation import (
    Relation,
    Unit,
    align_units,
    evaluate_predictions,
    scores,
    span_overlap,
    unit_score,
)


def u(id, start, end, kind="claim", document="d"):
    return Unit(id=id, document=document, spans=((start, end),), kind=kind)


def test_overlap_is_the_intersection_over_the_longer_span():
    """[0,10) and [5,10): 5 shared code points, longer span 10 → 0.5; [0,4) and [2,8): 2 / 6."""
    assert span_overlap((0, 10), (5, 10)) == 0.5
    assert span_overlap((0, 4), (2, 8)) == pytest.approx(2 / 6)
    assert span_overlap((0, 4), (4, 8)) == 0
    assert span_overlap((3, 3), (3, 3)) == 0


def test_overlap_criterion_is_at_least_half_and_exact_needs_both_ends():
    gold = u("g", 0, 10)
    assert unit_score(u("p", 5, 10), gold, "overlap") == 0.5
    assert unit_score(u("p", 6, 10), gold, "overlap") == 0  # 4 / 10
    assert unit_score(u("p", 0, 9), gold, "exact") == 0
    assert unit_score(u("p", 0, 10), gold, "exact") == 1
    assert unit_score(u("p", 0, 10, document="other"), gold, "overlap") == 0


def test_a_statement_anchored_twice_matches_on_either_span():
    gold = Unit(id="g", document="d", spans=((0, 10), (40, 50)))
    assert unit_score(u("p", 40, 50), gold, "exact") == 1
    assert unit_score(u("p", 42, 50), gold, "overlap") == pytest.approx(0.8)


def test_alignment_is_one_to_one_best_overlap_first():
    """Two predictions overlap one gold unit: [0,10) exactly, [0,8) at 0.8; only the exact one is its match."""
    gold = [u("g", 0, 10)]
    assert align_units([u("p2", 0, 8), u("p1", 0, 10)], gold, criterion="overlap") == {"p1": "g"}


def test_scores_are_none_when_undefined_and_f1_is_zero_without_hits():
    assert scores(0, 0, 3) == {
        "true_positives": 0,
        "predicted": 0,
        "gold": 3,
        "precision": None,
        "recall": 0.0,
        "f1": None,
    }
    assert scores(0, 2, 3)["f1"] == 0.0
    assert scores(1, 2, 4)["f1"] == pytest.approx(2 * 0.5 * 0.25 / 0.75)


def test_hand_computed_spans_kinds_and_relations():
    """Gold: A [0,20) claim, B [20,40) premise, C [40,60) premise; B supports A, C attacks A.
    Predictions: a [0,20) claim (exact A), b [22,40) claim (overlap 18/20 with B, wrong kind), c [40,49)
    premise (9/20 with C: no match), x [70,80) (no gold there); b supports a, c attacks a, x supports a.

    Spans exact: TP 1 (a) of 4 predicted, 3 gold → P 1/4, R 1/3, F1 2/7.
    Spans overlap: TP 2 (a, b) → P 1/2, R 2/3, F1 4/7.
    Labelled overlap: b's kind differs → TP 1 → as exact.
    Relations exact: no relation has both ends matched → TP 0 of 3 predicted, 2 gold; F1 0.
    Relations overlap: b→a maps to B→A support (gold) → TP 1; c→a has c unmatched → P 1/3, R 1/2, F1 2/5.
    """
    gold_units = [u("A", 0, 20, "claim"), u("B", 20, 40, "premise"), u("C", 40, 60, "premise")]
    predicted_units = [u("a", 0, 20, "claim"), u("b", 22, 40, "claim"), u("c", 40, 49, "premise"), u("x", 70, 80)]
    gold_relations = [Relation("B", "A", "support"), Relation("C", "A", "attack")]
    predicted_relations = [Relation("b", "a", "support"), Relation("c", "a", "attack"), Relation("x", "a", "support")]
    result = evaluate_predictions(
        predicted_units=predicted_units,
        gold_units=gold_units,
        predicted_relations=predicted_relations,
        gold_relations=gold_relations,
    )
    exact, overlap = result["spans"]["exact"], result["spans"]["overlap"]
    assert (exact["true_positives"], exact["predicted"], exact["gold"]) == (1, 4, 3)
    assert (exact["precision"], exact["recall"], exact["f1"]) == pytest.approx((1 / 4, 1 / 3, 2 / 7))
    assert (overlap["precision"], overlap["recall"], overlap["f1"]) == pytest.approx((1 / 2, 2 / 3, 4 / 7))
    assert result["labelled_spans"]["overlap"]["true_positives"] == 1
    assert result["relations"]["exact"]["true_positives"] == 0
    assert result["relations"]["exact"]["f1"] == 0.0
    relations = result["relations"]["overlap"]
    assert (relations["predicted"], relations["gold"]) == (3, 2)
    assert (relations["precision"], relations["recall"], relations["f1"]) == pytest.approx((1 / 3, 1 / 2, 2 / 5))


def test_a_relation_of_the_wrong_type_is_not_a_hit():
    gold_units = [u("A", 0, 10), u("B", 10, 20)]
    predicted_units = [u("a", 0, 10), u("b", 10, 20)]
    result = evaluate_predictions(
        predicted_units=predicted_units,
        gold_units=gold_units,
        predicted_relations=[Relation("b", "a", "attack")],
        gold_relations=[Relation("B", "A", "support")],
    )
    assert result["relations"]["exact"]["true_positives"] == 0
    assert result["spans"]["exact"]["f1"] == 1.0
