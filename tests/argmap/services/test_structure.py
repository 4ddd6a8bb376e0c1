import pytest
from django.db import IntegrityError, connection

from argmap import services
from argmap.errors import InvalidInput, RuleViolation
from argmap.models import Edge, EdgeRole, Scheme, SchemeApplication, SchemeType, Statement
from argmap.selectors.graph import conflict_kind_of
from tests.factories import make_map, make_statement, make_workspace


@pytest.fixture
def nodes(argument_map):
    return {
        name: make_statement(argument_map, text=name, kind=kind)
        for name, kind in [("p1", "premise"), ("p2", "premise"), ("c", "claim"), ("r", "rebuttal")]
    }


def test_create_argument_builds_inference_and_edges(nodes, owner):
    scheme = Scheme.objects.get(key="expert_opinion")
    inference = services.create_argument(
        actor=owner, premises=[nodes["p1"], nodes["p2"]], conclusion=nodes["c"], scheme=scheme
    )
    edges = Edge.objects.filter(application=inference)
    assert inference.type == SchemeType.INFERENCE and inference.scheme == scheme
    assert {(e.role, e.statement.text) for e in edges} == {
        (EdgeRole.ANTECEDENT, "p1"),
        (EdgeRole.ANTECEDENT, "p2"),
        (EdgeRole.CONSEQUENT, "c"),
    }
    assert inference.workspace_id == nodes["c"].workspace_id and all(
        e.workspace_id == inference.workspace_id for e in edges
    )


def test_argument_needs_a_premise_and_no_circularity(nodes):
    with pytest.raises(InvalidInput):
        services.create_argument(actor=None, premises=[], conclusion=nodes["c"])
    with pytest.raises(RuleViolation) as exc:
        services.create_argument(actor=None, premises=[nodes["c"]], conclusion=nodes["c"])
    assert exc.value.rule == "no_circular_step"
    assert not SchemeApplication.objects.exists()


def test_failed_argument_leaves_no_partial_rows(nodes, workspace):
    other_map = make_map(workspace, name="other")
    stranger = make_statement(other_map, text="elsewhere")
    with pytest.raises(RuleViolation) as exc:
        services.create_argument(actor=None, premises=[nodes["p1"], stranger], conclusion=nodes["c"])
    assert exc.value.rule == "edge_within_map"
    assert not SchemeApplication.objects.exists() and not Edge.objects.exists()


def test_failure_midway_rolls_back_scheme_node(nodes, monkeypatch):
    from argmap.services import structure

    calls = {"n": 0}
    original = structure._new_edge

    def failing(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 2:
            raise RuntimeError("connection lost")
        return original(*args, **kwargs)

    monkeypatch.setattr(structure, "_new_edge", failing)
    with pytest.raises(RuntimeError):
        services.create_argument(actor=None, premises=[nodes["p1"], nodes["p2"]], conclusion=nodes["c"])
    assert SchemeApplication.objects.count() == 0 and Edge.objects.count() == 0


def test_attack_kinds(nodes):
    inference = services.create_argument(actor=None, premises=[nodes["p1"]], conclusion=nodes["c"])
    rebut = services.create_attack(actor=None, attacker=nodes["r"], target=nodes["c"])
    undermine = services.create_attack(actor=None, attacker=nodes["r"], target=nodes["p1"])
    undercut = services.create_attack(actor=None, attacker=nodes["p2"], target=inference)
    assert [conflict_kind_of(a) for a in (rebut, undermine, undercut)] == ["rebut", "undermine", "undercut"]
    target = Edge.objects.get(application=undercut, role=EdgeRole.CONSEQUENT)
    assert target.other_application == inference and target.statement is None


def test_statement_may_attack_itself(nodes):
    """A self-attack, as AIF files have them (argmap/rules/edges.py); the semantics leave it undecided."""
    conflict = services.create_attack(actor=None, attacker=nodes["r"], target=nodes["r"])
    roles = set(Edge.objects.filter(application=conflict, statement=nodes["r"]).values_list("role", flat=True))
    assert roles == {EdgeRole.ANTECEDENT, EdgeRole.CONSEQUENT}


def test_edge_rules(nodes, argument_map):
    inference = services.create_scheme_application(actor=None, argument_map=argument_map, type="inference")
    services.create_edge(actor=None, application=inference, role="consequent", statement=nodes["c"])
    with pytest.raises(RuleViolation) as exc:
        services.create_edge(actor=None, application=inference, role="consequent", statement=nodes["p1"])
    assert exc.value.rule == "one_consequent"
    with pytest.raises(RuleViolation) as exc:
        services.create_edge(actor=None, application=inference, role="antecedent", statement=nodes["c"])
    assert exc.value.rule == "no_circular_step"
    other = services.create_scheme_application(actor=None, argument_map=argument_map, type="inference")
    with pytest.raises(RuleViolation) as exc:
        services.create_edge(actor=None, application=inference, role="antecedent", other_application=other)
    assert exc.value.rule == "aif_edge_types"
    with pytest.raises(InvalidInput):
        services.create_edge(actor=None, application=inference, role="antecedent")
    services.create_edge(actor=None, application=inference, role="antecedent", statement=nodes["p1"])
    with pytest.raises(RuleViolation) as exc:
        services.create_edge(actor=None, application=inference, role="antecedent", statement=nodes["p1"])
    assert exc.value.rule == "duplicate_edge"


def test_database_refuses_statement_to_statement_edge(nodes, argument_map):
    """The check constraint backs the service rule: an edge has exactly one far end."""
    inference = services.create_argument(actor=None, premises=[nodes["p1"]], conclusion=nodes["c"])
    with pytest.raises(IntegrityError), connection.cursor():
        Edge.objects.create(
            workspace_id=argument_map.workspace_id,
            map=argument_map,
            application=inference,
            role="antecedent",
            statement=nodes["p2"],
            other_application=inference,
        )


def test_edges_never_cross_workspaces(nodes, owner):
    elsewhere = make_map(make_workspace(owner=owner, slug="other-team"))
    outsider = make_statement(elsewhere, text="outsider")
    with pytest.raises(RuleViolation):
        services.create_attack(actor=None, attacker=outsider, target=nodes["c"])
    assert not SchemeApplication.objects.exists()


def test_deleting_a_conclusion_removes_its_inference_and_undercuts(nodes):
    inference = services.create_argument(actor=None, premises=[nodes["p1"], nodes["p2"]], conclusion=nodes["c"])
    services.create_attack(actor=None, attacker=nodes["r"], target=inference)
    nodes["c"].refresh_from_db()
    report = services.delete_statement(actor=None, statement=nodes["c"], expected_version=nodes["c"].version)
    assert report["scheme_applications"] == 2 and report["edges"] == 5
    assert not SchemeApplication.objects.exists() and not Edge.objects.exists()
    assert set(Statement.objects.values_list("text", flat=True)) == {"p1", "p2", "r"}


def test_deleting_one_of_two_premises_keeps_the_inference(nodes):
    inference = services.create_argument(actor=None, premises=[nodes["p1"], nodes["p2"]], conclusion=nodes["c"])
    report = services.delete_statement(actor=None, statement=nodes["p1"], expected_version=1)
    assert report == {"statements": 1, "scheme_applications": 0, "edges": 1, "anchors": 0, "evidence_links": 0}
    assert Edge.objects.filter(application=inference).count() == 2


def test_last_premise_edge_cannot_be_deleted_alone(nodes):
    inference = services.create_argument(actor=None, premises=[nodes["p1"]], conclusion=nodes["c"])
    edge = Edge.objects.get(application=inference, role="antecedent")
    with pytest.raises(RuleViolation) as exc:
        services.delete_edge(actor=None, edge=edge, expected_version=edge.version)
    assert exc.value.rule == "complete_node_keeps_its_edges"
    assert Edge.objects.filter(application=inference).count() == 2


def test_rephrase_and_preference(nodes):
    services.create_rephrase(actor=None, original=nodes["p1"], rephrase=nodes["p2"])
    a = services.create_argument(actor=None, premises=[nodes["p1"]], conclusion=nodes["c"])
    b = services.create_argument(actor=None, premises=[nodes["r"]], conclusion=nodes["p2"])
    preference = services.create_preference(actor=None, preferred=a, dispreferred=b)
    assert {e.other_application_id for e in Edge.objects.filter(application=preference)} == {a.pk, b.pk}
