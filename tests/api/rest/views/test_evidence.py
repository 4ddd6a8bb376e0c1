from argmap.models import EvidenceLink
from tests.api.rest.conftest import etag, problem


def test_sources_and_evidence_links(api, workspace, debate):
    source = api.post(
        "/api/v1/sources/",
        {"workspace": str(workspace.pk), "title": "SIPRI Yearbook 2024", "published": "2024-06", "footnote": 7},
        format="json",
    )
    assert source.status_code == 201, source.content
    bad_date = problem(
        api.post("/api/v1/sources/", {"workspace": str(workspace.pk), "title": "x", "published": "June"}, format="json")
    )
    assert "published" in bad_date["errors"]
    link = api.post(
        "/api/v1/evidence-links/",
        {"statement": str(debate["c"].pk), "source": source.json()["id"], "locator": "p. 12", "quote": "50 warheads"},
        format="json",
    )
    assert link.status_code == 201 and link.json()["footnote"] == 7
    duplicate = problem(
        api.post(
            "/api/v1/evidence-links/",
            {"statement": str(debate["c"].pk), "source": source.json()["id"], "locator": "p. 12"},
            format="json",
        )
    )
    assert duplicate["status"] == 409
    cited = api.get("/api/v1/sources/", {"map": str(debate["map"].pk)}).json()["results"]
    assert {row["title"] for row in cited} == {"38 North", "SIPRI Yearbook 2024"}
    relocated = api.patch(
        f"/api/v1/evidence-links/{link.json()['id']}/", {"locator": "p. 13"}, format="json", HTTP_IF_MATCH=etag(link)
    )
    assert relocated.status_code == 200 and relocated.json()["locator"] == "p. 13"
    deleted = api.delete(f"/api/v1/sources/{source.json()['id']}/", HTTP_IF_MATCH=etag(source))
    assert deleted.json() == {"deleted": {"sources": 1, "evidence_links": 1}}
    assert not EvidenceLink.objects.filter(pk=link.json()["id"]).exists()
