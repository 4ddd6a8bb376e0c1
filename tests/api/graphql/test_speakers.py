"""Speakers over GraphQL: participants, a statement's speaker and illocution, a participant's commitments."""

from graphql_relay import to_global_id

from argmap.models import Statement
from tests.api.graphql.conftest import GraphQLClient
from tests.factories import UserFactory, make_map, make_participant, make_statement, make_workspace

CREATE_PARTICIPANT = """
mutation ($ws: ID!, $name: String!) {
  createParticipant(workspaceId: $ws, name: $name, kind: COLLECTIVE) {
    participant { id name kind }
    errors { code message field rule }
  }
}
"""
CREATE_STATEMENT = """
mutation ($map: ID!, $text: String!, $kind: StatementKind!, $speaker: ID, $illocution: Illocution) {
  createStatement(mapId: $map, kind: $kind, text: $text, speakerId: $speaker, illocution: $illocution) {
    statement { id text illocution speaker { name } }
    errors { code message field rule }
  }
}
"""
UPDATE_STATEMENT = """
mutation ($id: ID!, $v: Int!, $speaker: ID, $illocution: Illocution) {
  updateStatement(id: $id, expectedVersion: $v, speakerId: $speaker, illocution: $illocution) {
    statement { illocution speaker { name } }
    errors { code message field rule }
  }
}
"""
WORKSPACE = """
query ($id: ID!) {
  node(id: $id) {
    ... on Workspace { participants { name kind commitments { text illocution } } }
  }
}
"""


def test_a_reported_statement_and_the_authors_rebuttal(owner, argument_map):
    client = GraphQLClient(owner)
    ws = to_global_id("Workspace", argument_map.workspace_id)
    created = client(CREATE_PARTICIPANT, {"ws": ws, "name": "the US arms-control camp"})["data"]["createParticipant"]
    assert created["errors"] == [] and created["participant"]["kind"] == "COLLECTIVE"
    map_id = to_global_id("Map", argument_map.pk)
    reported = client(
        CREATE_STATEMENT,
        {
            "map": map_id,
            "kind": "PREMISE",
            "text": "軍備管理に転換すべきだ。",
            "speaker": created["participant"]["id"],
            "illocution": "REPORTING",
        },
    )["data"]["createStatement"]
    assert reported["statement"]["speaker"] == {"name": "the US arms-control camp"}
    assert reported["statement"]["illocution"] == "REPORTING"
    asked = client(
        CREATE_STATEMENT,
        {"map": map_id, "kind": "PREMISE", "text": "転換できるのか。", "speaker": created["participant"]["id"]},
    )["data"]["createStatement"]["statement"]
    client(UPDATE_STATEMENT, {"id": asked["id"], "v": 1, "illocution": "QUESTIONING"})
    rebuttal = client(CREATE_STATEMENT, {"map": map_id, "kind": "REBUTTAL", "text": "転換は時期尚早だ。"})["data"][
        "createStatement"
    ]["statement"]
    assert (rebuttal["speaker"], rebuttal["illocution"]) == (None, "ASSERTING")

    voices = client(WORKSPACE, {"id": ws})["data"]["node"]["participants"]
    assert voices == [
        {
            "name": "the US arms-control camp",
            "kind": "COLLECTIVE",
            "commitments": [{"text": "軍備管理に転換すべきだ。", "illocution": "REPORTING"}],
        }
    ]

    unattributed = client(UPDATE_STATEMENT, {"id": reported["statement"]["id"], "v": 1, "speaker": None})
    assert unattributed["data"]["updateStatement"]["statement"]["speaker"] is None


def test_a_speaker_outside_the_workspace_is_a_typed_error_and_nothing_is_written(owner, argument_map):
    mine = make_participant(make_workspace(owner=owner), "Elsewhere")
    hidden = make_participant(make_workspace(owner=UserFactory()), "Hidden")
    client = GraphQLClient(owner)
    map_id = to_global_id("Map", argument_map.pk)
    refusals = []
    for speaker in (mine, hidden):
        result = client(
            CREATE_STATEMENT,
            {"map": map_id, "kind": "CLAIM", "text": "x", "speaker": to_global_id("Participant", speaker.pk)},
        )["data"]["createStatement"]
        assert result["statement"] is None
        refusals.append((result["errors"][0]["code"], result["errors"][0]["rule"], result["errors"][0]["field"]))
    assert refusals[0] == ("RULE", "same_workspace", "speaker")
    assert refusals[1][0] == "NOT_FOUND" and refusals[1][2] == "speakerId"
    assert not Statement.objects.exists()


def test_a_stranger_sees_the_voices_of_a_public_map_only(owner):
    workspace = make_workspace(owner=owner)
    public = make_map(workspace, visibility="public")
    make_participant(workspace, "Hidden voice")
    kcna = make_participant(workspace, "KCNA")
    make_statement(public, "公開の主張。", speaker=kcna, illocution="reporting")
    result = GraphQLClient(UserFactory())(WORKSPACE, {"id": to_global_id("Workspace", workspace.pk)})
    assert result["data"]["node"]["participants"] == [
        {"name": "KCNA", "kind": "ORGANISATION", "commitments": [{"text": "公開の主張。", "illocution": "REPORTING"}]}
    ]


SPEAKERS_OF_A_MAP = """
query ($id: ID!) {
  node(id: $id) {
    ... on Workspace { participants { name commitments { text speaker { name } } } }
  }
}
"""


def _queries_for(client, workspace) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        result = client(SPEAKERS_OF_A_MAP, {"id": to_global_id("Workspace", workspace.pk)})
    assert "errors" not in result, result
    return len(captured)


def test_participants_with_commitments_and_speakers_cost_the_same_at_any_size(owner, argument_map):
    client = GraphQLClient(owner)
    for i in range(2):
        voice = make_participant(argument_map.workspace, f"voice {i}")
        make_statement(argument_map, f"said {i}", speaker=voice, illocution="reporting")
    small = _queries_for(client, argument_map.workspace)
    for i in range(2, 8):
        voice = make_participant(argument_map.workspace, f"voice {i}")
        for j in range(3):
            make_statement(argument_map, f"said {i}.{j}", speaker=voice)
    assert _queries_for(client, argument_map.workspace) == small
