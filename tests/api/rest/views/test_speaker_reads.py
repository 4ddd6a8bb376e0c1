"""Speakers in REST reads: the graph's statements carry speaker and illocution; evaluation per commitment."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.api.rest.conftest import client_for, problem
from tests.argmap.semantics.voices import build_voices
from tests.factories import UserFactory, make_map, make_participant, make_statement, make_workspace


def evaluation(argument_map, **params) -> str:
    query = "&".join(f"{k}={v}" for k, v in params.items())
    return f"/api/v1/maps/{argument_map.pk}/evaluation/" + (f"?{query}" if query else "")


def test_the_graph_publishes_each_statements_speaker_and_illocution(api, argument_map):
    v = build_voices(argument_map)
    statements = {s["id"]: s for s in api.get(f"/api/v1/maps/{argument_map.pk}/graph/").json()["statements"]}
    reported = statements[str(v.K1.pk)]
    assert (reported["speaker"], reported["speaker_name"], reported["illocution"]) == (
        str(v.kcna.pk),
        "KCNA",
        "reporting",
    )
    rebuttal = statements[str(v.B.pk)]
    assert (rebuttal["speaker"], rebuttal["speaker_name"], rebuttal["illocution"]) == (None, None, "asserting")
    neighbours = api.get(f"/api/v1/statements/{v.K1.pk}/neighbourhood/").json()["statements"]
    assert {(s["id"], s["speaker"], s["illocution"]) for s in neighbours} >= {
        (str(v.K1.pk), str(v.kcna.pk), "reporting")
    }


def test_the_graph_costs_the_same_queries_with_many_speakers(api, argument_map):
    build_voices(argument_map)
    api.get(f"/api/v1/maps/{argument_map.pk}/graph/")  # warm the session and the caches
    with CaptureQueriesContext(connection) as few:
        assert api.get(f"/api/v1/maps/{argument_map.pk}/graph/").status_code == 200
    for i in range(20):
        make_statement(argument_map, f"voice {i}", speaker=make_participant(argument_map.workspace, f"Voice {i}"))
    with CaptureQueriesContext(connection) as many:
        assert api.get(f"/api/v1/maps/{argument_map.pk}/graph/").status_code == 200
    assert len(many) == len(few)


def test_evaluation_restricted_to_a_speakers_commitments(api, argument_map):
    v = build_voices(argument_map)
    body = api.get(evaluation(argument_map, speaker=v.kcna.pk)).json()
    assert set(body["statements"]) == {str(v.K1.pk), str(v.K2.pk)}
    assert body["commitment"] == {"speaker": str(v.kcna.pk), "statements": 2, "scheme_applications": 1}
    author = api.get(evaluation(argument_map, speaker="author", semantics="preferred")).json()
    assert set(author["statements"]) == {str(v.A1.pk), str(v.A2.pk), str(v.B.pk)}


def test_which_of_a_voices_claims_survive_the_author(api, argument_map):
    v = build_voices(argument_map)
    body = api.get(evaluation(argument_map, claims_of=v.kcna.pk)).json()
    assert body["claims_of"]["statements"] == {str(v.K1.pk): "OUT", str(v.K2.pk): "IN"}
    assert len(body["statements"]) == 6  # the whole map was evaluated


def test_an_unseen_speaker_is_not_found_and_a_malformed_one_is_400(api, argument_map, owner):
    build_voices(argument_map)
    hidden = make_participant(make_workspace(owner=UserFactory(username="stranger")), "Hidden voice")
    elsewhere = make_participant(make_workspace(owner=owner), "Mine elsewhere")
    for name in ("speaker", "claims_of"):
        for participant in (hidden, elsewhere):
            response = api.get(evaluation(argument_map, **{name: participant.pk}))
            assert response.status_code == 404 and name in problem(response)["detail"]
            assert "Hidden" not in response.content.decode()
        response = api.get(evaluation(argument_map, **{name: "someone"}))
        assert response.status_code == 400 and name in problem(response)["detail"]


def test_a_public_maps_speakers_may_be_evaluated_by_anyone(workspace, document):
    argument_map = make_map(workspace, documents=[document], visibility="public")
    v = build_voices(argument_map)
    response = client_for(None).get(evaluation(argument_map, speaker=v.kcna.pk))
    assert response.status_code == 200 and response.json()["commitment"]["statements"] == 2


def test_evaluation_by_speaker_costs_a_fixed_number_of_queries(api, argument_map):
    v = build_voices(argument_map)
    api.get(evaluation(argument_map))  # warm the session and the caches
    with CaptureQueriesContext(connection) as few:
        assert api.get(evaluation(argument_map, speaker=v.kcna.pk, claims_of="author")).status_code == 200
    for i in range(20):
        make_statement(argument_map, f"reported {i}", speaker=v.kcna, illocution="reporting")
    with CaptureQueriesContext(connection) as many:
        assert api.get(evaluation(argument_map, speaker=v.kcna.pk, claims_of="author")).status_code == 200
    assert len(many) == len(few)
