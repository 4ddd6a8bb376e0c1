"""Agreement figures on constructed cases with known answers."""

import random

import pytest

from argmap.selectors.agreement import (
    Span,
    agreement_report,
    cohen_kappa,
    krippendorff_alpha_nominal,
    layers_in_text,
    match_spans,
    unitizing_alpha,
)


def test_krippendorff_nominal_matches_the_published_example():
    """Krippendorff (2011), "Computing Krippendorff's alpha-reliability": 4 coders, 12 units, missing data; nominal alpha = 0.743."""
    coders = [
        [1, 2, 3, 3, 2, 1, 4, 1, 2, None, None, None],
        [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, None, 3],
        [None, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, None],
        [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, None],
    ]
    units = [([coder[u] for coder in coders], 1) for u in range(12)]
    assert krippendorff_alpha_nominal(units) == pytest.approx(0.743, abs=5e-4)


def test_cohen_kappa_textbook_two_by_two():
    """20 yes/yes, 5 yes/no, 10 no/yes, 15 no/no: p_o = 0.7, p_e = 0.5, kappa = 0.4."""
    pairs = [("y", "y")] * 20 + [("y", "n")] * 5 + [("n", "y")] * 10 + [("n", "n")] * 15
    assert cohen_kappa(pairs) == pytest.approx(0.4)
    assert cohen_kappa([("claim", "claim"), ("premise", "premise")]) == pytest.approx(1.0)
    assert cohen_kappa([("claim", "claim")]) is None
    assert cohen_kappa([]) is None


def test_unitizing_alpha_identical_layers_is_one_and_shifted_span_is_hand_computed():
    same = {"a": [Span(0, 5, "claim")], "b": [Span(0, 5, "claim")]}
    assert unitizing_alpha(same, 10) == pytest.approx(1.0)
    # Code points 0..3; a marks [0,2), b marks [1,3): o(claim,claim)=2, o(none,none)=2,
    # o(claim,none)=o(none,claim)=2, n=8: alpha = 1 - 7*4/32 = 0.125.
    shifted = {"a": [Span(0, 2, "claim")], "b": [Span(1, 3, "claim")]}
    assert unitizing_alpha(shifted, 4) == pytest.approx(0.125)


def test_unitizing_alpha_same_span_different_kind_is_disagreement():
    layers = {"a": [Span(0, 2, "claim")], "b": [Span(0, 2, "premise")]}
    # units: 2×(claim,premise), 2×(none,none): o_cp=o_pc=2, o_nn=2, n=8; n_c=2,n_p=2,n_n=4
    # expected pairs sum_{c≠k} n_c n_k = 2*2*2 + 2*4*2 + 2*4*2 = 40; alpha = 1 - 7*4/40 = 0.3
    assert unitizing_alpha(layers, 4) == pytest.approx(0.3)


def test_run_length_alpha_equals_code_point_by_code_point_alpha():
    rng = random.Random(7)
    kinds = ["claim", "premise", "rebuttal", "evidence"]
    for _ in range(20):
        length = rng.randint(5, 60)
        layers = {}
        for name in ("a", "b", "c")[: rng.randint(2, 3)]:
            spans = []
            for _ in range(rng.randint(0, 4)):
                start = rng.randrange(length - 1)
                spans.append(Span(start, rng.randint(start + 1, length), rng.choice(kinds)))
            layers[name] = spans
        naive_units = []
        for point in range(length):
            labels = []
            for name in sorted(layers):
                covering = sorted({s.kind for s in layers[name] if s.start <= point < s.end})
                labels.append("+".join(covering) or "none")
            naive_units.append((labels, 1))
        expected = krippendorff_alpha_nominal(naive_units)
        actual = unitizing_alpha(layers, length)
        assert (actual is None and expected is None) or actual == pytest.approx(expected)


def test_matching_pairs_best_overlap_and_leaves_the_rest_unmatched():
    first = [Span(0, 10, "claim"), Span(20, 30, "premise"), Span(50, 55, "evidence")]
    second = [Span(1, 10, "claim"), Span(21, 30, "rebuttal"), Span(40, 45, "premise")]
    matching = match_spans(first, second)
    assert [(a.start, b.start) for a, b in matching.pairs] == [(0, 1), (20, 21)]
    assert [s.start for s in matching.only_first] == [50]
    assert [s.start for s in matching.only_second] == [40]


def test_report_lists_disagreements_and_agreed_pairs():
    layers = {
        "alice": [Span(0, 10, "claim"), Span(20, 30, "premise"), Span(40, 50, "evidence"), Span(60, 70, "claim")],
        "bob": [Span(0, 10, "claim"), Span(20, 30, "rebuttal"), Span(42, 50, "evidence")],
    }
    report = agreement_report(layers, 100)
    (pair,) = report["pairs"]
    assert pair["matched"] == 3
    assert pair["span_f1"] == pytest.approx(6 / 7)
    # matched kinds: (claim,claim), (premise,rebuttal), (evidence,evidence)
    # p_o = 2/3; p_e = (1*1 + 1*1)/9 = 2/9 (claim 1/3·1/3 + evidence 1/3·1/3); kappa = (2/3-2/9)/(7/9) = 4/7
    assert pair["kind_kappa"] == pytest.approx(4 / 7)
    types = [d["type"] for d in report["disagreements"]]
    assert types == ["kind", "boundary", "unmatched"]
    assert [d["spans"][0].start for d in report["disagreements"]] == [20, 40, 60]
    assert [[s.start for s in a["spans"]] for a in report["agreed"]] == [[0, 0]]
    assert 0 < report["unitizing_alpha"] < 1


def test_layers_side_by_side_cut_each_marked_paragraph_into_one_label_per_segment():
    text = "北朝鮮は𠮷核を持つ。\n誰も触れない段落。\n米国は交渉する。"
    kp = text.index("核")
    us = text.index("米国")
    layers = {
        "bob": [Span(kp, kp + 3, "premise", annotator="bob"), Span(us, us + 2, "claim", annotator="bob")],
        "alice": [Span(0, kp + 3, "claim", annotator="alice"), Span(us, us + 2, "claim", annotator="alice")],
    }
    rows = layers_in_text(layers, text)

    assert [(r["start"], r["disagree"]) for r in rows] == [(0, True), (us, False)], "unmarked paragraphs are left out"
    alice, bob = rows[0]["cells"]
    assert (alice["annotator"], bob["annotator"]) == ("alice", "bob")
    assert [(s["label"], s["text"]) for s in alice["segments"]] == [("claim", "北朝鮮は𠮷核を持"), ("none", "つ。")]
    assert [(s["label"], s["text"]) for s in bob["segments"]] == [
        ("none", "北朝鮮は𠮷"),
        ("premise", "核を持"),
        ("none", "つ。"),
    ]
    assert bob["segments"][1]["start"] == kp, "offsets are code points (𠮷 counts once)"
    assert "".join(s["text"] for s in bob["segments"]) == text.split("\n")[0]
