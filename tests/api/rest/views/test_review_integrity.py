"""Review integrity on REST: a PATCH of reviewed content sends it back to review; imports keep a file's
review statuses only for someone who may review."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from argmap import services
from argmap.models import Change, SchemeApplication, Statement
from argmap.rules.review import EDITED_AFTER_REVIEW
from tests.factories import make_statement

ACCEPTED_AIF = {
    "nodes": [
        {"nodeID": "1", "text": "Sanctions work", "type": "I", "argmap": {"status": "accepted"}},
        {"nodeID": "2", "text": "Iran negotiated", "type": "I", "argmap": {"status": "proposed"}},
        {"nodeID": "3", "text": "RA", "type": "RA", "argmap": {"status": "accepted"}},
    ],
    "edges": [{"edgeID": "a", "fromID": "2", "toID": "3"}, {"edgeID": "b", "fromID": "3", "toID": "1"}],
}
ACCEPTED_ARGDOWN = """[I]: Iran negotiated {"status": "accepted"}

[S]: Sanctions work #claim {"status": "accepted"}
    + [I]
"""


def import_aif(client, workspace):
    return client.post(
        f"/api/v1/maps/import/?workspace={workspace.pk}", data=json.dumps(ACCEPTED_AIF), content_type="application/json"
    )


def statuses(map_id) -> list[str]:
    nodes = [*Statement.objects.filter(map_id=map_id), *SchemeApplication.objects.filter(map_id=map_id)]
    return sorted(node.status for node in nodes)


def test_an_editors_import_arrives_as_drafts(as_user, workspace):
    response = import_aif(as_user("editor"), workspace)
    assert response.status_code == 201, response.content
    assert statuses(response.json()["id"]) == ["draft", "draft", "draft"]


def test_an_editors_argdown_import_arrives_as_drafts(as_user, workspace):
    upload = SimpleUploadedFile("map.argdown", ACCEPTED_ARGDOWN.encode(), content_type="text/plain")
    response = as_user("editor").post(
        "/api/v1/maps/import/", data={"file": upload, "workspace": str(workspace.pk)}, format="multipart"
    )
    assert response.status_code == 201, response.content
    assert set(statuses(response.json()["id"])) == {"draft"}


def test_an_owners_import_keeps_the_files_statuses_and_history_says_who_accepted(as_user, team, workspace):
    response = import_aif(as_user("owner"), workspace)
    assert response.status_code == 201, response.content
    map_id = response.json()["id"]
    assert statuses(map_id) == ["accepted", "accepted", "proposed"]
    claim = Statement.objects.get(map_id=map_id, text="Sanctions work")
    created = Change.objects.get(entity="statement", entity_id=str(claim.pk), action="create")
    assert created.actor == team["owner"] and created.after["status"] == "accepted"
    assert created.summary.startswith("import into map")


@pytest.mark.parametrize("who", ["annotator", "reviewer"])
def test_patching_the_text_of_an_accepted_statement_sends_it_back_to_review(as_user, team, argument_map, who):
    author = team["annotator"] if who == "annotator" else team["owner"]
    statement = make_statement(argument_map, "原文。", kind="claim", actor=author)
    services.set_review_status(actor=team["reviewer"], node=statement, status="accepted", expected_version=1)
    client = as_user(who) if who == "annotator" else as_user("owner")
    response = client.patch(
        f"/api/v1/statements/{statement.pk}/", {"text": "書き換え。"}, format="json", HTTP_IF_MATCH='"2"'
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["text"], body["status"], body["status_reason"]) == ("書き換え。", "proposed", EDITED_AFTER_REVIEW)
    queue = as_user("reviewer").get("/api/v1/statements/", {"map": str(argument_map.pk), "status": "proposed"})
    assert [(row["text"], row["status_reason"]) for row in queue.json()["results"]] == [
        ("書き換え。", EDITED_AFTER_REVIEW)
    ]


def test_an_accepted_inference_whose_scheme_changes_goes_back_to_review(api, team, argument_map):
    premise = make_statement(argument_map, "前提。", actor=team["owner"])
    claim = make_statement(argument_map, "結論。", kind="claim", actor=team["owner"])
    inference = services.create_argument(actor=team["owner"], premises=[premise], conclusion=claim)
    services.set_review_status(actor=team["reviewer"], node=inference, status="accepted", expected_version=1)
    response = api.patch(
        f"/api/v1/scheme-applications/{inference.pk}/", {"scheme": "expert_opinion"}, format="json", HTTP_IF_MATCH='"2"'
    )
    assert response.status_code == 200, response.content
    assert (response.json()["status"], response.json()["status_reason"]) == ("proposed", EDITED_AFTER_REVIEW)
