"""Two writes that are legal but usually a mistake ask for a confirmation on every door:
anchoring a second statement to exactly the same passage, and closing a cycle of support."""

import pytest
from django.test import Client
from graphql_relay import to_global_id
from rest_framework.test import APIClient

from argmap import services
from argmap.errors import RuleViolation
from argmap.models import Anchor, SchemeApplication, Statement
from argmap.services.annotation import start_independent_annotation
from tests.factories import UserFactory, make_anchored_passage, make_statement

pytestmark = pytest.mark.django_db

TEXT = "北朝鮮は核弾頭を50発保有すると推計される。𠮷野家の例。Second sentence."


def _passage(actor, argument_map, document, exact="野家の例", **flags):
    return make_anchored_passage(argument_map, document, exact, actor=actor, **flags)


def test_a_repeated_passage_is_refused_with_the_statement_it_repeats_and_kept_when_confirmed(
    owner, argument_map, document
):
    first, _ = _passage(owner, argument_map, document)
    with pytest.raises(RuleViolation) as refusal:
        _passage(owner, argument_map, document)
    assert refusal.value.rule == "repeated_passage" and "野家の例" in str(refusal.value)
    assert Statement.objects.count() == 1 and Anchor.objects.count() == 1
    second, anchor = _passage(owner, argument_map, document, confirm_repeat=True)
    assert second.pk != first.pk and (anchor.start, anchor.end) == (first.anchors.get().start, first.anchors.get().end)
    _passage(owner, argument_map, document, exact="野家")  # an overlapping but different span is not a repeat


def test_blind_annotators_are_not_told_of_each_others_passages(owner, workspace, argument_map, document):
    alice, bob = UserFactory(username="alice"), UserFactory(username="bob")
    for user in (alice, bob):
        services.add_member(actor=owner, workspace=workspace, user=user, role="annotator")
    start_independent_annotation(actor=owner, argument_map=argument_map)
    _passage(alice, argument_map, document)
    statement, _ = _passage(bob, argument_map, document)
    assert statement.created_by == bob


def _chain(owner, argument_map):
    a, b, c = (make_statement(argument_map, text=name, actor=owner) for name in ("a", "b", "c"))
    services.create_argument(actor=owner, premises=[a], conclusion=b)
    services.create_argument(actor=owner, premises=[b], conclusion=c)
    return a, b, c


def test_closing_a_cycle_of_support_is_refused_unless_confirmed(owner, argument_map):
    a, _, c = _chain(owner, argument_map)
    with pytest.raises(RuleViolation) as refusal:
        services.create_argument(actor=owner, premises=[c], conclusion=a)
    assert refusal.value.rule == "support_cycle"
    assert SchemeApplication.objects.count() == 2
    services.create_argument(actor=owner, premises=[c], conclusion=a, confirm_cycle=True)
    assert SchemeApplication.objects.count() == 3
    d = make_statement(argument_map, text="d", actor=owner)
    services.create_argument(actor=owner, premises=[d], conclusion=a)  # no path from a to d: no cycle


def test_adding_a_premise_edge_that_closes_a_cycle_is_refused(owner, argument_map):
    _, b, c = _chain(owner, argument_map)
    first = SchemeApplication.objects.get(edges__statement=b, edges__role="consequent")
    with pytest.raises(RuleViolation):
        services.create_edge(actor=owner, application=first, role="antecedent", statement=c)
    services.create_edge(actor=owner, application=first, role="antecedent", statement=c, confirm_cycle=True)


def test_rest_and_graphql_answer_409_with_the_rule_and_accept_the_confirmation(owner, argument_map, document):
    client = APIClient()
    client.force_authenticate(owner)
    start = TEXT.index("Second")
    body = {"document": str(document.pk), "kind": "premise", "exact": "Second", "start": start, "end": start + 6}
    url = f"/api/v1/maps/{argument_map.pk}/passages/"
    assert client.post(url, body, format="json").status_code == 201
    refused = client.post(url, body, format="json")
    assert refused.status_code == 409 and refused.json()["rule"] == "repeated_passage"
    assert client.post(url, {**body, "confirm_repeat": True}, format="json").status_code == 201

    a, _, c = _chain(owner, argument_map)
    url = f"/api/v1/maps/{argument_map.pk}/arguments/"
    cycle = {"premises": [str(c.pk)], "conclusion": str(a.pk)}
    refused = client.post(url, cycle, format="json")
    assert refused.status_code == 409 and refused.json()["rule"] == "support_cycle"
    query = """mutation($p: [ID!]!, $c: ID!, $ok: Boolean) {
      createArgument(premiseIds: $p, conclusionId: $c, confirmCycle: $ok) { inference { id } errors { code rule message } } }"""
    variables = {"p": [to_global_id("Statement", c.pk)], "c": to_global_id("Statement", a.pk)}
    browser = Client()
    browser.force_login(owner)
    answer = browser.post("/graphql/", {"query": query, "variables": variables}, content_type="application/json").json()
    assert answer["data"]["createArgument"]["inference"] is None
    assert answer["data"]["createArgument"]["errors"][0]["rule"] == "support_cycle", answer
    confirmed = {"query": query, "variables": {**variables, "ok": True}}
    answer = browser.post("/graphql/", confirmed, content_type="application/json").json()
    assert answer["data"]["createArgument"]["inference"]["id"]
