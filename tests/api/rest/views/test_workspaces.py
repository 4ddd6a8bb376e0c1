import pytest

from argmap.models import Membership, Workspace
from tests.api.rest.conftest import WHO, client_for, etag, problem
from tests.factories import UserFactory


def test_any_signed_in_user_creates_a_workspace_and_owns_it(team):
    client = client_for(team["outsider"])
    created = client.post("/api/v1/workspaces/", {"slug": "new-team", "name": "New team"}, format="json")
    assert created.status_code == 201 and created.json()["my_role"] == "owner"
    duplicate = problem(client.post("/api/v1/workspaces/", {"slug": "new-team", "name": "Again"}, format="json"))
    assert duplicate["status"] == 409 and duplicate["rule"] == "unique"


def test_a_taken_slug_gets_one_answer_whoever_holds_it(team, workspace):
    """A private workspace's slug is refused exactly like one's own: no driver text, nothing to tell them apart."""
    client = client_for(team["outsider"])
    answers = []
    for slug in ("outsiders", workspace.slug):  # the outsider's own workspace; a private one they cannot see
        body = problem(client.post("/api/v1/workspaces/", {"slug": slug, "name": "Again"}, format="json"))
        answers.append({k: body.get(k) for k in ("status", "detail", "rule", "errors")})
    assert answers[0] == answers[1]
    assert answers[0]["status"] == 409 and answers[0]["detail"] == "This slug is taken."
    assert Workspace.objects.filter(name="Again").count() == 0


def test_renaming_onto_a_taken_slug_gets_the_same_answer(team, workspace):
    client = client_for(team["outsider"])
    mine = Workspace.objects.get(slug="outsiders")
    response = client.patch(
        f"/api/v1/workspaces/{mine.pk}/", {"slug": workspace.slug}, format="json", HTTP_IF_MATCH=f'"{mine.version}"'
    )
    body = problem(response)
    assert body["status"] == 409 and body["detail"] == "This slug is taken.", body


@pytest.mark.parametrize("who", WHO)
def test_only_the_owner_manages_members(team, workspace, who):
    client = client_for(team[who])
    members = f"/api/v1/workspaces/{workspace.pk}/members/"
    newcomer = UserFactory(username="newcomer")
    listed = client.get(members)
    if who in ("anonymous", "outsider"):
        assert listed.status_code == 404
    else:
        assert {row["username"] for row in listed.json()["results"]} == {
            "owner",
            "viewer",
            "annotator",
            "reviewer",
            "editor",
        }
    added = client.post(members, {"user": "newcomer", "role": "annotator"}, format="json")
    expected = {"owner": 201, "anonymous": 404, "outsider": 404}.get(who, 403)
    assert added.status_code == expected
    assert Membership.objects.filter(user=newcomer).exists() == (expected == 201)


def test_membership_lifecycle(api, team, workspace):
    members = f"/api/v1/workspaces/{workspace.pk}/members/"
    newcomer = UserFactory(username="newcomer")
    added = api.post(members, {"user": str(newcomer.pk), "role": "viewer"}, format="json")
    assert added.status_code == 201 and added.json()["username"] == "newcomer"
    url = f"{members}{added.json()['id']}/"
    promoted = api.patch(url, {"role": "editor"}, format="json", HTTP_IF_MATCH=etag(added))
    assert promoted.status_code == 200 and promoted.json()["role"] == "editor"
    assert problem(api.delete(url, HTTP_IF_MATCH=etag(added)))["status"] == 412
    assert api.delete(url, HTTP_IF_MATCH=etag(promoted)).status_code == 200
    assert not Membership.objects.filter(user=newcomer).exists()
    unknown = problem(api.post(members, {"user": "nobody", "role": "viewer"}, format="json"))
    assert unknown["status"] == 400 and "user" in unknown["errors"]
    again = problem(api.post(members, {"user": "viewer", "role": "viewer"}, format="json"))
    assert again["status"] == 409 and again["rule"] == "one_membership_per_user"


def test_the_last_owner_stays(api, owner, workspace):
    membership = Membership.objects.get(workspace=workspace, user=owner)
    url = f"/api/v1/workspaces/{workspace.pk}/members/{membership.pk}/"
    body = problem(api.patch(url, {"role": "viewer"}, format="json", HTTP_IF_MATCH='"1"'))
    assert (body["status"], body["rule"]) == (409, "workspace_keeps_an_owner")
    assert problem(api.delete(url, HTTP_IF_MATCH='"1"'))["rule"] == "workspace_keeps_an_owner"


def test_workspace_update_is_the_owners(as_user, workspace):
    url = f"/api/v1/workspaces/{workspace.pk}/"
    assert as_user("editor").patch(url, {"name": "x"}, format="json", HTTP_IF_MATCH='"1"').status_code == 403
    renamed = as_user("owner").patch(url, {"name": "Renamed"}, format="json", HTTP_IF_MATCH='"1"')
    assert renamed.status_code == 200 and Workspace.objects.get(pk=workspace.pk).name == "Renamed"
