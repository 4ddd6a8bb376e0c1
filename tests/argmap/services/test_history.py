import pytest

from argmap import services
from argmap.errors import StaleVersion
from argmap.models import Change, Edge, SchemeApplication, Statement
from tests.factories import UserFactory, make_statement


def test_stale_update_is_refused_and_changes_nothing(argument_map, owner):
    statement = make_statement(argument_map, text="original")
    services.update_statement(actor=owner, statement=statement, expected_version=1, text="first edit")
    with pytest.raises(StaleVersion) as exc:
        services.update_statement(actor=owner, statement=statement, expected_version=1, text="lost update")
    assert exc.value.current == 2
    statement.refresh_from_db()
    assert (statement.text, statement.version) == ("first edit", 2)


def test_update_without_a_version_is_refused(argument_map):
    statement = make_statement(argument_map)
    with pytest.raises(StaleVersion):
        services.update_statement(actor=None, statement=statement, expected_version=None, text="blind")


def test_history_records_who_what_before_after(argument_map, owner):
    statement = make_statement(argument_map, text="before", actor=owner)
    services.update_statement(actor=owner, statement=statement, expected_version=1, text="after")
    change = Change.objects.filter(entity="statement", entity_id=str(statement.pk)).last()
    assert change.action == "update" and change.actor == owner
    assert change.before["text"] == "before" and change.after["text"] == "after"
    assert change.workspace_id == argument_map.workspace_id


def test_bulk_review_is_recorded_and_revertible(argument_map, owner):
    statements = [make_statement(argument_map, text=f"s{i}") for i in range(5)]
    services.review_nodes(actor=owner, nodes=[(s, 1) for s in statements], status="proposed")
    batch = Change.objects.filter(summary="review: proposed").order_by().values_list("batch", flat=True).distinct()
    assert len(batch) == 1 and Change.objects.filter(batch=batch[0]).count() == 5
    services.revert_batch(actor=owner, batch=batch[0])
    assert set(Statement.objects.values_list("status", flat=True)) == {"draft"}
    assert set(Statement.objects.values_list("version", flat=True)) == {3}


def test_bulk_review_with_one_stale_version_changes_none(argument_map):
    a, b = make_statement(argument_map), make_statement(argument_map)
    with pytest.raises(StaleVersion):
        services.review_nodes(actor=None, nodes=[(a, 1), (b, 7)], status="proposed")
    assert set(Statement.objects.values_list("status", flat=True)) == {"draft"}


def test_revert_of_delete_restores_the_subgraph(argument_map, document):
    p, c = make_statement(argument_map, text="p"), make_statement(argument_map, text="c", kind="claim")
    services.create_argument(actor=None, premises=[p], conclusion=c)
    services.create_anchor(actor=None, statement=c, document=document, exact="核弾頭")
    services.delete_statement(actor=None, statement=c, expected_version=1)
    assert not SchemeApplication.objects.exists()
    batch = Change.objects.filter(action="delete").last().batch
    services.revert_batch(actor=None, batch=batch)
    assert Statement.objects.get(pk=c.pk).text == "c"
    assert SchemeApplication.objects.count() == 1 and Edge.objects.count() == 2
    assert c.anchors.get().exact == "核弾頭"


def test_revert_refuses_when_row_moved_on(argument_map):
    statement = make_statement(argument_map, text="v1")
    services.update_statement(actor=None, statement=statement, expected_version=1, text="v2")
    batch = Change.objects.filter(action="update").last().batch
    services.update_statement(actor=None, statement=statement, expected_version=2, text="v3")
    with pytest.raises(StaleVersion):
        services.revert_batch(actor=None, batch=batch)
    statement.refresh_from_db()
    assert statement.text == "v3"


def test_a_refused_revert_says_who_changed_the_node_since_and_what_to_do(argument_map, owner):
    reviewer = UserFactory(username="demo-reviewer")
    services.add_member(actor=owner, workspace=argument_map.workspace, user=reviewer, role="reviewer")
    statement = make_statement(argument_map, text="v1", actor=owner)
    services.update_statement(actor=owner, statement=statement, expected_version=1, text="v2")
    batch = Change.objects.filter(action="update").last().batch
    services.set_review_status(actor=reviewer, node=statement, status="proposed", expected_version=2)
    with pytest.raises(StaleVersion) as refusal:
        services.revert_batch(actor=owner, batch=batch)
    message = str(refusal.value)
    assert message.startswith("demo-reviewer changed this statement after that change (")
    assert "undo their change first, or edit it again" in message and "version" not in message


def test_removing_a_member_needs_the_current_version_and_keeps_an_owner(workspace, owner):
    from argmap.errors import RuleViolation
    from argmap.models import Membership
    from tests.factories import UserFactory

    viewer = UserFactory()
    membership = services.add_member(actor=owner, workspace=workspace, user=viewer, role="viewer")
    services.change_member_role(actor=owner, membership=membership, role="editor", expected_version=1)
    with pytest.raises(StaleVersion):
        services.remove_member(actor=owner, membership=membership, expected_version=1)
    services.remove_member(actor=owner, membership=membership, expected_version=2)
    assert not Membership.objects.filter(user=viewer).exists()
    own = Membership.objects.get(user=owner)
    with pytest.raises(RuleViolation):  # a conflict with the workspace's state (409), not malformed input
        services.remove_member(actor=owner, membership=own, expected_version=own.version)


def test_a_composite_action_is_one_batch_and_one_revert(argument_map, owner, document):
    """Services called inside an open batch record into it: the whole action reverts at once."""
    with services.recorded_write(actor=owner, summary="annotate and support") as log:
        premise = services.create_statement(actor=owner, argument_map=argument_map, kind="premise", text="P.")
        claim = services.create_statement(actor=owner, argument_map=argument_map, kind="claim", text="C.")
        services.create_argument(actor=owner, premises=[premise], conclusion=claim)
    batches = set(Change.objects.values_list("batch", flat=True).filter(at__gte=premise.created_at))
    assert batches == {log.batch}
    assert Change.objects.filter(batch=log.batch).count() == 5  # two statements, an inference, two edges
    services.revert_batch(actor=owner, batch=log.batch)
    assert not Statement.objects.filter(pk__in=[premise.pk, claim.pk]).exists()
    assert not SchemeApplication.objects.filter(map=argument_map).exists()


def test_a_failed_inner_write_leaves_the_outer_batch_without_its_rows(argument_map, owner):
    statement = make_statement(argument_map, text="Kept.")
    with services.recorded_write(actor=owner, summary="partly refused") as log:
        services.create_statement(actor=owner, argument_map=argument_map, kind="claim", text="Written.")
        with pytest.raises(StaleVersion):
            services.update_statement(actor=owner, statement=statement, expected_version=99, text="Refused.")
    recorded = list(Change.objects.filter(batch=log.batch).values_list("entity", "action"))
    assert recorded == [("statement", "create")]
    statement.refresh_from_db()
    assert statement.text == "Kept." and statement.version == 1
