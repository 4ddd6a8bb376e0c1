import pytest

from argmap.models import Edge, SchemeApplication
from tests.api.rest.conftest import client_for, etag, problem
from tests.factories import make_statement


def test_bare_application_then_edges(api, argument_map, debate):
    created = api.post(
        "/api/v1/scheme-applications/",
        {"map": str(argument_map.pk), "type": "inference", "scheme": "analogy"},
        format="json",
    )
    assert created.status_code == 201, created.content
    assert created.json()["scheme"] == "analogy"
    application = created.json()["id"]
    for role, statement in (("antecedent", debate["r"]), ("consequent", debate["p2"])):
        edge = api.post(
            "/api/v1/edges/", {"application": application, "role": role, "statement": str(statement.pk)}, format="json"
        )
        assert edge.status_code == 201, edge.content
    edges = api.get("/api/v1/edges/", {"application": application}).json()["results"]
    assert {e["role"] for e in edges} == {"antecedent", "consequent"}
    last = problem(api.delete(f"/api/v1/edges/{edges[0]['id']}/", HTTP_IF_MATCH='"1"'))
    assert last["status"] == 409 and last["rule"] == "complete_node_keeps_its_edges"
    assert problem(api.patch(f"/api/v1/edges/{edges[0]['id']}/", {}, format="json"))["status"] == 405


def test_statement_to_statement_edges_cannot_exist(api, debate):
    body = problem(
        api.post(
            "/api/v1/edges/",
            {"application": str(debate["inference"].pk), "role": "antecedent", "statement": None},
            format="json",
        )
    )
    assert body["status"] == 400 and body["rule"] == "edge_has_one_far_end"


def test_filters_and_conflict_kinds(api, argument_map, debate):
    conflicts = api.get("/api/v1/scheme-applications/", {"type": "conflict", "map": str(argument_map.pk)})
    assert [row["conflict_kind"] for row in conflicts.json()["results"]] == ["rebut"]
    assert api.get(f"/api/v1/scheme-applications/{debate['rebut'].pk}/").json()["conflict_kind"] == "rebut"
    assert problem(api.get("/api/v1/scheme-applications/", {"type": "argument"}))["status"] == 400
    touching = api.get("/api/v1/edges/", {"statement": str(debate["c"].pk)}).json()["results"]
    assert len(touching) == 2


def test_update_review_and_delete_cascade(api, as_user, debate):
    url = f"/api/v1/scheme-applications/{debate['inference'].pk}/"
    noted = api.patch(url, {"note": "expert says so", "scheme": "expert_opinion"}, format="json", HTTP_IF_MATCH='"1"')
    assert noted.status_code == 200 and noted.json()["scheme"] == "expert_opinion"
    wrong = problem(api.patch(url, {"scheme": "no-such"}, format="json", HTTP_IF_MATCH=etag(noted)))
    assert "scheme" in wrong["errors"]
    accepted = as_user("reviewer").patch(url, {"status": "accepted"}, format="json", HTTP_IF_MATCH=etag(noted))
    assert accepted.status_code == 200 and accepted.json()["status"] == "accepted"
    undercut = api.post(
        f"/api/v1/maps/{debate['map'].pk}/attacks/",
        {"attacker": str(debate["r"].pk), "target": str(debate["inference"].pk)},
        format="json",
    ).json()["scheme_application"]
    deleted = api.delete(url, HTTP_IF_MATCH=etag(accepted))
    assert deleted.status_code == 200
    assert deleted.json()["deleted"]["scheme_applications"] == 2 and deleted.json()["deleted"]["edges"] == 5
    assert not SchemeApplication.objects.filter(pk=undercut["id"]).exists()
    assert not Edge.objects.filter(application_id=debate["inference"].pk).exists()


@pytest.mark.parametrize(("who", "status"), [("viewer", 403), ("annotator", 403), ("editor", 201), ("outsider", 404)])
def test_edges_edit_their_scheme_application(team, debate, who, status):
    extra = make_statement(debate["map"], text="another premise")
    response = client_for(team[who]).post(
        "/api/v1/edges/",
        {"application": str(debate["inference"].pk), "role": "antecedent", "statement": str(extra.pk)},
        format="json",
    )
    assert response.status_code == status
