"""Every route of /api/v1/ keeps private objects private: a non-member gets 404, never 403, never the object."""

import pytest

from argmap.models import Change, CriticalQuestion, Membership
from argmap.services.annotation import add_comment, assess
from tests.api.rest.conftest import client_for, problem

UUID_IN_NO_MAP = "00000000-0000-4000-8000-000000000000"


@pytest.fixture
def private(debate, owner, team, workspace):
    """Ids of one private object of every kind, in a workspace the outsider is not a member of."""
    membership = Membership.objects.get(workspace=workspace, user=team["viewer"])
    return {
        "workspace": workspace.pk,
        "membership": membership.pk,
        "document": debate["anchor"].document_id,
        "map": debate["map"].pk,
        "statement": debate["p1"].pk,
        "application": debate["inference"].pk,
        "edge": debate["inference"].edges.first().pk,
        "anchor": debate["anchor"].pk,
        "source": debate["source"].pk,
        "link": debate["link"].pk,
        "tag": debate["tag"].pk,
        "question": CriticalQuestion.objects.first().pk,
        "comment": add_comment(actor=owner, node=debate["c"], body="private remark").pk,
        "assessment": assess(actor=owner, node=debate["c"], agreement="agree").pk,
        "batch": Change.objects.get(entity="statement", entity_id=str(debate["p1"].pk)).batch,
    }


def routes(ids):
    """(method, path, body) for every detail, nested and search route, aimed at private objects."""
    m, s = ids["map"], ids["statement"]
    detail = {
        "workspaces": ids["workspace"],
        "documents": ids["document"],
        "maps": m,
        "statements": s,
        "scheme-applications": ids["application"],
        "edges": ids["edge"],
        "anchors": ids["anchor"],
        "sources": ids["source"],
        "evidence-links": ids["link"],
        "tags": ids["tag"],
        "comments": ids["comment"],
        "assessments": ids["assessment"],
    }
    not_offered = {
        ("workspaces", "delete"),
        ("documents", "delete"),
        ("edges", "patch"),
        ("comments", "patch"),
        ("comments", "delete"),
        ("assessments", "patch"),
        ("assessments", "delete"),
    }
    for resource, pk in detail.items():
        for method, body in (("get", None), ("patch", {}), ("delete", None)):
            if (resource, method) not in not_offered:
                yield method, f"/api/v1/{resource}/{pk}/", body
    members = f"/api/v1/workspaces/{ids['workspace']}/members/"
    yield "get", members, None
    yield "post", members, {"user": "outsider", "role": "owner"}
    yield "get", f"{members}{ids['membership']}/", None
    yield "patch", f"{members}{ids['membership']}/", {"role": "owner"}
    yield "delete", f"{members}{ids['membership']}/", None
    yield "get", f"/api/v1/maps/{m}/graph/", None
    yield "post", f"/api/v1/maps/{m}/arguments/", {"premises": [str(s)], "conclusion": str(s)}
    yield "post", f"/api/v1/maps/{m}/attacks/", {"attacker": str(s), "target": str(s)}
    yield "post", f"/api/v1/maps/{m}/documents/", {"document": str(ids["document"])}
    yield "get", f"/api/v1/statements/{s}/neighbourhood/", None
    yield "put", f"/api/v1/documents/{ids['document']}/text/", {"text": "replaced"}
    yield "get", f"/api/v1/search/?q=text&map={m}", None
    yield "post", "/api/v1/reviews/", {"status": "accepted", "nodes": [{"id": str(s), "version": 1}]}
    yield "post", "/api/v1/statements/", {"map": str(m), "kind": "claim", "text": "x"}
    yield "post", "/api/v1/scheme-applications/", {"map": str(m), "type": "inference"}
    yield "post", "/api/v1/edges/", {"application": str(ids["application"]), "role": "antecedent", "statement": str(s)}
    yield "post", "/api/v1/anchors/", {"statement": str(s), "document": str(ids["document"]), "exact": "核弾頭"}
    yield "post", "/api/v1/evidence-links/", {"statement": str(s), "source": str(ids["source"])}
    yield "post", "/api/v1/maps/", {"workspace": str(ids["workspace"]), "name": "x"}
    yield "post", "/api/v1/documents/", {"workspace": str(ids["workspace"]), "title": "x", "text": "x"}
    yield "post", "/api/v1/sources/", {"workspace": str(ids["workspace"]), "title": "x"}
    yield "post", "/api/v1/tags/", {"workspace": str(ids["workspace"]), "slug": "x"}
    # what the annotation screen uses
    document = ids["document"]
    yield "get", f"/api/v1/maps/{m}/annotation/?document={document}", None
    passage = {"document": str(document), "kind": "claim", "exact": "核弾頭", "start": 4, "end": 7}
    yield "post", f"/api/v1/maps/{m}/passages/", passage
    for nodes, pk in (("statements", s), ("scheme-applications", ids["application"])):
        yield "get", f"/api/v1/{nodes}/{pk}/discussion/", None
        yield "get", f"/api/v1/{nodes}/{pk}/history/", None
    questions = f"/api/v1/scheme-applications/{ids['application']}/critical-questions/"
    yield "get", questions, None
    yield "post", questions, {"question": str(ids["question"]), "answered": True}
    yield "post", "/api/v1/comments/", {"statement": str(s), "body": "x"}
    yield "post", "/api/v1/assessments/", {"statement": str(s), "agreement": "agree"}
    yield "post", f"/api/v1/changes/{ids['batch']}/revert/", None
    new_source = {"statement": str(s), "new_source": {"title": "x"}}
    yield "post", "/api/v1/evidence-links/", new_source


@pytest.mark.parametrize("who", ["anonymous", "outsider"])
def test_every_route_answers_404_for_private_objects(team, private, who):
    client = client_for(team[who])
    checked = 0
    for method, path, body in routes(private):
        response = getattr(client, method)(path, body, format="json", HTTP_IF_MATCH='"1"')
        assert response.status_code == 404, (method, path, response.status_code, response.content)
        text = response.content.decode()
        assert "p1 text" not in text and "38 North" not in text
        problem(response)
        checked += 1
    assert checked == len(list(routes(private))) > 45


@pytest.mark.parametrize("who", ["anonymous", "outsider"])
def test_lists_and_search_leave_private_objects_out(team, private, who):
    client = client_for(team[who])
    for resource in (
        "maps",
        "statements",
        "scheme-applications",
        "edges",
        "anchors",
        "sources",
        "evidence-links",
        "tags",
        "documents",
        "comments",
        "assessments",
    ):
        response = client.get(f"/api/v1/{resource}/")
        assert response.status_code == 200 and response.json()["results"] == [], resource
    assert client.get(f"/api/v1/statements/?map={private['map']}").json()["results"] == []
    assert client.get("/api/v1/search/?q=text").json()["results"] == []
    assert client.get("/api/v1/search/?q=核弾頭").json()["results"] == []
    assert client.get("/api/v1/search/?q=38 North").json()["results"] == []


def test_members_see_the_same_routes(api, private):
    for method, path, _ in routes(private):
        if method == "get":
            assert api.get(path).status_code == 200, path


def test_operations_not_offered_are_405_whatever_the_object(team, private):
    for who in ("outsider", "owner"):
        client = client_for(team[who])
        response = client.delete(f"/api/v1/workspaces/{private['workspace']}/", HTTP_IF_MATCH='"1"')
        assert problem(response)["status"] == 405


def test_unknown_paths_are_problem_404s(api):
    response = api.get("/api/v1/nothing-here/")
    assert problem(response)["status"] == 404
    assert api.get(f"/api/v1/statements/{UUID_IN_NO_MAP}/").status_code == 404
    assert api.get("/api/v1/statements/not-a-uuid/").status_code == 404
