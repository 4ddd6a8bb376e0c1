import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from argmap import services
from argmap.models import Anchor, Edge, SchemeApplication, Statement
from tests.api.rest.conftest import WHO, client_for, etag, problem
from tests.factories import make_statement

URL = "/api/v1/statements/"


def test_create_retrieve_update_delete(api, argument_map, debate):
    created = api.post(
        URL,
        {"map": str(argument_map.pk), "kind": "claim", "text": "北朝鮮は核弾頭を増やす", "tags": ["nuclear"]},
        format="json",
    )
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["kind"] == "claim" and body["tags"] == ["nuclear"] and body["status"] == "draft"
    assert etag(created) == '"1"'
    assert created.headers["Location"].endswith(f"/api/v1/statements/{body['id']}/")

    fetched = api.get(f"{URL}{body['id']}/")
    assert fetched.json() == body and etag(fetched) == '"1"'

    patched = api.patch(f"{URL}{body['id']}/", {"gloss": "NK adds warheads"}, format="json", HTTP_IF_MATCH='"1"')
    assert patched.status_code == 200 and patched.json()["gloss"] == "NK adds warheads"
    assert etag(patched) == '"2"'

    deleted = api.delete(f"{URL}{body['id']}/", HTTP_IF_MATCH='"2"')
    assert deleted.status_code == 200
    assert deleted.json()["deleted"]["statements"] == 1
    assert api.get(f"{URL}{body['id']}/").status_code == 404


def test_delete_cascades_and_says_so(api, debate):
    response = api.delete(f"{URL}{debate['c'].pk}/", HTTP_IF_MATCH='"1"')
    assert response.status_code == 200
    assert response.json()["deleted"] == {
        "statements": 1,
        "scheme_applications": 2,
        "edges": 5,
        "anchors": 0,
        "evidence_links": 0,
    }
    assert not SchemeApplication.objects.filter(pk__in=[debate["inference"].pk, debate["rebut"].pk]).exists()
    assert Edge.objects.filter(map=debate["map"]).count() == 0
    p1 = api.delete(f"{URL}{debate['p1'].pk}/", HTTP_IF_MATCH='"1"').json()["deleted"]
    assert p1["anchors"] == 1 and p1["evidence_links"] == 1
    assert not Anchor.objects.filter(pk=debate["anchor"].pk).exists()


def test_filters(api, owner, argument_map, debate, team):
    make_statement(argument_map, text="by the annotator", kind="evidence", actor=team["annotator"])
    services.update_statement(
        actor=owner, statement=debate["c"], expected_version=1, tags=[debate["tag"]], gloss="tagged"
    )

    def texts(**params):
        response = api.get(URL, params)
        assert response.status_code == 200, response.content
        return sorted(row["text"] for row in response.json()["results"])

    assert texts(map=str(argument_map.pk), kind="claim") == ["c text"]
    assert texts(tag="nuclear") == ["c text"]
    assert texts(author="annotator") == ["by the annotator"]
    assert texts(author=str(team["annotator"].pk)) == ["by the annotator"]
    assert texts(document=str(debate["anchor"].document_id)) == ["p1 text"]
    assert texts(status="draft", kind="rebuttal") == ["r text"]
    latest = Statement.objects.get(pk=debate["c"].pk).updated_at
    assert texts(updated_since=latest.isoformat()) == ["c text"]
    for bad in ({"kind": "opinion"}, {"map": "not-a-uuid"}, {"updated_since": "yesterday"}):
        body = problem(api.get(URL, bad))
        assert body["status"] == 400 and set(body["errors"]) == set(bad)


def test_cursor_pagination_is_stable_and_complete(api, argument_map):
    made = [make_statement(argument_map, text=f"s{i}").pk for i in range(12)]
    seen, url = [], f"{URL}?page_size=5&map={argument_map.pk}"
    while url:
        page = api.get(url).json()
        seen += [row["id"] for row in page["results"]]
        url = page["next"]
    assert seen == [str(pk) for pk in made]


@pytest.mark.parametrize("size", [5, 60])
def test_list_query_count_does_not_grow_with_the_page(api, argument_map, debate, size):
    for i in range(size):
        make_statement(argument_map, text=f"s{i}", tags=[debate["tag"]])
    with CaptureQueriesContext(connection) as queries:
        response = api.get(URL, {"page_size": 100})
    assert response.status_code == 200 and len(response.json()["results"]) == size + 4
    assert len(queries) <= 4, [q["sql"] for q in queries]


def test_review_status_changes(as_user, team, argument_map):
    own = make_statement(argument_map, text="mine", actor=team["annotator"])
    annotator, reviewer = as_user("annotator"), as_user("reviewer")
    url = f"{URL}{own.pk}/"
    assert annotator.patch(url, {"status": "proposed"}, format="json", HTTP_IF_MATCH='"1"').status_code == 200
    assert problem(annotator.patch(url, {"status": "accepted"}, format="json", HTTP_IF_MATCH='"2"'))["status"] == 403
    body = problem(reviewer.patch(url, {"status": "rejected"}, format="json", HTTP_IF_MATCH='"2"'))
    assert body["rule"] == "rejection_has_reason" and "reason" in body["errors"]
    rejected = reviewer.patch(
        url, {"status": "rejected", "status_reason": "not in the text"}, format="json", HTTP_IF_MATCH='"2"'
    )
    assert rejected.status_code == 200 and rejected.json()["status_reason"] == "not in the text"
    mixed = problem(reviewer.patch(url, {"status": "accepted", "text": "x"}, format="json", HTTP_IF_MATCH='"3"'))
    assert "status" in mixed["errors"]
    assert problem(reviewer.patch(url, {"text": "edited"}, format="json", HTTP_IF_MATCH='"3"'))["status"] == 403


def test_bulk_review_is_all_or_nothing(as_user, debate):
    reviewer = as_user("reviewer")
    nodes = [{"id": str(debate["p1"].pk), "version": 1}, {"id": str(debate["inference"].pk), "version": 1}]
    ok = reviewer.post("/api/v1/reviews/", {"status": "accepted", "nodes": nodes}, format="json")
    assert ok.status_code == 200, ok.content
    assert {row["status"] for row in ok.json()["reviewed"]} == {"accepted"}
    stale = [{"id": str(debate["p2"].pk), "version": 1}, {"id": str(debate["p1"].pk), "version": 1}]
    body = problem(
        reviewer.post("/api/v1/reviews/", {"status": "rejected", "reason": "no", "nodes": stale}, format="json")
    )
    assert body["status"] == 412
    assert Statement.objects.get(pk=debate["p2"].pk).status == "draft"


def test_neighbourhood(api, debate):
    response = api.get(f"{URL}{debate['p1'].pk}/neighbourhood/", {"depth": 1, "direction": "up"})
    assert response.status_code == 200, response.content
    body = response.json()
    assert {row["text"]: row["depth"] for row in body["statements"]} == {"p1 text": 0, "c text": 1}
    assert [row["type"] for row in body["scheme_applications"]] == ["inference"]
    assert all("statement" in e and "application" in e for e in body["edges"])
    down = api.get(f"{URL}{debate['c'].pk}/neighbourhood/", {"depth": 1, "direction": "down"}).json()
    assert {row["conflict_kind"] for row in down["scheme_applications"]} == {None, "rebut"}
    for params in ({"depth": 11}, {"depth": "two"}, {"direction": "sideways"}):
        assert problem(api.get(f"{URL}{debate['p1'].pk}/neighbourhood/", params))["status"] == 400


# The role × action matrix on statements: who may create, edit others' work, edit their own, delete, review.
MATRIX = {
    #            create  edit-others  delete-others  review
    "anonymous": (404, 404, 404, 404),
    "outsider": (404, 404, 404, 404),
    "viewer": (403, 403, 403, 403),
    "annotator": (201, 403, 403, 403),
    "reviewer": (403, 403, 403, 200),
    "editor": (201, 200, 200, 403),
    "owner": (201, 200, 200, 200),
}


@pytest.mark.parametrize("who", WHO)
def test_role_matrix_on_a_private_map(team, argument_map, who):
    client = client_for(team[who])
    others = make_statement(argument_map, text="someone else's", actor=team["editor"])
    url = f"{URL}{others.pk}/"

    def if_match():
        return f'"{Statement.objects.get(pk=others.pk).version}"'

    create, edit, delete, review = MATRIX[who]
    response = client.post(URL, {"map": str(argument_map.pk), "kind": "premise", "text": "new"}, format="json")
    assert response.status_code == create, response.content
    assert client.patch(url, {"text": "changed"}, format="json", HTTP_IF_MATCH=if_match()).status_code == edit
    assert client.patch(url, {"status": "accepted"}, format="json", HTTP_IF_MATCH=if_match()).status_code == review
    assert client.delete(url, HTTP_IF_MATCH=if_match()).status_code == delete
    if delete != 200:
        after = Statement.objects.get(pk=others.pk)
        assert after.text == ("changed" if edit == 200 else "someone else's")
        assert after.status == ("accepted" if review == 200 else "draft")
    if create != 201:
        assert not Statement.objects.filter(text="new").exists()


@pytest.mark.parametrize("who", WHO)
def test_annotator_edits_own_work_and_reads_public_maps(team, public_map, argument_map, who):
    client = client_for(team[who])
    statement = public_map.statements.get()
    assert client.get(f"{URL}{statement.pk}/").status_code == 200
    assert str(statement.pk) in {row["id"] for row in client.get(URL).json()["results"]}
    if who in ("annotator", "editor", "owner"):
        own = client.post(URL, {"map": str(argument_map.pk), "kind": "premise", "text": "mine"}, format="json").json()
        changed = client.patch(f"{URL}{own['id']}/", {"text": "still mine"}, format="json", HTTP_IF_MATCH='"1"')
        assert changed.status_code == 200
    anonymous_write = client.patch(f"{URL}{statement.pk}/", {"text": "x"}, format="json", HTTP_IF_MATCH='"1"')
    expected = {"anonymous": 401, "outsider": 403}.get(who)
    if expected:
        assert problem(anonymous_write)["status"] == expected
