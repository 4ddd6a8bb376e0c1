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


def test_schemes_and_critical_questions_carry_their_japanese_names(db):
    client = client_for(None)
    expert = client.get("/api/v1/schemes/expert_opinion/").json()
    assert (expert["name"], expert["name_ja"]) == ("Argument from expert opinion", "専門家の意見からの議論")
    field = next(q for q in expert["critical_questions"] if q["key"] == "field")
    assert (field["text"], field["text_ja"]) == (
        "Is E an expert in the field that A is in?",
        "E は A が属する分野の専門家か。",
    )
    with CaptureQueriesContext(connection) as queries:
        listed = client.get("/api/v1/schemes/", {"page_size": 100}).json()["results"]
    assert all(s["name_ja"] and all(q["text_ja"] for q in s["critical_questions"]) for s in listed)
    assert len(queries) <= 2


def test_the_scheme_type_ahead_matches_japanese_and_english_names(db):
    client = client_for(None)
    keys = lambda **q: {s["key"] for s in client.get("/api/v1/schemes/", q).json()["results"]}  # noqa: E731
    assert keys(name="専門家") == {"expert_opinion"}
    assert keys(name="Expert") == {"expert_opinion"}
    assert keys(name="因果") == {"cause_to_effect"}
    assert keys(name="sunk") == {"sunk_costs"}
    assert keys(name="zzz") == set()
