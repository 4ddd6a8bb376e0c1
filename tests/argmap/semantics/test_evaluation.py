"""Evaluating stored maps: Dung and support-aware labels, acceptance, preferences, rejected nodes, query counts."""

import pytest

from argmap import services
from argmap.errors import InvalidInput, NotFound
from argmap.semantics import evaluate_map
from tests.argmap.semantics.worked_example import build_worked_example
from tests.factories import make_statement


@pytest.fixture
def example(argument_map):
    return build_worked_example(argument_map)


def test_grounded_labels_follow_attacks_only(argument_map, example):
    result = evaluate_map(argument_map=argument_map, semantics="grounded")
    assert example.named(result["statements"]) == {
        "C": "IN",
        "P1": "IN",
        "P2": "IN",
        "R": "OUT",
        "D": "IN",
        "U": "UNDEC",
        "W": "UNDEC",
    }
    assert example.named(result["inferences"]) == {"I1": "UNDEC"}
    assert example.named(result["conflicts"]) == {"K1": "OUT", "K2": "IN", "K3": "UNDEC", "K4": "UNDEC", "K5": "UNDEC"}
    assert result["counts"] == {"IN": 4, "OUT": 1, "UNDEC": 2}
    assert result["framework"] == {"arguments": 8, "attacks": 5}


def test_preferred_and_stable_split_the_even_cycle(argument_map, example):
    for semantics in ("preferred", "stable"):
        result = evaluate_map(argument_map=argument_map, semantics=semantics, statement=example.U.pk)
        extensions = [{example.name_of(i) for i in e} for e in result["extensions"]]
        assert sorted(extensions, key=sorted) == [{"C", "D", "P1", "P2", "U"}, {"C", "D", "P1", "P2", "W"}]
        assert result["statement"] == {"id": str(example.U.pk), "credulous": True, "sceptical": False}
        assert result["acceptance"][str(example.C.pk)] == {"credulous": True, "sceptical": True}
        assert example.named(result["statements"])["R"] == "OUT"


def test_support_semantics_carries_the_undercut_to_the_conclusion(argument_map, example):
    result = evaluate_map(argument_map=argument_map, semantics="support")
    named = example.named(result["statements"])
    assert named == {"C": "UNDEC", "P1": "IN", "P2": "IN", "R": "OUT", "D": "IN", "U": "UNDEC", "W": "UNDEC"}
    assert example.named(result["inferences"]) == {"I1": "UNDEC"}
    assert result["extensions"] is None


def test_a_preference_breaks_the_cycle_and_reinstates_the_claim(argument_map, example):
    services.create_preference(actor=None, preferred=example.W, dispreferred=example.U)
    support = evaluate_map(argument_map=argument_map, semantics="support")
    assert example.named(support["statements"])["C"] == "IN"
    assert example.named(support["statements"])["U"] == "OUT"
    assert example.named(support["conflicts"])["K5"] == "OUT"
    grounded = evaluate_map(argument_map=argument_map, semantics="grounded")
    assert example.named(grounded["statements"])["W"] == "IN"
    assert example.named(grounded["inferences"])["I1"] == "IN"


def test_an_unanswered_rebuttal_defeats_a_supported_conclusion(argument_map, example):
    critic = make_statement(argument_map, text="Sanctions did make Libya give up its programme.", kind="rebuttal")
    services.create_attack(actor=None, attacker=critic, target=example.C)
    result = evaluate_map(argument_map=argument_map, semantics="support")
    assert result["statements"][str(example.C.pk)] == "OUT"
    assert result["statements"][str(critic.pk)] == "IN"


def test_premise_without_evidence_fails_when_undermined_but_cited_evidence_does_not_shield(argument_map):
    claim = make_statement(argument_map, kind="claim", text="c")
    premise = make_statement(argument_map, kind="premise", text="p")
    services.create_argument(actor=None, premises=[premise], conclusion=claim)
    source = services.create_source(actor=None, workspace=argument_map.workspace, title="S")
    services.create_evidence_link(actor=None, statement=claim, source=source)
    attacker = make_statement(argument_map, kind="rebuttal", text="not p")
    services.create_attack(actor=None, attacker=attacker, target=premise)
    result = evaluate_map(argument_map=argument_map, semantics="support")
    # The premise falls, but the claim cites evidence of its own and so stays acceptable.
    assert result["statements"][str(premise.pk)] == "OUT"
    assert result["statements"][str(claim.pk)] == "IN"


def test_rejected_nodes_take_no_part(argument_map, example, owner):
    services.set_review_status(
        actor=owner, node=example.D, status="rejected", expected_version=example.D.version, reason="not in the text"
    )
    result = evaluate_map(argument_map=argument_map, semantics="grounded")
    assert str(example.D.pk) not in result["statements"]
    assert result["excluded"]["statements"] == [str(example.D.pk)]
    assert example.named(result["statements"])["R"] == "IN"
    assert example.named(result["statements"])["P2"] == "OUT"


def test_diagnostics_point_at_gaps(argument_map, example):
    diagnostics = evaluate_map(argument_map=argument_map, semantics="grounded")["diagnostics"]
    assert {example.name_of(d["id"]) for d in diagnostics["premises_without_evidence"]} == {"P1", "D"}
    assert diagnostics["unsupported_claims"] == []
    assert [example.name_of(d["id"]) for d in diagnostics["unanswered_attacks"]] == ["K2"]
    (open_questions,) = diagnostics["open_critical_questions"]
    assert open_questions["scheme"] == "cause_to_effect"
    assert open_questions["answered"] == ["interference"]
    assert [q["key"] for q in open_questions["open"]] == ["strength", "evidence"]
    (cycle,) = diagnostics["cycles"]
    assert {example.name_of(i) for i in cycle["statements"]} == {"U", "W"}
    assert cycle["kind"] == "attack only"


def test_unsupported_claim_and_support_cycle_are_reported(argument_map):
    lonely = make_statement(argument_map, kind="claim", text="lonely")
    a = make_statement(argument_map, kind="premise", text="a")
    b = make_statement(argument_map, kind="premise", text="b")
    services.create_argument(actor=None, premises=[a], conclusion=b)
    services.create_argument(actor=None, premises=[b], conclusion=a)
    result = evaluate_map(argument_map=argument_map, semantics="support")
    diagnostics = result["diagnostics"]
    assert [d["id"] for d in diagnostics["unsupported_claims"]] == [str(lonely.pk)]
    assert diagnostics["cycles"][0]["kind"] == "support only"
    # Circular support proves nothing: both stay undecided.
    assert result["statements"][str(a.pk)] == "UNDEC"


def test_unknown_semantics_and_foreign_statement_are_refused(argument_map, example):
    with pytest.raises(InvalidInput, match="Unknown semantics"):
        evaluate_map(argument_map=argument_map, semantics="ideal")
    with pytest.raises(NotFound, match="no such statement"):
        evaluate_map(argument_map=argument_map, semantics="grounded", statement="00000000-0000-0000-0000-000000000000")


@pytest.mark.parametrize("semantics", ["grounded", "preferred", "stable", "support"])
def test_query_count_does_not_grow_with_the_map(argument_map, example, semantics, django_assert_max_num_queries):
    for i in range(30):
        extra = make_statement(argument_map, text=f"extra {i}")
        services.create_argument(actor=None, premises=[extra], conclusion=example.C)
    with django_assert_max_num_queries(11):
        result = evaluate_map(argument_map=argument_map, semantics=semantics)
    assert len(result["statements"]) == 37


def test_critical_questions_marked_answered_in_the_annotation_screen_are_not_open(argument_map, example):
    from argmap.models import CriticalQuestion
    from argmap.services.annotation import answer_critical_question

    question = CriticalQuestion.objects.get(scheme__key="cause_to_effect", key="strength")
    answer_critical_question(actor=None, application=example.I1, question=question, answered=True, answer=example.P1)
    (open_questions,) = evaluate_map(argument_map=argument_map, semantics="grounded")["diagnostics"][
        "open_critical_questions"
    ]
    assert open_questions["answered"] == ["interference", "strength"]
    assert [q["key"] for q in open_questions["open"]] == ["evidence"]
