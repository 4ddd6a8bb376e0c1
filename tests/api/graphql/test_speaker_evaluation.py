"""GraphQL: speakers in the map's graph and graphDocument, and evaluation per commitment."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from graphql_relay import to_global_id

from tests.api.graphql.conftest import GraphQLClient
from tests.argmap.semantics.voices import build_voices
from tests.factories import UserFactory, make_participant, make_statement, make_workspace

GRAPH = """
query ($id: ID!) { map(id: $id) {
  graph { statements { text illocution speaker { name } } }
  graphDocument
} }
"""
EVALUATION = """
query ($id: ID!, $of: ID, $claims: ID) { map(id: $id) { evaluation(commitmentOf: $of, claimsOf: $claims) {
  counts { in out undec }
  statements { statement { text } label }
  commitment { speaker { name } statements schemeApplications }
  claimsOf { speaker { name } statements { statement { text } label } counts { in out undec } }
} } }
"""


def test_graph_and_graph_document_carry_speakers_in_a_fixed_number_of_queries(owner, argument_map):
    v = build_voices(argument_map)
    client = GraphQLClient(owner)
    variables = {"id": to_global_id("Map", argument_map.pk)}
    client(GRAPH, variables)
    with CaptureQueriesContext(connection) as few:
        result = client(GRAPH, variables)
    assert "errors" not in result, result
    spoken = {s["text"]: (s["speaker"], s["illocution"]) for s in result["data"]["map"]["graph"]["statements"]}
    assert spoken[v.K1.text] == ({"name": "KCNA"}, "REPORTING")
    assert spoken[v.B.text] == (None, "ASSERTING")
    document = {s["text"]: s for s in result["data"]["map"]["graphDocument"]["statements"]}
    assert (document[v.K1.text]["speaker"], document[v.K1.text]["speaker_name"]) == (str(v.kcna.pk), "KCNA")
    assert document[v.Q.text]["illocution"] == "questioning"
    for i in range(15):
        make_statement(argument_map, f"voice {i}", speaker=make_participant(argument_map.workspace, f"Voice {i}"))
    with CaptureQueriesContext(connection) as many:
        assert "errors" not in client(GRAPH, variables)
    assert len(many) == len(few)


def test_evaluation_of_one_speakers_commitments_and_of_the_authors_claims(owner, argument_map):
    v = build_voices(argument_map)
    client = GraphQLClient(owner)
    kcna = to_global_id("Participant", v.kcna.pk)
    result = client(EVALUATION, {"id": to_global_id("Map", argument_map.pk), "of": kcna, "claims": "author"})
    assert "errors" not in result, result
    evaluation = result["data"]["map"]["evaluation"]
    assert evaluation["commitment"] == {"speaker": {"name": "KCNA"}, "statements": 2, "schemeApplications": 1}
    assert {s["statement"]["text"] for s in evaluation["statements"]} == {v.K1.text, v.K2.text}
    # the author's commitments inside KCNA's sub-framework: none
    assert evaluation["claimsOf"]["statements"] == [] and evaluation["claimsOf"]["speaker"] is None
    survival = client(EVALUATION, {"id": to_global_id("Map", argument_map.pk), "claims": kcna})["data"]["map"]
    claims = survival["evaluation"]["claimsOf"]
    assert {s["statement"]["text"]: s["label"] for s in claims["statements"]} == {v.K1.text: "OUT", v.K2.text: "IN"}
    assert survival["evaluation"]["commitment"] is None


def test_a_speaker_the_caller_may_not_see_is_not_found(owner, argument_map):
    build_voices(argument_map)
    hidden = make_participant(make_workspace(owner=UserFactory(username="stranger")), "Hidden voice")
    result = GraphQLClient(owner)(
        EVALUATION, {"id": to_global_id("Map", argument_map.pk), "of": to_global_id("Participant", hidden.pk)}
    )
    assert result["data"]["map"] is None or result["data"]["map"]["evaluation"] is None
    assert [e["extensions"]["code"] for e in result["errors"]] == ["NOT_FOUND"]
    assert "Hidden" not in str(result)
    wrong = GraphQLClient(owner)(
        EVALUATION, {"id": to_global_id("Map", argument_map.pk), "of": to_global_id("Map", argument_map.pk)}
    )
    assert [e["extensions"]["code"] for e in wrong["errors"]] == ["VALIDATION"]
