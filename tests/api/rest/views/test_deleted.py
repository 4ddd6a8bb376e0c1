"""``maps/{id}/deleted/`` (restore in one click) and the ``X-Argmap-Batch`` header of writes (undo)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from argmap import services
from argmap.models import SchemeApplication, Statement
from argmap.services.annotation import start_independent_annotation
from tests.factories import UserFactory, make_statement

from ..conftest import client_for


def _url(argument_map, **params):
    query = "&".join(f"{k}={v}" for k, v in params.items())
    return f"/api/v1/maps/{argument_map.pk}/deleted/" + (f"?{query}" if query else "")


def _delete(client, statement):
    statement.refresh_from_db()
    return client.delete(f"/api/v1/statements/{statement.pk}/", HTTP_IF_MATCH=f'"{statement.version}"')


def test_a_deleted_statement_is_listed_newest_first_and_restored_by_reverting_its_batch(api, owner, argument_map):
    first = make_statement(argument_map, "最初の主張", kind="claim", actor=owner)
    second = make_statement(argument_map, "二番目の前提", actor=owner)
    assert _delete(api, first).status_code == 200
    assert _delete(api, second).status_code == 200
    rows = api.get(_url(argument_map)).json()["results"]
    assert [(r["text"], r["kind"], r["entity"]) for r in rows] == [
        ("二番目の前提", "premise", "statement"),
        ("最初の主張", "claim", "statement"),
    ]
    assert rows[0]["deleted_by"] == "owner" and rows[0]["restorable"] is True and rows[0]["deleted_at"]
    restored = api.post(f"/api/v1/changes/{rows[1]['batch']}/revert/")
    assert restored.status_code == 200
    assert Statement.objects.get(pk=first.pk).text == "最初の主張"
    assert [r["text"] for r in api.get(_url(argument_map)).json()["results"]] == ["二番目の前提"]


def test_deleting_a_premise_lists_the_emptied_inference_too_and_one_restore_brings_both_back(api, owner, argument_map):
    premise = make_statement(argument_map, "前提", actor=owner)
    conclusion = make_statement(argument_map, "結論", kind="claim", actor=owner)
    inference = services.create_argument(actor=owner, premises=[premise], conclusion=conclusion)
    assert _delete(api, premise).json()["deleted"]["scheme_applications"] == 1
    rows = api.get(_url(argument_map)).json()["results"]
    assert {(r["entity"], r["kind"]) for r in rows} == {("statement", "premise"), ("scheme_application", "inference")}
    assert len({r["batch"] for r in rows}) == 1
    assert api.post(f"/api/v1/changes/{rows[0]['batch']}/revert/").status_code == 200
    assert SchemeApplication.objects.filter(pk=inference.pk).exists() and Statement.objects.filter(pk=premise.pk)
    assert api.get(_url(argument_map)).json()["results"] == []


def test_annotators_may_restore_only_their_own_deletions(as_user, team, owner, argument_map):
    annotator = as_user("annotator")
    own = make_statement(argument_map, "mine", actor=team["annotator"])
    theirs = make_statement(argument_map, "theirs", actor=owner)
    assert _delete(annotator, own).status_code == 200
    assert _delete(client_for(owner), theirs).status_code == 200
    rows = {r["text"]: r for r in annotator.get(_url(argument_map)).json()["results"]}
    assert rows["mine"]["restorable"] is True and rows["theirs"]["restorable"] is False
    refused = annotator.post(f"/api/v1/changes/{rows['theirs']['batch']}/revert/")
    assert refused.status_code == 403 and not Statement.objects.filter(pk=theirs.pk).exists()
    editor_rows = as_user("editor").get(_url(argument_map)).json()["results"]
    assert all(r["restorable"] for r in editor_rows)


def test_a_blind_annotator_lists_only_their_own_deletions(as_user, team, owner, workspace, argument_map):
    other = UserFactory(username="annotator2")
    services.add_member(actor=owner, workspace=workspace, user=other, role="annotator")
    start_independent_annotation(actor=owner, argument_map=argument_map)
    mine = make_statement(argument_map, "私の", actor=team["annotator"])
    hidden = make_statement(argument_map, "他人の", actor=other)
    assert _delete(as_user("annotator"), mine).status_code == 200
    assert _delete(client_for(other), hidden).status_code == 200
    assert [r["text"] for r in as_user("annotator").get(_url(argument_map)).json()["results"]] == ["私の"]
    assert {r["text"] for r in as_user("editor").get(_url(argument_map)).json()["results"]} == {"私の", "他人の"}


@pytest.mark.parametrize("who", ["anonymous", "outsider"])
def test_strangers_get_the_same_404_as_for_a_missing_map(as_user, api, owner, argument_map, who):
    assert _delete(api, make_statement(argument_map, "secret", actor=owner)).status_code == 200
    hidden = as_user(who).get(_url(argument_map))
    missing = as_user(who).get("/api/v1/maps/00000000-0000-0000-0000-000000000000/deleted/")
    assert hidden.status_code == missing.status_code == 404
    assert "secret" not in hidden.content.decode()


def test_a_public_maps_readers_list_nothing(as_user, api, owner, public_map):
    statement = Statement.objects.get(map=public_map)
    assert _delete(api, statement).status_code == 200
    response = as_user("outsider").get(_url(public_map))
    assert response.status_code == 200 and response.json()["results"] == []


def test_pages_and_a_fixed_number_of_queries(api, owner, argument_map):
    for n in range(3):
        assert _delete(api, make_statement(argument_map, f"gone {n}", actor=owner)).status_code == 200
    api.get(_url(argument_map))
    with CaptureQueriesContext(connection) as few:
        assert len(api.get(_url(argument_map)).json()["results"]) == 3
    for n in range(3, 25):
        assert _delete(api, make_statement(argument_map, f"gone {n}", actor=owner)).status_code == 200
    with CaptureQueriesContext(connection) as many:
        assert len(api.get(_url(argument_map)).json()["results"]) == 25
    assert len(many) == len(few) <= 4
    seen, url = [], _url(argument_map, page_size=10)
    while url:
        body = api.get(url).json()
        seen += [r["text"] for r in body["results"]]
        url = body["next"]
    assert seen == [f"gone {n}" for n in reversed(range(25))]


def test_writes_name_their_batch_and_reverting_it_undoes_them(api, argument_map):
    created = api.post("/api/v1/statements/", {"map": str(argument_map.pk), "kind": "claim", "text": "Undo me"})
    assert created.status_code == 201
    batch = created.headers["X-Argmap-Batch"]
    undone = api.post(f"/api/v1/changes/{batch}/revert/")
    assert undone.status_code == 200 and not Statement.objects.filter(text="Undo me").exists()
    assert undone.headers["X-Argmap-Batch"] == undone.json()["batch"]
    redone = api.post(f"/api/v1/changes/{undone.json()['batch']}/revert/")
    assert redone.status_code == 200 and Statement.objects.filter(text="Undo me").exists()


def test_reads_and_refused_writes_carry_no_batch(api, as_user, argument_map):
    assert "X-Argmap-Batch" not in api.get(_url(argument_map)).headers
    refused = as_user("viewer").post("/api/v1/statements/", {"map": str(argument_map.pk), "kind": "claim", "text": "x"})
    assert refused.status_code == 403 and "X-Argmap-Batch" not in refused.headers


def test_the_batch_header_is_in_the_openapi_schema(api):
    schema = api.get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    created = schema["paths"]["/api/v1/statements/"]["post"]["responses"]["201"]
    assert "X-Argmap-Batch" in created["headers"]
    assert "maps_deleted" in {op.get("operationId") for p in schema["paths"].values() for op in p.values()}
