"""Team members use the admin by their workspace role, not by Django model permissions."""

import pytest
from django.urls import reverse

from argmap.models import Statement
from tests.factories import UserFactory, make_map, make_statement, make_workspace

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(workspace, owner):
    from argmap import services

    users = {}
    for role in ("viewer", "annotator", "editor"):
        users[role] = UserFactory(username=f"staff-{role}", is_staff=True)
        services.add_member(actor=owner, workspace=workspace, user=users[role], role=role)
    users["outsider"] = UserFactory(username="staff-outsider", is_staff=True)
    return users


def test_members_see_only_their_workspaces_rows(client, staff, argument_map, owner):
    make_statement(argument_map, text="ours")
    elsewhere = make_map(make_workspace(owner=owner, slug="elsewhere"))
    make_statement(elsewhere, text="theirs")
    client.force_login(staff["viewer"])
    response = client.get(reverse("admin:argmap_statement_changelist"))
    assert response.status_code == 200
    texts = {s.text for s in response.context["cl"].result_list}
    assert texts == {"ours"}


def test_viewer_reads_but_cannot_change(client, staff, argument_map):
    statement = make_statement(argument_map, text="read me")
    client.force_login(staff["viewer"])
    url = reverse("admin:argmap_statement_change", args=[statement.pk])
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "kind": "claim",
            "text": "changed",
            "status": "draft",
            "map": argument_map.pk,
            "workspace": argument_map.workspace_id,
        },
    )
    assert response.status_code == 403
    statement.refresh_from_db()
    assert statement.text == "read me"


def test_annotator_adds_a_statement_and_it_is_recorded(client, staff, argument_map):
    client.force_login(staff["annotator"])
    response = client.post(
        reverse("admin:argmap_statement_add"),
        {
            "workspace": argument_map.workspace_id,
            "map": argument_map.pk,
            "kind": "claim",
            "text": "管理画面から追加",
            "gloss": "added in the admin",
            "status": "draft",
            "anchors-TOTAL_FORMS": 0,
            "anchors-INITIAL_FORMS": 0,
            "evidence_links-TOTAL_FORMS": 0,
            "evidence_links-INITIAL_FORMS": 0,
        },
    )
    assert response.status_code == 302, response.content[:2000]
    statement = Statement.objects.get(text="管理画面から追加")
    assert statement.created_by == staff["annotator"]


def test_annotator_cannot_edit_someone_elses_statement(client, staff, argument_map):
    statement = make_statement(argument_map, text="editor's", actor=staff["editor"])
    client.force_login(staff["annotator"])
    response = client.get(reverse("admin:argmap_statement_change", args=[statement.pk]))
    assert response.status_code == 200
    assert not response.context["has_change_permission"]


def test_outsider_staff_sees_no_argmap_module(client, staff, argument_map):
    make_statement(argument_map, text="secret")
    client.force_login(staff["outsider"])
    assert client.get(reverse("admin:argmap_statement_changelist")).status_code == 403
    assert "secret" not in client.get(reverse("admin:index")).content.decode()
