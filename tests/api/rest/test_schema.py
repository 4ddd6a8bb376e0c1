"""OpenAPI 3 at /api/v1/schema/, Swagger UI at /api/v1/docs/ from local static files only."""

import pytest
import yaml

PATHS = [
    "/api/v1/workspaces/",
    "/api/v1/workspaces/{workspace_pk}/members/{id}/",
    "/api/v1/documents/{id}/text/",
    "/api/v1/maps/{id}/graph/",
    "/api/v1/maps/{id}/arguments/",
    "/api/v1/maps/{id}/attacks/",
    "/api/v1/statements/{id}/",
    "/api/v1/statements/{id}/neighbourhood/",
    "/api/v1/scheme-applications/",
    "/api/v1/edges/{id}/",
    "/api/v1/anchors/",
    "/api/v1/sources/",
    "/api/v1/evidence-links/",
    "/api/v1/schemes/{key}/",
    "/api/v1/tags/",
    "/api/v1/search/",
    "/api/v1/reviews/",
    "/api/v1/maps/{id}/annotation/",
    "/api/v1/maps/{id}/passages/",
    "/api/v1/statements/{id}/discussion/",
    "/api/v1/statements/{id}/history/",
    "/api/v1/scheme-applications/{id}/discussion/",
    "/api/v1/scheme-applications/{id}/history/",
    "/api/v1/scheme-applications/{id}/critical-questions/",
    "/api/v1/comments/",
    "/api/v1/comments/{id}/",
    "/api/v1/assessments/",
    "/api/v1/assessments/{id}/",
    "/api/v1/changes/{batch}/revert/",
]


@pytest.fixture
def schema(client, db):
    response = client.get("/api/v1/schema/")
    assert response.status_code == 200
    return yaml.safe_load(response.content)


def test_every_endpoint_and_its_errors_are_documented(schema):
    assert schema["openapi"].startswith("3.")
    assert set(PATHS) <= set(schema["paths"])
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            if method == "parameters":
                continue
            responses = operation["responses"]
            assert "400" in responses, (method, path)
            if method in ("patch", "put", "delete") and not path.endswith("/presence/"):  # presence: no version
                assert {"404", "412", "428"} <= set(responses), (method, path)
                assert any(p["name"] == "If-Match" and p["in"] == "header" for p in operation["parameters"])
            if method != "get":
                assert {"401", "403", "409"} <= set(responses), (method, path)
            for code, response in responses.items():
                if code >= "400":
                    assert "application/problem+json" in response["content"], (method, path, code)
    assert "Problem" in schema["components"]["schemas"]


def test_list_filters_and_etag_are_documented(schema):
    parameters = {p["name"] for p in schema["paths"]["/api/v1/statements/"]["get"]["parameters"]}
    assert {"map", "kind", "status", "tag", "author", "updated_since", "cursor", "page_size"} <= parameters
    retrieve = schema["paths"]["/api/v1/statements/{id}/"]["get"]["responses"]["200"]
    assert "ETag" in retrieve["headers"]


def test_swagger_ui_page_uses_local_assets(client, db):
    page = client.get("/api/v1/docs/").content.decode()
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/" in page
    assert "cdn" not in page.lower() and "unpkg" not in page


def test_swagger_ui_renders_offline_in_a_browser(live_server, browser_page):
    page = browser_page
    page.goto(f"{live_server.url}/api/v1/docs/")
    page.wait_for_selector(".opblock", timeout=30_000)
    operations = page.locator(".opblock-summary-path").all_inner_texts()
    assert any("/api/v1/maps/{id}/graph/" in text.replace("\u200b", "") for text in operations)
    assert page.locator(".opblock").count() >= 50
    assert page.external_requests == []
