from argmap.models import Anchor, Document
from tests.api.rest.conftest import etag, problem


def test_create_list_detail(api, workspace):
    text = "第一文。\r\n核弾頭の数は増えた。"
    created = api.post(
        "/api/v1/documents/",
        {"workspace": str(workspace.pk), "title": "報告", "text": text, "language": "ja"},
        format="json",
    )
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["text"] == "第一文。\n核弾頭の数は増えた。" and body["text_length"] == len(body["text"])
    listed = api.get("/api/v1/documents/", {"workspace": str(workspace.pk), "language": "ja"}).json()["results"]
    assert [row["id"] for row in listed] == [body["id"]] and "text" not in listed[0]


def test_metadata_patch_and_text_revision_re_anchor(api, debate):
    document = Document.objects.get(pk=debate["anchor"].document_id)
    url = f"/api/v1/documents/{document.pk}/"
    assert problem(api.patch(url, {"text": "x"}, format="json", HTTP_IF_MATCH='"1"'))["status"] == 400
    patched = api.patch(url, {"title_en": "Report"}, format="json", HTTP_IF_MATCH='"1"')
    assert patched.status_code == 200 and patched.json()["title_en"] == "Report"
    revised = api.put(
        f"{url}text/", {"text": "序文を加えた。" + document.text}, format="json", HTTP_IF_MATCH=etag(patched)
    )
    assert revised.status_code == 200, revised.content
    assert revised.json()["anchors"] == {"anchored": 1, "orphaned": 0, "ambiguous": 0}
    anchor = Anchor.objects.get(pk=debate["anchor"].pk)
    assert Document.objects.get(pk=document.pk).text[anchor.start : anchor.end] == "核弾頭"
    assert problem(api.put(f"{url}text/", {"text": "gone"}, format="json"))["status"] == 428


def test_viewers_and_annotators_do_not_change_documents(as_user, document, workspace):
    url = f"/api/v1/documents/{document.pk}/"
    for who in ("viewer", "annotator", "reviewer"):
        assert as_user(who).patch(url, {"title": "x"}, format="json", HTTP_IF_MATCH='"1"').status_code == 403
        assert (
            as_user(who)
            .post("/api/v1/documents/", {"workspace": str(workspace.pk), "title": "t", "text": "x"}, format="json")
            .status_code
            == 403
        )
    assert as_user("editor").patch(url, {"title": "x"}, format="json", HTTP_IF_MATCH='"1"').status_code == 200
