from tests.api.rest.conftest import etag, problem


def test_anchor_by_quote_or_offsets_in_code_points(api, debate, document):
    start = document.text.index("𠮷野家")
    created = api.post(
        "/api/v1/anchors/",
        {
            "statement": str(debate["p2"].pk),
            "document": str(document.pk),
            "exact": "𠮷野家",
            "start": start,
            "end": start + 3,
        },
        format="json",
    )
    assert created.status_code == 201, created.content
    body = created.json()
    assert (body["start"], body["end"]) == (start, start + 3)
    by_quote = api.post(
        "/api/v1/anchors/",
        {"statement": str(debate["c"].pk), "document": str(document.pk), "exact": "Second sentence"},
        format="json",
    ).json()
    assert document.text[by_quote["start"] : by_quote["end"]] == "Second sentence"
    utf16_offsets = problem(
        api.post(
            "/api/v1/anchors/",
            {
                "statement": str(debate["c"].pk),
                "document": str(document.pk),
                "exact": "𠮷野家",
                "start": start,
                "end": start + 4,
            },
            format="json",
        )
    )
    assert utf16_offsets["rule"] == "anchor_matches_text"
    moved = api.patch(f"/api/v1/anchors/{body['id']}/", {"exact": "核弾頭"}, format="json", HTTP_IF_MATCH=etag(created))
    assert moved.status_code == 200 and moved.json()["exact"] == "核弾頭"
    listed = api.get("/api/v1/anchors/", {"statement": str(debate["p2"].pk)}).json()["results"]
    assert [row["id"] for row in listed] == [body["id"]]
    assert api.delete(f"/api/v1/anchors/{body['id']}/", HTTP_IF_MATCH=etag(moved)).json() == {"deleted": {"anchors": 1}}
