from django.db import connection
from django.test.utils import CaptureQueriesContext

from argmap.models import Scheme
from tests.api.rest.conftest import client_for, etag, problem


def test_scheme_catalogue_is_public_with_critical_questions(db):
    client = client_for(None)
    with CaptureQueriesContext(connection) as queries:
        listed = client.get("/api/v1/schemes/", {"page_size": 100})
    assert len(listed.json()["results"]) == Scheme.objects.count() == 26 and len(queries) <= 2
    expert = client.get("/api/v1/schemes/expert_opinion/")
    assert expert.status_code == 200 and etag(expert) == f'"{expert.json()["version"]}"'
    assert len(expert.json()["critical_questions"]) >= 3
    assert client.get("/api/v1/schemes/no-such-scheme/").status_code == 404
    assert problem(client.post("/api/v1/schemes/", {}, format="json"))["status"] == 405


def test_tags(api, as_user, workspace, argument_map):
    created = api.post(
        "/api/v1/tags/", {"workspace": str(workspace.pk), "slug": "deterrence", "colour": "#aa3300"}, format="json"
    )
    assert created.status_code == 201, created.content
    assert (
        problem(
            api.post("/api/v1/tags/", {"workspace": str(workspace.pk), "slug": "x", "colour": "red"}, format="json")
        )["status"]
        == 400
    )
    assert (
        as_user("viewer")
        .post("/api/v1/tags/", {"workspace": str(workspace.pk), "slug": "v"}, format="json")
        .status_code
        == 403
    )
    statement = api.post(
        "/api/v1/statements/",
        {"map": str(argument_map.pk), "kind": "claim", "text": "t", "tags": ["deterrence"]},
        format="json",
    )
    assert statement.json()["tags"] == ["deterrence"]
    unknown = problem(
        api.post(
            "/api/v1/statements/",
            {"map": str(argument_map.pk), "kind": "claim", "text": "t", "tags": ["nope"]},
            format="json",
        )
    )
    assert "tags" in unknown["errors"]
    url = f"/api/v1/tags/{created.json()['id']}/"
    relabelled = api.patch(url, {"label": "Deterrence"}, format="json", HTTP_IF_MATCH=etag(created))
    assert relabelled.json()["label"] == "Deterrence"
    assert api.delete(url, HTTP_IF_MATCH=etag(relabelled)).json() == {"deleted": {"tags": 1}}
