"""Review integrity: changing the content of an accepted or proposed node sends it back to review,
whichever service changes it; what organises the map (tags, keys, notes) does not."""

import uuid

import pytest

from argmap import services
from argmap.models import Change, Scheme, SchemeApplication, Statement
from argmap.rules.review import EDITED_AFTER_REVIEW, changes_content, imported_status, reopened_review
from tests.factories import UserFactory, make_statement


def accepted(node, reviewer):
    services.set_review_status(actor=reviewer, node=node, status="accepted", expected_version=node.version)
    node.refresh_from_db()
    assert node.status == "accepted"
    return node


@pytest.fixture
def reviewer(workspace, owner):
    user = UserFactory(username="rita")
    services.add_member(actor=owner, workspace=workspace, user=user, role="reviewer")
    return user


@pytest.fixture
def argument(argument_map, owner, reviewer):
    claim = accepted(make_statement(argument_map, "結論。", kind="claim", actor=owner), reviewer)
    premise = accepted(make_statement(argument_map, "前提。", actor=owner), reviewer)
    other = make_statement(argument_map, "別の前提。", actor=owner)
    inference = services.create_argument(actor=owner, premises=[premise], conclusion=claim)
    return {"claim": claim, "premise": premise, "other": other, "inference": accepted(inference, reviewer)}


def test_the_rule_itself():
    assert changes_content("statement", {"text": "a"}, {"text": "b"})
    assert not changes_content("statement", {"text": "a"}, {"text": "a"})
    assert not changes_content("statement", {}, {"key": "k", "tags": []})
    assert (
        reopened_review("accepted")
        == reopened_review("proposed")
        == {
            "status": "proposed",
            "status_reason": EDITED_AFTER_REVIEW,
        }
    )
    assert reopened_review("draft") is None and reopened_review("rejected") is None
    assert imported_status("accepted", may_review=False) == "draft"
    assert imported_status("accepted", may_review=True) == "accepted"


@pytest.mark.parametrize("field, value", [("text", "書き換えた結論。"), ("kind", "premise"), ("gloss", "reworded")])
def test_a_content_edit_sends_an_accepted_statement_back_to_review(argument, owner, field, value):
    claim = argument["claim"]
    updated = services.update_statement(actor=owner, statement=claim, expected_version=claim.version, **{field: value})
    assert (updated.status, updated.status_reason) == ("proposed", EDITED_AFTER_REVIEW)
    change = Change.objects.filter(entity="statement", entity_id=str(claim.pk)).latest("id")
    assert change.before["status"] == "accepted" and change.after["status"] == "proposed"
    assert change.after["status_reason"] == EDITED_AFTER_REVIEW and change.actor == owner


def test_organising_a_statement_or_rewriting_a_draft_leaves_its_review_alone(argument, owner, workspace):
    claim = argument["claim"]
    tag = services.create_tag(actor=owner, workspace=workspace, slug="later")
    same = services.update_statement(
        actor=owner, statement=claim, expected_version=claim.version, key="c1", tags=[tag], text=claim.text
    )
    assert same.status == "accepted"
    draft = argument["other"]
    assert services.update_statement(actor=owner, statement=draft, expected_version=1, text="x").status == "draft"


def test_anchoring_moving_or_unanchoring_a_reviewed_statement_reopens_it(argument, owner, reviewer, document):
    claim = argument["claim"]
    anchor = services.create_anchor(actor=owner, statement=claim, document=document, exact="核弾頭")
    claim.refresh_from_db()
    assert (claim.status, claim.status_reason) == ("proposed", EDITED_AFTER_REVIEW)
    accepted(claim, reviewer)
    anchor = services.move_anchor(actor=owner, anchor=anchor, expected_version=anchor.version, exact="推計")
    claim.refresh_from_db()
    assert claim.status == "proposed"
    accepted(claim, reviewer)
    services.delete_anchor(actor=owner, anchor=anchor, expected_version=anchor.version)
    claim.refresh_from_db()
    assert claim.status == "proposed"


def test_changing_an_inferences_premises_or_scheme_reopens_it(argument, owner, reviewer):
    inference = argument["inference"]
    edge = services.create_edge(actor=owner, application=inference, role="antecedent", statement=argument["other"])
    inference.refresh_from_db()
    assert (inference.status, inference.status_reason) == ("proposed", EDITED_AFTER_REVIEW)
    accepted(inference, reviewer)
    services.delete_edge(actor=owner, edge=edge, expected_version=edge.version)
    inference.refresh_from_db()
    assert inference.status == "proposed"
    accepted(inference, reviewer)
    scheme = Scheme.objects.filter(applies_to="inference").first()
    updated = services.update_scheme_application(
        actor=owner, application=inference, expected_version=inference.version, scheme=scheme
    )
    assert updated.status == "proposed"
    accepted(updated, reviewer)
    noted = services.update_scheme_application(
        actor=owner, application=updated, expected_version=updated.version, note="a remark"
    )
    assert noted.status == "accepted"


def test_deleting_one_of_several_premises_reopens_the_inference_that_keeps_the_rest(argument, owner, reviewer):
    inference = argument["inference"]
    services.create_edge(actor=owner, application=inference, role="antecedent", statement=argument["other"])
    inference = accepted(SchemeApplication.objects.get(pk=inference.pk), reviewer)
    services.delete_statement(actor=owner, statement=argument["other"], expected_version=1)
    inference.refresh_from_db()
    assert (inference.status, inference.status_reason) == ("proposed", EDITED_AFTER_REVIEW)
    assert Statement.objects.get(pk=argument["claim"].pk).status == "accepted"


def test_a_reviewers_own_edit_goes_back_to_review_too(argument, reviewer):
    claim = argument["claim"]
    updated = services.update_statement(actor=reviewer, statement=claim, expected_version=claim.version, text="新")
    assert updated.status == "proposed"


def test_a_bulk_import_that_adds_to_reviewed_nodes_sends_them_back_to_review(argument, argument_map, document, owner):
    from argmap.services.bulk import GraphPayload, import_graph

    extra = str(uuid.uuid4())
    payload = GraphPayload(
        statements=[{"id": extra, "kind": "premise", "text": "追加の前提。", "status": "accepted"}],
        edges=[{"application": str(argument["inference"].pk), "role": "antecedent", "statement": extra}],
        anchors=[{"statement": str(argument["claim"].pk), "document": str(document.pk), "exact": "推計"}],
    )
    import_graph(actor=owner, argument_map=argument_map, payload=payload)
    assert Statement.objects.get(pk=extra).status == "draft"
    for node in (argument["inference"], argument["claim"]):
        node.refresh_from_db()
        assert (node.status, node.status_reason) == ("proposed", EDITED_AFTER_REVIEW)
    assert Statement.objects.get(pk=argument["premise"].pk).status == "accepted"
