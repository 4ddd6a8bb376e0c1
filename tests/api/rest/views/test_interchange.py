"""GET /api/v1/maps/{id}/export/ and POST /api/v1/maps/import/."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from argmap.interchange.exports import EXPORT_FORMATS
from argmap.models import ArgumentMap, Statement
from tests.api.rest.conftest import problem
from tests.argmap.semantics.worked_example import build_worked_example

AIF = {
    "nodes": [
        {"nodeID": "1", "text": "Sanctions work", "type": "I"},
        {"nodeID": "2", "text": "Iran negotiated", "type": "I"},
        {"nodeID": "3", "text": "RA", "type": "RA", "scheme": "Sign"},
    ],
    "edges": [{"edgeID": "a", "fromID": "2", "toID": "3"}, {"edgeID": "b", "fromID": "3", "toID": "1"}],
}


@pytest.fixture
def example(argument_map, owner):
    return build_worked_example(argument_map, actor=owner)


@pytest.mark.parametrize("format", sorted(EXPORT_FORMATS))
def test_every_format_downloads_with_its_content_type(api, argument_map, example, format):
    response = api.get(f"/api/v1/maps/{argument_map.pk}/export/?format={format}&semantics=grounded")
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == EXPORT_FORMATS[format][0]
    assert response["Content-Disposition"].startswith("attachment; filename=")
    assert example.C.text.encode() in response.content or format in ("jsonld", "brat", "jsonl")


def test_export_defaults_to_aif_and_refuses_unknown_formats(api, argument_map, example):
    body = json.loads(api.get(f"/api/v1/maps/{argument_map.pk}/export/").content)
    assert {n["type"] for n in body["nodes"]} == {"I", "RA", "CA"}
    response = api.get(f"/api/v1/maps/{argument_map.pk}/export/?format=pdf")
    assert response.status_code == 400
    assert "Unknown export format" in problem(response)["detail"]


@pytest.mark.parametrize("who", ["anonymous", "outsider"])
def test_export_of_a_private_map_is_not_found_for_non_members(as_user, argument_map, example, who):
    response = as_user(who).get(f"/api/v1/maps/{argument_map.pk}/export/?format=svg")
    assert response.status_code == 404
    problem(response)


def test_export_runs_a_fixed_number_of_queries(api, argument_map, example):
    with CaptureQueriesContext(connection) as queries:
        assert api.get(f"/api/v1/maps/{argument_map.pk}/export/?format=svg&semantics=support").status_code == 200
    assert len(queries) <= 17


def test_brat_and_jsonl_exports_over_rest_in_a_fixed_number_of_queries(api, argument_map, example, document):
    import io
    import zipfile

    from argmap import services

    services.create_anchor(actor=None, statement=example.C, document=document, exact=document.text[:7], start=0, end=7)
    with CaptureQueriesContext(connection) as queries:
        response = api.get(f"/api/v1/maps/{argument_map.pk}/export/?format=brat")
    assert response.status_code == 200 and len(queries) <= 17
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        ann = next(archive.read(n).decode() for n in archive.namelist() if n.endswith(".ann"))
    assert ann.startswith(f"T1\t{example.C.kind.capitalize()} 0 7\t{document.text[:7]}\n")
    lines = api.get(f"/api/v1/maps/{argument_map.pk}/export/?format=jsonl").content.decode().splitlines()
    span = next(json.loads(line) for line in lines if '"type": "span"' in line)
    assert span["fragments"][0]["byte_end"] == len(document.text[:7].encode())


def test_overview_picture_and_unknown_view(api, argument_map, example):
    full = api.get(f"/api/v1/maps/{argument_map.pk}/export/?format=dot").content.decode()
    response = api.get(f"/api/v1/maps/{argument_map.pk}/export/?format=dot&view=overview")
    assert response.status_code == 200
    assert "— overview" in response.content.decode() and len(response.content) < len(full.encode())
    refused = api.get(f"/api/v1/maps/{argument_map.pk}/export/?format=svg&view=poster")
    assert refused.status_code == 400 and problem(refused)["errors"].keys() == {"view"}


def test_import_aif_as_the_request_body(api, workspace):
    response = api.post(
        f"/api/v1/maps/import/?workspace={workspace.pk}&name=Imported",
        data=json.dumps(AIF),
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    imported = ArgumentMap.objects.get(pk=body["id"])
    assert imported.name == "Imported" and imported.workspace == workspace
    assert body["counts"]["statements"] == 2
    assert response["Location"].endswith(f"/api/v1/maps/{imported.pk}/")
    assert api.get(f"/api/v1/maps/{imported.pk}/").status_code == 200


def test_import_argdown_as_a_multipart_upload(api, workspace, argument_map, example):
    argdown = api.get(f"/api/v1/maps/{argument_map.pk}/export/?format=argdown").content
    upload = SimpleUploadedFile("map.argdown", argdown, content_type="text/plain")
    response = api.post(
        "/api/v1/maps/import/", data={"file": upload, "workspace": str(workspace.pk)}, format="multipart"
    )
    assert response.status_code == 201, response.content
    assert Statement.objects.filter(map_id=response.json()["id"]).count() == 7


def test_refused_file_points_at_the_element_and_writes_nothing(api, workspace):
    bad = {"nodes": AIF["nodes"], "edges": [*AIF["edges"], {"edgeID": "c", "fromID": "1", "toID": "2"}]}
    before = ArgumentMap.objects.count()
    response = api.post(
        f"/api/v1/maps/import/?workspace={workspace.pk}", data=json.dumps(bad), content_type="application/json"
    )
    assert response.status_code == 400
    body = problem(response)
    assert body["detail"].startswith("edges[2] (c): AIF forbids an edge from one I-node straight to another")
    assert ArgumentMap.objects.count() == before


@pytest.mark.parametrize(
    ("who", "status"), [("anonymous", 401), ("outsider", 404), ("viewer", 403), ("annotator", 403), ("editor", 201)]
)
def test_import_needs_a_role_that_manages_maps(as_user, workspace, who, status):
    response = as_user(who).post(
        f"/api/v1/maps/import/?workspace={workspace.pk}", data=json.dumps(AIF), content_type="application/json"
    )
    assert response.status_code == status
    if status != 201:
        problem(response)


def test_import_without_workspace_or_body_is_400(api, workspace):
    assert api.post("/api/v1/maps/import/", data=json.dumps(AIF), content_type="application/json").status_code == 400
    response = api.post(f"/api/v1/maps/import/?workspace={workspace.pk}", data="", content_type="application/json")
    assert response.status_code == 400
    assert (
        api.post("/api/v1/maps/import/?workspace=nope", data="{}", content_type="application/json").status_code == 404
    )


def test_deeply_nested_body_is_refused(api, workspace):
    response = api.post(
        f"/api/v1/maps/import/?workspace={workspace.pk}", data="[" * 100000, content_type="application/json"
    )
    assert response.status_code == 400
    assert "nested deeper" in problem(response)["detail"]


def test_multipart_without_boundary_or_file_is_400(api, workspace):
    response = api.post(f"/api/v1/maps/import/?workspace={workspace.pk}", data=b"x", content_type="multipart/form-data")
    assert response.status_code == 400
    problem(response)
    upload = SimpleUploadedFile("a.txt", b"", content_type="text/plain")
    response = api.post(
        "/api/v1/maps/import/", data={"workspace": str(workspace.pk), "other": upload}, format="multipart"
    )
    assert response.status_code == 400
    assert "'file'" in problem(response)["detail"]


def test_a_browser_session_imports_json_with_its_csrf_token(owner, workspace):
    """The annotation screen's session (not a token) may post the AIF JSON body; CSRF is still enforced."""
    from django.test import Client

    browser = Client(enforce_csrf_checks=True)
    browser.force_login(owner)
    browser.cookies["csrftoken"] = "k" * 32
    url = f"/api/v1/maps/import/?workspace={workspace.pk}&name=Session"
    forged = browser.post(url, data=json.dumps(AIF), content_type="application/json")
    assert forged.status_code == 403 and not ArgumentMap.objects.filter(name="Session").exists()
    response = browser.post(url, data=json.dumps(AIF), content_type="application/json", HTTP_X_CSRFTOKEN="k" * 32)
    assert response.status_code == 201, response.content
    assert ArgumentMap.objects.get(pk=response.json()["id"]).statements.count() == 2
