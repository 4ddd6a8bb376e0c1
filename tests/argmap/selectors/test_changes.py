"""The change feed read: commit order, stable cursors, and what each reader may see of it."""

import pytest
from django.db import transaction

from argmap import services
from argmap.errors import InvalidInput, NotFound
from argmap.models import Change, FeedEntry
from argmap.selectors.changes import decode_cursor, map_changes, workspace_changes
from argmap.services.annotation import annotate_passage, start_independent_annotation
from argmap.services.history import recorded_write
from tests.factories import UserFactory, make_map, make_statement


def _summaries(page):
    return [event.summary for event in page.events]


def test_events_come_in_commit_order_with_the_rows_before_and_after(owner, argument_map):
    statement = make_statement(argument_map, "First.", actor=owner)
    services.update_statement(actor=owner, statement=statement, expected_version=statement.version, text="Changed.")
    page = map_changes(owner, argument_map)
    assert [e.position for e in page.events] == sorted(e.position for e in page.events)
    created, updated = page.events[-2:]
    assert created.changes[0]["action"] == "create" and created.changes[0]["after"]["text"] == "First."
    assert updated.changes[0]["before"]["text"] == "First." and updated.changes[0]["after"]["text"] == "Changed."
    assert updated.actor_username == "owner" and updated.change_count == 1 and not updated.truncated


def test_cursor_pages_resume_exactly_after_the_last_event_seen(owner, argument_map):
    for n in range(5):
        make_statement(argument_map, f"S{n}.", actor=owner)
    everything = map_changes(owner, argument_map, limit=200).events
    seen, cursor = [], None
    while True:
        page = map_changes(owner, argument_map, after=decode_cursor(cursor), limit=2)
        seen += page.events
        cursor = page.cursor
        if not page.has_more:
            break
    assert [e.position for e in seen] == [e.position for e in everything]
    assert map_changes(owner, argument_map, after=decode_cursor(cursor)).events == []


def test_a_composite_action_is_one_event(owner, argument_map, document):
    with recorded_write(actor=owner, summary="annotate") as _log:
        make_statement(argument_map, "One.", actor=owner)
        make_statement(argument_map, "Two.", actor=owner)
    event = map_changes(owner, argument_map).events[-1]
    assert event.summary == "annotate" and len(event.changes) == 2


def test_a_rolled_back_write_leaves_no_event(owner, argument_map):
    before = FeedEntry.objects.count()
    with pytest.raises(RuntimeError), transaction.atomic():
        make_statement(argument_map, "Never.", actor=owner)
        raise RuntimeError
    assert FeedEntry.objects.count() == before
    assert "Never." not in str([e.changes for e in map_changes(owner, argument_map).events])


def test_non_members_get_not_found_for_a_private_map_and_a_workspace(argument_map, workspace):
    stranger = UserFactory(username="stranger")
    with pytest.raises(NotFound):
        map_changes(stranger, argument_map)
    with pytest.raises(NotFound):
        workspace_changes(stranger, workspace)


def test_a_public_map_shows_strangers_only_what_was_written_since_it_was_made_public(owner, workspace, argument_map):
    make_statement(argument_map, "Written while private.", actor=owner)
    argument_map = services.update_map(
        actor=owner, argument_map=argument_map, expected_version=argument_map.version, visibility="public"
    )
    make_statement(argument_map, "Written in public.", actor=owner)
    texts = str([e.changes for e in map_changes(UserFactory(username="reader"), argument_map).events])
    assert "Written in public." in texts and "Written while private." not in texts
    members = str([e.changes for e in map_changes(owner, argument_map).events])
    assert "Written while private." in members


def test_a_map_created_public_shows_its_whole_history(owner, workspace):
    public = make_map(workspace, visibility="public", name="Open")
    make_statement(public, "Open claim.", actor=owner)
    events = map_changes(None, public).events
    assert [e.changes[0]["entity"] for e in events] == ["argumentmap", "statement"]


def test_a_blind_annotator_gets_no_event_about_another_annotators_work(owner, workspace, argument_map, document):
    alice, bob = UserFactory(username="alice"), UserFactory(username="bob")
    for user in (alice, bob):
        services.add_member(actor=owner, workspace=workspace, user=user, role="annotator")
    start_independent_annotation(actor=owner, argument_map=argument_map)
    start = map_changes(owner, argument_map, limit=200).cursor
    annotate_passage(
        actor=bob, argument_map=argument_map, document=document, kind="claim", exact=document.text[0:3], start=0, end=3
    )
    annotate_passage(
        actor=alice,
        argument_map=argument_map,
        document=document,
        kind="claim",
        exact=document.text[4:8],
        start=4,
        end=8,
    )
    events = map_changes(alice, argument_map, after=decode_cursor(start)).events
    assert events and {e.actor_username for e in events} == {"alice"}
    authors = {c["after"]["created_by_id"] for e in events for c in e.changes}
    assert authors == {alice.pk}
    everyone = map_changes(owner, argument_map, after=decode_cursor(start)).events
    assert [e.actor_username for e in everyone] == ["bob", "alice"]  # a passage is one batch: statement + anchor
    assert [len(e.changes) for e in everyone] == [2, 2]


def test_a_workspace_feed_holds_every_map_and_the_workspace_itself(owner, workspace, argument_map):
    other = make_map(workspace, name="Other")
    make_statement(other, "Elsewhere.", actor=owner)
    events = workspace_changes(owner, workspace, limit=200).events
    assert {e.map_id for e in events} >= {argument_map.pk, other.pk, None}
    assert Change.objects.filter(map_id=other.pk).count() == 2


@pytest.mark.parametrize("cursor", ["nope", "Zm9vOjE", "ZmVlZDotMQ", "!!"])
def test_a_foreign_cursor_is_invalid_input(cursor):
    with pytest.raises(InvalidInput):
        decode_cursor(cursor)
