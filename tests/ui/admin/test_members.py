"""An owner adds a member by naming them; the picker never lists other people's accounts."""

import json

import pytest

from argmap.models import Membership
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _picker(client, term):
    return client.get(
        "/admin/autocomplete/",
        {"app_label": "argmap", "model_name": "membership", "field_name": "user", "term": term},
    )


@pytest.fixture
def staff_owner(owner, workspace):
    owner.is_staff = True
    owner.save()
    UserFactory(username="kwong")
    UserFactory(username="kwong-panda")
    return owner


def test_the_member_picker_finds_exactly_the_named_person_and_lists_nobody_from_a_fragment(client, staff_owner):
    client.force_login(staff_owner)
    for fragment in ("", "k", "kwo", "KWONG"):
        response = _picker(client, fragment)
        assert response.status_code == 200
        assert json.loads(response.content)["results"] == [], fragment
    found = json.loads(_picker(client, "kwong").content)["results"]
    assert [row["text"] for row in found] == ["kwong"]


def test_an_owner_adds_the_picked_person_but_cannot_browse_accounts(client, staff_owner, workspace):
    client.force_login(staff_owner)
    assert client.get("/admin/auth/user/").status_code == 403
    kwong = json.loads(_picker(client, "kwong").content)["results"][0]["id"]
    response = client.post(
        "/admin/argmap/membership/add/", {"workspace": str(workspace.pk), "user": kwong, "role": "annotator"}
    )
    assert response.status_code == 302, response.content[:2000]
    assert Membership.objects.filter(workspace=workspace, user__username="kwong", role="annotator").exists()


def test_a_member_who_may_not_manage_members_gets_no_picker(client, workspace):
    from argmap import services

    editor = UserFactory(username="ed", is_staff=True)
    services.add_member(actor=None, workspace=workspace, user=editor, role="editor")
    UserFactory(username="kwong")
    client.force_login(editor)
    assert _picker(client, "kwong").status_code == 403
