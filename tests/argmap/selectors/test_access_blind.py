"""Blind independent annotation, a visibility rule every reader (admin, REST, GraphQL) inherits."""

import pytest

from argmap import services
from argmap.errors import NotFound
from argmap.selectors.access import (
    Action,
    authorize,
    visible_anchors_for,
    visible_edges_for,
    visible_evidence_links_for,
    visible_scheme_applications_for,
    visible_statements_for,
)
from argmap.services.annotation import annotate_passage, end_independent_annotation, start_independent_annotation
from tests.factories import UserFactory


@pytest.fixture
def blind_team(owner, workspace, argument_map, document):
    users = {name: UserFactory(username=name) for name in ("alice", "bob", "rita", "vera")}
    for name, role in (("alice", "annotator"), ("bob", "annotator"), ("rita", "reviewer"), ("vera", "viewer")):
        services.add_member(actor=owner, workspace=workspace, user=users[name], role=role)
    users["owner"] = owner
    return users


def _layer(user, argument_map, document, start, end, kind="claim"):
    statement, _anchor = annotate_passage(
        actor=user,
        argument_map=argument_map,
        document=document,
        kind=kind,
        exact=document.text[start:end],
        start=start,
        end=end,
    )
    return statement


def _texts(user, argument_map):
    return sorted(visible_statements_for(user).filter(map=argument_map).values_list("text", flat=True))


def test_annotators_see_only_their_own_layer_and_the_accepted_one(blind_team, argument_map, document):
    alice, bob, rita = blind_team["alice"], blind_team["bob"], blind_team["rita"]
    blind = start_independent_annotation(actor=blind_team["owner"], argument_map=argument_map)
    a_claim = _layer(alice, argument_map, document, 0, 3)
    a_premise = _layer(alice, argument_map, document, 4, 8, "premise")
    b_claim = _layer(bob, argument_map, document, 0, 3)
    services.create_argument(actor=alice, premises=[a_premise], conclusion=a_claim)
    source = services.create_source(actor=alice, workspace=argument_map.workspace, title="白書")
    services.create_evidence_link(actor=alice, statement=a_premise, source=source)

    assert _texts(alice, argument_map) == sorted([a_claim.text, a_premise.text])
    assert _texts(bob, argument_map) == [b_claim.text]
    assert visible_scheme_applications_for(bob).filter(map=argument_map).count() == 0
    assert visible_edges_for(bob).filter(map=argument_map).count() == 0
    assert visible_anchors_for(bob).filter(map=argument_map).count() == 1
    assert visible_evidence_links_for(bob).filter(map=argument_map).count() == 0
    assert visible_edges_for(alice).filter(map=argument_map).count() == 2
    with pytest.raises(NotFound):
        authorize(bob, Action.READ, a_claim)
    # reviewers, owners and viewers are not blinded
    for name in ("rita", "owner", "vera"):
        assert len(_texts(blind_team[name], argument_map)) == 3

    services.set_review_status(actor=alice, node=a_claim, status="proposed", expected_version=a_claim.version)
    assert _texts(bob, argument_map) == [b_claim.text], "proposed is still unreviewed"
    a_claim.refresh_from_db()
    services.set_review_status(actor=rita, node=a_claim, status="accepted", expected_version=a_claim.version)
    assert _texts(bob, argument_map) == sorted([a_claim.text, b_claim.text])
    authorize(bob, Action.READ, a_claim)

    end_independent_annotation(actor=blind_team["owner"], independent_annotation=blind, expected_version=blind.version)
    assert len(_texts(bob, argument_map)) == 3


def test_rejected_work_stays_visible_to_its_author_only(blind_team, argument_map, document):
    alice, bob, rita = blind_team["alice"], blind_team["bob"], blind_team["rita"]
    start_independent_annotation(actor=blind_team["owner"], argument_map=argument_map)
    statement = _layer(alice, argument_map, document, 0, 3)
    services.set_review_status(actor=alice, node=statement, status="proposed", expected_version=1)
    services.set_review_status(actor=rita, node=statement, status="rejected", expected_version=2, reason="not a claim")
    assert visible_statements_for(alice).filter(pk=statement.pk, status_reason="not a claim").exists()
    assert not visible_statements_for(bob).filter(pk=statement.pk).exists()


def test_without_independent_annotation_members_see_everything(blind_team, argument_map, document):
    _layer(blind_team["alice"], argument_map, document, 0, 3)
    assert len(_texts(blind_team["bob"], argument_map)) == 1


def test_blind_rule_adds_no_query_for_users_who_are_not_annotators(blind_team, argument_map, django_assert_num_queries):
    rita = blind_team["rita"]
    list(visible_statements_for(rita))  # fills the per-request role cache
    with django_assert_num_queries(1):
        list(visible_statements_for(rita).filter(map=argument_map))
