"""The AIF edge rules and completeness (argmap/rules/edges.py) refuse the same input alike at every door."""

import pytest

from argmap import services
from argmap.errors import InvalidInput, RuleViolation
from argmap.interchange.imports import import_map
from argmap.models import Edge, EdgeRole, SchemeType
from argmap.rules import APPLICATION_ENDS, STATEMENT, EdgeTally, check_edge, check_step, is_complete, may_join
from tests.argmap.rules.doors import Case, aif, assert_same_refusal, cases_by_door, payload


def _application(nodes, type):
    return services.create_scheme_application(actor=None, argument_map=nodes.argument_map, type=type)


def _edge(application, role, **far):
    return services.create_edge(actor=None, application=application, role=role, **far)


def _two_consequents(nodes):
    inference = _application(nodes, "inference")
    _edge(inference, "consequent", statement=nodes.c)
    _edge(inference, "consequent", statement=nodes.p)


def _two_rephrased(nodes):
    rephrase = _application(nodes, "rephrase")
    _edge(rephrase, "antecedent", statement=nodes.p)
    _edge(rephrase, "antecedent", statement=nodes.r)


def _self_edge(nodes):
    conflict = _application(nodes, "conflict")
    _edge(conflict, "consequent", other_application=conflict)


def _across_maps(nodes):
    inference = payload([("i", "consequent", "a")], applications={"i": "inference"})
    inference.edges.append({"application": inference.applications[0]["id"], "role": "antecedent"})
    inference.edges[-1]["statement"] = str(nodes.stranger.pk)
    return inference


CASES = [
    Case(
        "aif_edge_types",
        RuleViolation,
        service=lambda n: _edge(
            _application(n, "inference"), "antecedent", other_application=_application(n, "inference")
        ),
        payload=lambda n: payload(
            [("i", "antecedent", "j"), ("i", "consequent", "a")], applications={"i": "inference", "j": "inference"}
        ),
        aif=aif(
            {"a": "I", "b": "I", "c": "I", "r1": "RA", "r2": "RA"},
            [("a", "r1"), ("r1", "r2"), ("b", "r2"), ("r2", "c")],
        ),
        # Argdown's support of an argument is read as support of its conclusion: no Argdown file can say this.
    ),
    Case(
        "one_consequent",
        RuleViolation,
        service=_two_consequents,
        payload=lambda n: payload(
            [("i", "antecedent", "a"), ("i", "consequent", "b"), ("i", "consequent", "c")],
            applications={"i": "inference"},
        ),
        aif=aif({"a": "I", "b": "I", "c": "I", "r": "RA"}, [("a", "r"), ("r", "b"), ("r", "c")]),
    ),
    Case(
        "antecedent_count",
        RuleViolation,
        service=_two_rephrased,
        payload=lambda n: payload(
            [("m", "antecedent", "a"), ("m", "antecedent", "b"), ("m", "consequent", "c")],
            applications={"m": "rephrase"},
        ),
        aif=aif({"a": "I", "b": "I", "c": "I", "m": "MA"}, [("a", "m"), ("b", "m"), ("m", "c")]),
        argdown="[A]: a\n[B]: b\n[C]: c\n// argmap: rephrase R1: [A] [B] => [C]\n",
    ),
    Case(
        "duplicate_edge",
        RuleViolation,
        service=lambda n: services.create_argument(actor=None, premises=[n.p, n.p], conclusion=n.c),
        payload=lambda n: payload(
            [("i", "antecedent", "a"), ("i", "antecedent", "a"), ("i", "consequent", "b")],
            applications={"i": "inference"},
        ),
        aif=aif({"a": "I", "b": "I", "r": "RA"}, [("a", "r"), ("a", "r"), ("r", "b")]),
        argdown="<X>\n\n(1) [A]: a\n(2) [A]\n----\n(3) [B]: b\n",
    ),
    Case(
        "no_circular_step",
        RuleViolation,
        service=lambda n: services.create_argument(actor=None, premises=[n.c], conclusion=n.c),
        payload=lambda n: payload(
            [("i", "antecedent", "a"), ("i", "consequent", "a")], applications={"i": "inference"}
        ),
        aif=aif({"a": "I", "r": "RA"}, [("a", "r"), ("r", "a")]),
        argdown="<X>\n\n(1) [A]: a\n----\n(2) [A]\n",
    ),
    Case(
        "no_self_edge",
        RuleViolation,
        service=_self_edge,
        payload=lambda n: payload([("k", "antecedent", "a"), ("k", "consequent", "k")], applications={"k": "conflict"}),
        aif=aif({"a": "I", "k": "CA"}, [("a", "k"), ("k", "k")]),
    ),
    Case(
        "complete_scheme_application",
        InvalidInput,
        service=lambda n: services.create_argument(actor=None, premises=[], conclusion=n.c),
        payload=lambda n: payload([("i", "consequent", "a")], applications={"i": "inference"}),
        aif=aif({"a": "I", "r": "RA"}, [("r", "a")]),
        argdown="[A]: a\n// argmap: rephrase R1: => [A]\n",
    ),
    Case(
        "edge_within_map",
        RuleViolation,
        service=lambda n: services.create_argument(actor=None, premises=[n.stranger], conclusion=n.c),
        payload=_across_maps,
    ),
    Case(
        "edge_has_one_far_end",
        InvalidInput,
        service=lambda n: _edge(_application(n, "inference"), "antecedent"),
        payload=lambda n: payload([("i", "antecedent", None)], applications={"i": "inference"}),
    ),
]


@cases_by_door(CASES)
def test_an_edge_rule_refuses_alike_at_every_door(nodes, case, door):
    assert_same_refusal(case, door, nodes)


def _attacked_types(argument_map) -> set[str]:
    """The types of the scheme applications that conflicts in ``argument_map`` attack."""
    return set(
        Edge.objects.filter(map=argument_map, application__type="conflict", role="consequent")
        .exclude(other_application=None)
        .values_list("other_application__type", flat=True)
    )


@pytest.mark.parametrize("door", ["service", "bulk", "aif", "argdown"])
def test_a_conflict_may_attack_an_inference_or_a_conflict_at_every_door(nodes, door):
    """Undercut (CA → RA) and an attack on an attack (CA → CA): one answer on every door."""
    if door == "service":
        inference = services.create_argument(actor=None, premises=[nodes.p], conclusion=nodes.c)
        undercut = services.create_attack(actor=None, attacker=nodes.r, target=inference)
        services.create_attack(actor=None, attacker=nodes.p, target=undercut)
        argument_map = nodes.argument_map
    elif door == "bulk":
        graph = payload(
            [
                ("i", "antecedent", "a"),
                ("i", "consequent", "b"),
                ("k", "antecedent", "c"),
                ("k", "consequent", "i"),
                ("k2", "antecedent", "a"),
                ("k2", "consequent", "k"),
            ],
            applications={"i": "inference", "k": "conflict", "k2": "conflict"},
        )
        services.import_graph(actor=None, argument_map=nodes.argument_map, payload=graph)
        argument_map = nodes.argument_map
    else:
        raw = {
            "aif": aif(
                {"a": "I", "b": "I", "c": "I", "r": "RA", "k": "CA", "k2": "CA"},
                [("a", "r"), ("r", "b"), ("c", "k"), ("k", "r"), ("a", "k2"), ("k2", "k")],
            ),
            "argdown": "<X>\n\n(1) [A]: a\n----\n(2) [B]: b\n\n[C]: c\n    _> <X>\n"
            "// argmap: conflict K1: [C] -> <X>\n// argmap: conflict K2: [A] -> K1\n",
        }[door]
        argument_map, _ = import_map(actor=None, workspace=nodes.workspace, raw=raw, format=door)
    assert _attacked_types(argument_map) == {"inference", "conflict"}


@pytest.mark.parametrize("door", ["service", "bulk", "aif"])
def test_a_statement_may_attack_itself_at_every_door_and_is_never_accepted(nodes, door):
    """AIF's CA whose attacker is its target (frequent in AIFdb maps): stored as one conflict with the statement
    as antecedent and consequent; grounded and preferred leave it undecided, as they do a self-attacking argument."""
    from argmap.semantics import evaluate_map

    if door == "service":
        services.create_attack(actor=None, attacker=nodes.r, target=nodes.r)
        argument_map, target = nodes.argument_map, nodes.r
    elif door == "bulk":
        graph = payload([("k", "antecedent", "a"), ("k", "consequent", "a")], applications={"k": "conflict"})
        services.import_graph(actor=None, argument_map=nodes.argument_map, payload=graph)
        argument_map = nodes.argument_map
        target = argument_map.statements.get(text="a")
    else:
        raw = aif({"a": "I", "b": "I", "k": "CA", "k2": "CA"}, [("a", "k"), ("k", "a"), ("a", "k2"), ("k2", "b")])
        argument_map, _ = import_map(actor=None, workspace=nodes.workspace, raw=raw, format="aif")
        target = argument_map.statements.get(text="a")
    edges = set(Edge.objects.filter(statement=target, application__type="conflict").values_list("role", flat=True))
    assert edges == {"antecedent", "consequent"}
    for semantics in ("grounded", "preferred", "complete"):
        assert evaluate_map(argument_map=argument_map, semantics=semantics)["statements"][str(target.pk)] == "UNDEC"
    joined_both_ways = EdgeTally([("antecedent", 1), ("consequent", 1)])
    with pytest.raises(RuleViolation) as twice:
        check_edge("conflict", "antecedent", far_id=1, far_kind=STATEMENT, tally=joined_both_ways)
    assert twice.value.rule == "duplicate_edge"
    with pytest.raises(RuleViolation) as circular:
        check_edge("inference", "consequent", far_id=1, far_kind=STATEMENT, tally=EdgeTally([("antecedent", 1)]))
    assert circular.value.rule == "no_circular_step"


def test_the_rules_are_pure_and_say_which_ends_each_type_takes():
    assert may_join(SchemeType.CONFLICT, EdgeRole.CONSEQUENT, SchemeType.CONFLICT)
    assert may_join(SchemeType.PREFERENCE, EdgeRole.ANTECEDENT, SchemeType.INFERENCE)
    assert not may_join(SchemeType.INFERENCE, EdgeRole.CONSEQUENT, SchemeType.INFERENCE)
    assert not may_join(SchemeType.CONFLICT, EdgeRole.ANTECEDENT, SchemeType.INFERENCE)
    assert all(may_join(kind, role, STATEMENT) for kind in SchemeType.values for role in EdgeRole.values)
    assert set(APPLICATION_ENDS) == {
        (SchemeType.CONFLICT, EdgeRole.CONSEQUENT),
        (SchemeType.PREFERENCE, EdgeRole.ANTECEDENT),
        (SchemeType.PREFERENCE, EdgeRole.CONSEQUENT),
    }
    tally = EdgeTally([(EdgeRole.ANTECEDENT, 1)])
    with pytest.raises(RuleViolation) as refused:
        check_edge(SchemeType.PREFERENCE, EdgeRole.ANTECEDENT, far_id=2, far_kind=STATEMENT, tally=tally)
    assert refused.value.rule == "antecedent_count"
    assert is_complete(SchemeType.INFERENCE, consequents=1, antecedents=3)
    assert not is_complete(SchemeType.REPHRASE, consequents=1, antecedents=2)
    check_step(SchemeType.INFERENCE, [(1, STATEMENT), (2, STATEMENT)], (3, STATEMENT))
