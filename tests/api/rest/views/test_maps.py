import json
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from argmap import services
from argmap.models import ArgumentMap, Edge, SchemeApplication, Statement
from argmap.selectors.graph_document import map_graph_document
from tests.api.rest.conftest import WHO, client_for, etag, problem
from tests.argmap.selectors.builders import build_chain_map
from tests.factories import make_document, make_map, make_statement, make_workspace

URL = "/api/v1/maps/"
DATASET = Path(__file__).resolve().parents[4] / "fixtures" / "jiia-fy2024-1"


def test_create_update_attach_delete(api, workspace, document):
    created = api.post(
        URL, {"workspace": str(workspace.pk), "name": "Deterrence", "documents": [str(document.pk)]}, format="json"
    )
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["visibility"] == "private" and body["documents"] == [str(document.pk)]
    url = f"{URL}{body['id']}/"
    published = api.patch(url, {"visibility": "public"}, format="json", HTTP_IF_MATCH=etag(created))
    assert published.status_code == 200 and published.json()["visibility"] == "public"
    other = make_document(workspace, title="Second", text="二つ目の文書。")
    attached = api.post(f"{url}documents/", {"document": str(other.pk)}, format="json", HTTP_IF_MATCH=etag(published))
    assert attached.status_code == 200 and set(attached.json()["documents"]) == {str(document.pk), str(other.pk)}
    deleted = api.delete(url, HTTP_IF_MATCH=etag(attached))
    assert deleted.status_code == 200 and deleted.json()["deleted"]["maps"] == 1
    assert not ArgumentMap.objects.filter(pk=body["id"]).exists()


def test_a_map_cannot_use_another_workspaces_document(api, workspace, team):
    foreign = make_workspace(owner=team["outsider"], slug="foreign")
    foreign_doc = make_document(foreign, text="外の文書。")
    body = problem(
        api.post(URL, {"workspace": str(workspace.pk), "name": "x", "documents": [str(foreign_doc.pk)]}, format="json")
    )
    assert body["status"] == 404 and "documents" in body["errors"]
    assert not ArgumentMap.objects.filter(name="x").exists()


@pytest.mark.parametrize("who", WHO)
def test_role_matrix_on_maps(team, workspace, argument_map, public_map, who):
    client = client_for(team[who])
    may_manage = who in ("editor", "owner")
    denied = {"anonymous": 404, "outsider": 404}.get(who, 403)
    created = client.post(URL, {"workspace": str(workspace.pk), "name": "new map"}, format="json")
    # The workspace shows a public map, so non-members see it exists but may not add to it.
    assert created.status_code == (201 if may_manage else {"anonymous": 401}.get(who, 403))
    listed = {row["id"] for row in client.get(URL).json()["results"]}
    assert str(public_map.pk) in listed
    assert (str(argument_map.pk) in listed) == (who not in ("anonymous", "outsider"))
    assert client.get(f"{URL}{argument_map.pk}/").status_code == (200 if denied == 403 else 404)
    renamed = client.patch(f"{URL}{argument_map.pk}/", {"name": "renamed"}, format="json", HTTP_IF_MATCH='"1"')
    assert renamed.status_code == (200 if may_manage else denied)
    public_write = client.patch(f"{URL}{public_map.pk}/", {"name": "renamed"}, format="json", HTTP_IF_MATCH='"1"')
    assert public_write.status_code == (200 if may_manage else {"anonymous": 401, "outsider": 403}.get(who, 403))
    version = ArgumentMap.objects.get(pk=argument_map.pk).version
    deleted = client.delete(f"{URL}{argument_map.pk}/", HTTP_IF_MATCH=f'"{version}"')
    assert deleted.status_code == (200 if may_manage else denied)
    assert ArgumentMap.objects.filter(pk=argument_map.pk).exists() != may_manage


# Who may use the convenience writes on a private map: creators (owner, editor, annotator).
CONVENIENCE = {
    "anonymous": 404,
    "outsider": 404,
    "viewer": 403,
    "annotator": 201,
    "reviewer": 403,
    "editor": 201,
    "owner": 201,
}


@pytest.mark.parametrize("who", WHO)
def test_role_matrix_on_arguments_and_attacks(team, argument_map, who):
    client = client_for(team[who])
    p, c, r = (make_statement(argument_map, text=t, actor=team["owner"]) for t in ("p", "c", "r"))
    argument = client.post(
        f"{URL}{argument_map.pk}/arguments/",
        {"premises": [str(p.pk)], "conclusion": str(c.pk), "scheme": "expert_opinion"},
        format="json",
    )
    assert argument.status_code == CONVENIENCE[who], argument.content
    attack = client.post(
        f"{URL}{argument_map.pk}/attacks/", {"attacker": str(r.pk), "target": str(c.pk)}, format="json"
    )
    assert attack.status_code == CONVENIENCE[who]
    expected_nodes = 2 if CONVENIENCE[who] == 201 else 0
    assert SchemeApplication.objects.filter(map=argument_map).count() == expected_nodes
    assert Edge.objects.filter(map=argument_map).count() == 2 * expected_nodes


def test_argument_and_attack_bodies(api, argument_map, debate):
    p3 = make_statement(argument_map, text="p3")
    created = api.post(
        f"{URL}{argument_map.pk}/arguments/",
        {"premises": [str(p3.pk)], "conclusion": str(debate["c"].pk), "scheme": "expert_opinion", "note": "n"},
        format="json",
    )
    assert created.status_code == 201
    body = created.json()
    assert body["scheme_application"]["type"] == "inference"
    assert body["scheme_application"]["scheme"] == "expert_opinion"
    assert {(e["role"], e["statement"]) for e in body["edges"]} == {
        ("antecedent", str(p3.pk)),
        ("consequent", str(debate["c"].pk)),
    }
    undercut = api.post(
        f"{URL}{argument_map.pk}/attacks/",
        {"attacker": str(p3.pk), "target": str(debate["inference"].pk)},
        format="json",
    ).json()
    assert undercut["scheme_application"]["conflict_kind"] == "undercut"
    assert undercut["edges"][-1]["other_application"] == str(debate["inference"].pk)
    undermine = api.post(
        f"{URL}{argument_map.pk}/attacks/",
        {"attacker": str(debate["r"].pk), "target": str(debate["p2"].pk)},
        format="json",
    ).json()
    assert undermine["scheme_application"]["conflict_kind"] == "undermine"


def test_convenience_writes_refuse_broken_arguments_and_write_nothing(api, workspace, argument_map, debate):
    before = (SchemeApplication.objects.count(), Edge.objects.count())
    url = f"{URL}{argument_map.pk}/arguments/"
    circular = problem(
        api.post(url, {"premises": [str(debate["c"].pk)], "conclusion": str(debate["c"].pk)}, format="json")
    )
    assert circular["status"] == 409 and circular["rule"] == "no_circular_step"
    assert problem(api.post(url, {"premises": [], "conclusion": str(debate["c"].pk)}, format="json"))["status"] == 400
    unknown_scheme = problem(
        api.post(
            url,
            {"premises": [str(debate["p1"].pk)], "conclusion": str(debate["c"].pk), "scheme": "astrology"},
            format="json",
        )
    )
    assert "scheme" in unknown_scheme["errors"]
    other_map = make_map(workspace, name="other")
    elsewhere = make_statement(other_map, text="elsewhere")
    crossing = problem(
        api.post(url, {"premises": [str(elsewhere.pk)], "conclusion": str(debate["c"].pk)}, format="json")
    )
    assert crossing["status"] == 404 and "premises" in crossing["errors"]
    assert (SchemeApplication.objects.count(), Edge.objects.count()) == before
    self_attack = api.post(
        f"{URL}{argument_map.pk}/attacks/",
        {"attacker": str(debate["r"].pk), "target": str(debate["r"].pk)},
        format="json",
    )
    assert self_attack.status_code == 201  # a self-attacking statement, as AIF files have them


def test_graph_returns_the_whole_map(api, argument_map, debate):
    response = api.get(f"{URL}{argument_map.pk}/graph/")
    assert response.status_code == 200
    graph = response.json()
    assert graph["map"]["id"] == str(argument_map.pk)
    assert len(graph["statements"]) == 4 and len(graph["scheme_applications"]) == 2 and len(graph["edges"]) == 5
    assert {a["conflict_kind"] for a in graph["scheme_applications"]} == {None, "rebut"}
    assert graph["anchors"][0]["exact"] == "核弾頭" and graph["anchors"][0]["statement"] == str(debate["p1"].pk)
    assert graph["evidence_links"][0]["source"] == str(debate["source"].pk)
    assert [s["title"] for s in graph["sources"]] == ["38 North"]
    assert "text" not in graph["documents"][0]


def test_graph_etag_answers_304_until_something_changes(api, owner, argument_map, debate):
    url = f"{URL}{argument_map.pk}/graph/"
    first = api.get(url)
    with CaptureQueriesContext(connection) as queries:
        cached = api.get(url, HTTP_IF_NONE_MATCH=etag(first))
    # the map with its fingerprint (this client's user kept its memberships from the first request)
    assert cached.status_code == 304 and len(queries) == 1, [q["sql"] for q in queries]
    services.update_statement(actor=owner, statement=debate["p2"], expected_version=1, gloss="changed")
    changed = api.get(url, HTTP_IF_NONE_MATCH=etag(first))
    assert changed.status_code == 200 and etag(changed) != etag(first)


def test_graph_query_count_is_the_same_at_10_and_1000_statements(owner, workspace, document):
    counts = {}
    for size in (10, 1000):
        argument_map = make_map(workspace, documents=[document], name=f"size {size}")
        written = build_chain_map(argument_map, document, statements=size)
        api = client_for(type(owner).objects.get(pk=owner.pk))
        with CaptureQueriesContext(connection) as queries:
            response = api.get(f"{URL}{argument_map.pk}/graph/")
        assert response.status_code == 200
        graph = response.json()
        assert {key: len(graph[key]) for key in written} == written
        counts[size] = len(queries)
    # memberships, the map with its header and fingerprint (ETag), the whole body
    assert counts[10] == counts[1000] == 3, counts


@pytest.mark.skipif(not (DATASET / "dataset.built.json").exists(), reason="the report's dataset is not built")
def test_graph_of_the_report_holds_every_row_of_the_dataset(api):
    call_command("load_dataset", str(DATASET), verbosity=0)
    built = json.loads((DATASET / "dataset.built.json").read_text(encoding="utf-8"))
    response = client_for(None).get(f"{URL}{built['map']['id']}/graph/")
    assert response.status_code == 200, "the report's map is public: anyone may read its graph"
    graph = response.json()
    for graph_key, dataset_key in [
        ("statements", "statements"),
        ("scheme_applications", "applications"),
        ("edges", "edges"),
        ("anchors", "anchors"),
        ("evidence_links", "evidence_links"),
    ]:
        assert {row["id"] for row in graph[graph_key]} == {row["id"] for row in built[dataset_key]}, graph_key
    assert {row["id"] for row in graph["sources"]} <= {row["id"] for row in built["sources"]}
    anchors = {row["id"]: row for row in graph["anchors"]}
    document_text = (DATASET / "document.txt").read_text(encoding="utf-8")
    for anchor in built["anchors"]:
        served = anchors[anchor["id"]]
        assert served["exact"] == anchor["exact"]
        assert Statement.objects.filter(pk=served["statement"]).exists()
        assert served["start"] < served["end"] <= len(document_text) + 10


def test_graph_hides_what_blind_annotation_hides(team, owner, argument_map):
    from argmap.services.annotation import start_independent_annotation

    theirs = make_statement(argument_map, text="the editor's draft", actor=team["editor"])
    client = client_for(team["annotator"])
    url = f"{URL}{argument_map.pk}/graph/"
    before = client.get(url)
    assert str(theirs.pk) in {row["id"] for row in before.json()["statements"]}
    start_independent_annotation(actor=owner, argument_map=argument_map)
    client = client_for(type(owner).objects.get(pk=team["annotator"].pk))
    blind = client.get(url, HTTP_IF_NONE_MATCH=etag(before))
    assert blind.status_code == 200, "what an annotator may see changed, so the cached graph is stale"
    assert str(theirs.pk) not in {row["id"] for row in blind.json()["statements"]}
    neighbourhood = client.get(f"/api/v1/statements/{theirs.pk}/neighbourhood/")
    assert neighbourhood.status_code == 404


def test_graph_body_is_the_selectors_document_for_every_reader(owner, workspace, argument_map, debate):
    """The header written with the map's fingerprint is the one the body writes from the map itself."""
    other = make_document(workspace, title="A first title", text="二つ目。")
    services.attach_document(actor=owner, argument_map=argument_map, document=other, expected_version=1)
    readers = {"owner": type(owner).objects.get(pk=owner.pk), "anonymous": None}
    for name, user in readers.items():
        if name == "anonymous":
            ArgumentMap.objects.filter(pk=argument_map.pk).update(visibility="public")
        argument_map.refresh_from_db()
        response = client_for(user).get(f"{URL}{argument_map.pk}/graph/")
        assert response.status_code == 200, name
        assert response.content == map_graph_document(argument_map=argument_map, user=user), name
        assert response.json()["map"]["documents"] == [str(other.pk), str(argument_map.documents.get(title="Doc").pk)]


@pytest.mark.parametrize("map_id", ["not-a-uuid", "00000000-0000-0000-0000-000000000000"])
def test_graph_of_no_map_is_404(api, map_id):
    assert problem(api.get(f"{URL}{map_id}/graph/"))["status"] == 404
