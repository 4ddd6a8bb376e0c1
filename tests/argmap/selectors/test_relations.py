"""The batched neighbour reads behind GraphQL's ``supports`` / ``supportedBy`` / ``attackedBy`` / ``anchors``:
plain rows, one query per batch, and the access selectors' visibility (blind annotation) kept."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from argmap import services
from argmap.models import Anchor, SchemeApplication, Statement
from argmap.selectors import relations
from argmap.services.annotation import annotate_passage, start_independent_annotation
from tests.factories import UserFactory, make_statement


def row_of(model, pk) -> dict:
    """What a model instance of ``pk`` holds, as ``{attname: value}``."""
    return model.objects.values(*(f.attname for f in model._meta.concrete_fields)).get(pk=pk)


@pytest.fixture
def debate(owner, argument_map):
    claim = make_statement(argument_map, "抑止は機能する。", kind="claim", actor=owner)
    premise = make_statement(argument_map, "核戦力は増強された。", kind="premise", actor=owner)
    other = make_statement(argument_map, "交渉は停滞した。", kind="premise", actor=owner)
    rebuttal = make_statement(argument_map, "推計には幅がある。", kind="rebuttal", actor=owner)
    services.create_argument(actor=owner, premises=[premise, other], conclusion=claim)
    services.create_attack(actor=owner, attacker=rebuttal, target=premise)
    services.create_attack(actor=owner, attacker=other, target=claim)
    return {"claim": claim, "premise": premise, "other": other, "rebuttal": rebuttal}


def one_query(read):
    with CaptureQueriesContext(connection) as captured:
        found = read()
    assert len(captured) == 1, [q["sql"][:120] for q in captured]
    return found


def test_supports_and_supported_by_are_whole_rows_in_one_query(owner, debate):
    claim, premise, other = debate["claim"], debate["premise"], debate["other"]
    supports = one_query(lambda: relations.supports_of([premise.pk, other.pk, claim.pk], user=owner))
    assert supports == {premise.pk: [row_of(Statement, claim.pk)], other.pk: [row_of(Statement, claim.pk)]}
    supported = one_query(lambda: relations.supported_by_of([claim.pk], user=owner))
    assert supported == {claim.pk: [row_of(Statement, premise.pk), row_of(Statement, other.pk)]}


def test_attacks_on_statements_name_their_kind_in_one_query(owner, debate):
    premise, claim = debate["premise"], debate["claim"]
    attacks = one_query(lambda: relations.attacks_on_statements([premise.pk, claim.pk], user=owner))
    (on_premise,) = attacks[premise.pk]
    (on_claim,) = attacks[claim.pk]
    assert on_premise.kind == "undermine" and on_claim.kind == "rebut"
    assert on_premise.attacker == row_of(Statement, debate["rebuttal"].pk)
    assert on_premise.target == row_of(Statement, premise.pk)
    assert on_premise.conflict == row_of(SchemeApplication, on_premise.conflict["id"])
    assert on_premise.conflict["type"] == "conflict"
    assert on_claim.attacker["id"] == debate["other"].pk


def test_anchors_are_rows_in_document_order(owner, argument_map, document):
    statement, anchor = annotate_passage(
        actor=owner,
        argument_map=argument_map,
        document=document,
        kind="claim",
        exact=document.text[0:3],
        start=0,
        end=3,
    )
    anchors = one_query(lambda: relations.anchors_of([statement.pk], user=owner))
    assert anchors == {statement.pk: [row_of(Anchor, anchor.pk)]}


def test_blind_annotators_do_not_see_each_others_neighbours(owner, workspace, argument_map):
    alice, bob, rita = (UserFactory(username=name) for name in ("alice", "bob", "rita"))
    for user, role in ((alice, "annotator"), (bob, "annotator"), (rita, "reviewer")):
        services.add_member(actor=owner, workspace=workspace, user=user, role=role)
    start_independent_annotation(actor=owner, argument_map=argument_map)
    shared = make_statement(argument_map, "核戦力は増強された。", kind="premise", actor=rita)
    services.set_review_status(actor=rita, node=shared, status="accepted", expected_version=shared.version)
    shared.refresh_from_db()
    conclusion = make_statement(argument_map, "抑止は機能する。", kind="claim", actor=alice)
    services.create_argument(actor=alice, premises=[shared], conclusion=conclusion)
    rebuttal = make_statement(argument_map, "推計には幅がある。", kind="rebuttal", actor=alice)
    services.create_attack(actor=alice, attacker=rebuttal, target=shared)

    assert [row["id"] for row in relations.supports_of([shared.pk], user=alice)[shared.pk]] == [conclusion.pk]
    assert [a.attacker["id"] for a in relations.attacks_on_statements([shared.pk], user=alice)[shared.pk]] == [
        rebuttal.pk
    ]
    assert relations.supports_of([shared.pk], user=bob) == {}
    assert relations.attacks_on_statements([shared.pk], user=bob) == {}
