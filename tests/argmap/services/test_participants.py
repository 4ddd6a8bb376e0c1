"""Speakers: participants and who is committed to a statement, through the services."""

import uuid

import pytest

from argmap import services
from argmap.errors import InvalidInput, RuleViolation
from argmap.models import Change, Participant, Statement
from argmap.services.bulk import GraphPayload, import_graph
from tests.factories import make_map, make_participant, make_statement, make_workspace


def test_a_reported_statement_records_its_speaker_and_illocution_with_history(argument_map, owner):
    kcna = make_participant(argument_map.workspace, "KCNA", actor=owner)
    statement = make_statement(argument_map, "核保有は不可逆だ。", actor=owner, speaker=kcna, illocution="reporting")
    statement.refresh_from_db()
    assert (statement.speaker_id, statement.illocution) == (kcna.pk, "reporting")
    change = Change.objects.get(entity="statement", action="create")
    assert (change.after["speaker_id"], change.after["illocution"]) == (str(kcna.pk), "reporting")
    assert Change.objects.filter(entity="participant", entity_id=str(kcna.pk), action="create").exists()


def test_a_statement_without_a_speaker_is_the_authors_assertion(argument_map):
    statement = make_statement(argument_map, "対話は必要だ。")
    assert (statement.speaker, statement.illocution) == (None, "asserting")


def test_a_speaker_of_another_workspace_is_refused_and_nothing_is_written(argument_map, owner):
    stranger = make_participant(make_workspace(owner=owner), "Elsewhere")
    with pytest.raises(RuleViolation) as refused:
        make_statement(argument_map, "x", actor=owner, speaker=stranger)
    assert (refused.value.rule, refused.value.field) == ("same_workspace", "speaker")
    assert not Statement.objects.exists()
    statement = make_statement(argument_map, "x", actor=owner)
    with pytest.raises(RuleViolation):
        services.update_statement(actor=owner, statement=statement, expected_version=1, speaker=stranger)
    assert Statement.objects.get().speaker_id is None


def test_an_unknown_illocution_is_invalid(argument_map, owner):
    with pytest.raises(InvalidInput) as refused:
        make_statement(argument_map, "x", actor=owner, illocution="whispering")
    assert refused.value.field == "illocution"


def test_reattributing_an_accepted_statement_sends_it_back_to_review(argument_map, owner):
    statement = make_statement(argument_map, "x", actor=owner, status="accepted")
    experts = make_participant(argument_map.workspace, "some experts", kind="collective")
    updated = services.update_statement(actor=owner, statement=statement, expected_version=1, speaker=experts)
    assert (updated.speaker_id, updated.status) == (experts.pk, "proposed")


def test_a_participant_who_speaks_cannot_be_deleted_until_reattributed(argument_map, owner):
    kcna = make_participant(argument_map.workspace, "KCNA")
    statement = make_statement(argument_map, "x", actor=owner, speaker=kcna)
    with pytest.raises(RuleViolation) as refused:
        services.delete_participant(actor=owner, participant=kcna, expected_version=1)
    assert refused.value.rule == "participant_speaks"
    assert Participant.objects.filter(pk=kcna.pk).exists()
    services.update_statement(actor=owner, statement=statement, expected_version=1, speaker=None)
    services.delete_participant(actor=owner, participant=kcna, expected_version=1)
    assert not Participant.objects.exists()
    assert Change.objects.filter(entity="participant", action="delete").count() == 1


def test_a_participant_keeps_a_source_of_its_workspace_and_loses_it_with_history(argument_map, owner):
    workspace = argument_map.workspace
    source = services.create_source(actor=owner, workspace=workspace, title="Arms control now")
    foreign = services.create_source(actor=owner, workspace=make_workspace(owner=owner), title="Other")
    with pytest.raises(RuleViolation):
        make_participant(workspace, "Kwong & Panda", kind="collective", source=foreign)
    camp = make_participant(workspace, "Kwong & Panda", kind="collective", source=source)
    services.delete_source(actor=owner, source=source, expected_version=1)
    camp.refresh_from_db()
    assert (camp.source_id, camp.version) == (None, 2)
    change = Change.objects.get(entity="participant", action="update")
    assert (change.before["source_id"], change.after["source_id"]) == (str(source.pk), None)


def test_participant_updates_are_versioned(argument_map, owner):
    kcna = make_participant(argument_map.workspace, "KCNA")
    updated = services.update_participant(
        actor=owner, participant=kcna, expected_version=1, name="朝鮮中央通信", description="state news agency"
    )
    assert (updated.version, updated.name) == (2, "朝鮮中央通信")
    with pytest.raises(InvalidInput):
        services.update_participant(actor=owner, participant=kcna, expected_version=2, kind="crowd")


def test_import_graph_brings_participants_and_speakers(argument_map, owner):
    existing = make_participant(argument_map.workspace, "JIIA")
    camp_id = uuid.uuid4()
    payload = GraphPayload(
        participants=[{"id": str(camp_id), "name": "the US arms-control camp", "kind": "collective"}],
        statements=[
            {"kind": "premise", "text": "軍備管理に転換すべきだ。", "speaker": str(camp_id), "illocution": "reporting"},
            {"kind": "claim", "text": "提言する。", "speaker": str(existing.pk)},
            {"kind": "claim", "text": "非核化は目標だ。"},
        ],
    )
    counts = import_graph(actor=owner, argument_map=argument_map, payload=payload)
    assert counts["participants"] == 1
    rows = {s.text: (s.speaker_id, s.illocution) for s in Statement.objects.all()}
    assert rows == {
        "軍備管理に転換すべきだ。": (camp_id, "reporting"),
        "提言する。": (existing.pk, "asserting"),
        "非核化は目標だ。": (None, "asserting"),
    }
    assert Change.objects.filter(entity="participant", action="create").count() == 2


def test_import_graph_refuses_a_speaker_of_another_workspace_whole(argument_map, owner):
    stranger = make_participant(make_workspace(owner=owner), "Elsewhere")
    payload = GraphPayload(
        statements=[
            {"kind": "claim", "text": "a"},
            {"kind": "claim", "text": "b", "speaker": str(stranger.pk)},
        ]
    )
    with pytest.raises(RuleViolation) as refused:
        import_graph(actor=owner, argument_map=argument_map, payload=payload)
    assert "statements[1]" in refused.value.message
    assert not Statement.objects.filter(map=argument_map).exists()
    other_map = make_map(argument_map.workspace)
    with pytest.raises(InvalidInput):
        import_graph(
            actor=owner,
            argument_map=other_map,
            payload=GraphPayload(statements=[{"kind": "claim", "text": "c", "illocution": "x"}]),
        )


def test_undoing_a_participants_creation_while_it_speaks_is_refused_not_a_crash(argument_map, owner):
    kcna = make_participant(argument_map.workspace, "KCNA", actor=owner)
    make_statement(argument_map, "x", actor=owner, speaker=kcna)
    batch = Change.objects.get(entity="participant", action="create").batch
    with pytest.raises(RuleViolation) as refused:
        services.revert_batch(actor=owner, batch=batch)
    assert refused.value.rule == "revert_target_in_use"
    assert Participant.objects.filter(pk=kcna.pk).exists()
