"""Speakers over REST: participants, statements' speaker and illocution, the speaker filters."""

from argmap import services
from argmap.models import Participant, Statement
from tests.api.rest.conftest import client_for, problem
from tests.factories import UserFactory, make_participant, make_statement, make_workspace

URL = "/api/v1/participants/"
STATEMENTS = "/api/v1/statements/"


def test_a_reported_statement_and_the_authors_rebuttal(api, argument_map):
    created = api.post(
        URL,
        {"workspace": str(argument_map.workspace_id), "name": "Kwong & Panda", "kind": "collective"},
        format="json",
    )
    assert created.status_code == 201, created.content
    camp = created.json()
    assert (camp["name"], camp["kind"], camp["source"]) == ("Kwong & Panda", "collective", None)

    reported = api.post(
        STATEMENTS,
        {
            "map": str(argument_map.pk),
            "kind": "premise",
            "text": "軍備管理に転換すべきだ。",
            "speaker": camp["id"],
            "illocution": "reporting",
        },
        format="json",
    )
    assert reported.status_code == 201, reported.content
    assert (reported.json()["speaker"], reported.json()["illocution"]) == (camp["id"], "reporting")
    rebuttal = api.post(
        STATEMENTS, {"map": str(argument_map.pk), "kind": "rebuttal", "text": "転換は時期尚早だ。"}, format="json"
    ).json()
    assert (rebuttal["speaker"], rebuttal["illocution"]) == (None, "asserting")

    by_camp = api.get(STATEMENTS, {"map": str(argument_map.pk), "speaker": camp["id"]}).json()["results"]
    by_author = api.get(STATEMENTS, {"map": str(argument_map.pk), "speaker": "author"}).json()["results"]
    reporting = api.get(STATEMENTS, {"map": str(argument_map.pk), "illocution": "reporting"}).json()["results"]
    assert [s["text"] for s in by_camp] == ["軍備管理に転換すべきだ。"]
    assert [s["text"] for s in by_author] == ["転換は時期尚早だ。"]
    assert [s["text"] for s in reporting] == ["軍備管理に転換すべきだ。"]

    moved = api.patch(f"{STATEMENTS}{rebuttal['id']}/", {"illocution": "conceding"}, format="json", HTTP_IF_MATCH='"1"')
    assert moved.status_code == 200 and moved.json()["illocution"] == "conceding"

    refused = api.delete(f"{URL}{camp['id']}/", HTTP_IF_MATCH='"1"')
    assert refused.status_code == 409 and problem(refused)["rule"] == "participant_speaks"


def test_bad_speaker_filters_and_values_are_400(api, argument_map):
    for bad in ("Tosaki", "\x00"):
        response = api.get(STATEMENTS, {"speaker": bad})
        assert response.status_code == 400, response.content
    response = api.get(STATEMENTS, {"illocution": "whispering"})
    assert response.status_code == 400
    response = api.post(
        STATEMENTS, {"map": str(argument_map.pk), "kind": "claim", "text": "x", "illocution": "x"}, format="json"
    )
    assert response.status_code == 400 and not Statement.objects.exists()


def test_a_private_participant_is_not_found_and_never_a_speaker_elsewhere(api, argument_map, owner):
    mine = make_participant(make_workspace(owner=owner), "Mine elsewhere")
    stranger = UserFactory(username="stranger")
    hidden = make_participant(make_workspace(owner=stranger), "Hidden voice")
    as_stranger = client_for(stranger)
    assert as_stranger.get(f"{URL}{make_participant(argument_map.workspace).pk}/").status_code == 404
    response = api.post(
        STATEMENTS,
        {"map": str(argument_map.pk), "kind": "claim", "text": "x", "speaker": str(hidden.pk)},
        format="json",
    )
    assert response.status_code == 404 and "speaker" in str(problem(response))
    response = api.post(
        STATEMENTS, {"map": str(argument_map.pk), "kind": "claim", "text": "x", "speaker": str(mine.pk)}, format="json"
    )
    assert response.status_code == 409 and problem(response)["rule"] == "same_workspace"
    assert not Statement.objects.exists()


def test_participant_source_and_update(api, argument_map, owner):
    source = services.create_source(actor=owner, workspace=argument_map.workspace, title="Arms control now")
    created = api.post(
        URL,
        {"workspace": str(argument_map.workspace_id), "name": "Einhorn", "source": str(source.pk)},
        format="json",
    ).json()
    assert (created["kind"], created["source"]) == ("person", str(source.pk))
    patched = api.patch(
        f"{URL}{created['id']}/", {"source": None, "name": "R. Einhorn"}, format="json", HTTP_IF_MATCH='"1"'
    )
    assert patched.status_code == 200 and (patched.json()["source"], patched.json()["name"]) == (None, "R. Einhorn")
    assert Participant.objects.get().version == 2


def test_listing_participants_and_statements_costs_a_fixed_number_of_queries(
    api, argument_map, django_assert_max_num_queries
):
    for i in range(3):
        voice = make_participant(argument_map.workspace, f"voice {i}")
        make_statement(argument_map, f"said {i}", speaker=voice, illocution="reporting")
    with django_assert_max_num_queries(8):
        assert len(api.get(URL).json()["results"]) == 3
    with django_assert_max_num_queries(10):
        assert len(api.get(STATEMENTS, {"illocution": "reporting"}).json()["results"]) == 3
