"""The admin's History page shows argmap's recorded changes, and reverts them."""

import pytest
from django.urls import reverse

from argmap import services
from argmap.models import Change, Statement
from tests.factories import UserFactory, make_statement
from tests.ui.admin.conftest import get_form, text_of

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.ui.annotation.urls")]


@pytest.fixture
def admin_client_for(client):
    superuser = UserFactory(username="root", is_staff=True, is_superuser=True)
    superuser.save()
    client.force_login(superuser)
    return client


def test_history_lists_recorded_changes_with_their_fields_and_reverts(admin_client_for, argument_map):
    statement = make_statement(argument_map, text="旧い文")
    services.update_statement(actor=None, statement=statement, expected_version=1, text="新しい文")
    url = reverse("admin:argmap_statement_history", args=[statement.pk])
    page = admin_client_for.get(url).content.decode()
    assert "旧い文 → 新しい文" in page and "create statement" in page
    batch = Change.objects.filter(entity="statement", entity_id=str(statement.pk), action="update").get().batch
    response = admin_client_for.post(reverse("admin:argmap_revert_batch_form"), {"batch": str(batch), "next": url})
    assert response.status_code == 302 and response["Location"] == url
    assert Statement.objects.get(pk=statement.pk).text == "旧い文"
    # a second revert of the same batch is refused (the row moved on), with a message, not a 500
    response = admin_client_for.post(
        reverse("admin:argmap_revert_batch_form"), {"batch": str(batch), "next": url}, follow=True
    )
    assert "Not reverted" in response.content.decode()


def test_revert_form_does_not_redirect_off_site(admin_client_for, argument_map):
    statement = make_statement(argument_map)
    batch = Change.objects.get(entity="statement", entity_id=str(statement.pk)).batch
    response = admin_client_for.post(
        reverse("admin:argmap_revert_batch_form"), {"batch": str(batch), "next": "https://evil.example/"}
    )
    assert response["Location"] == reverse("admin:index")


def test_map_changelist_links_to_the_annotation_screen(admin_client_for, argument_map, document):
    page = admin_client_for.get(reverse("admin:argmap_argumentmap_changelist")).content.decode()
    assert reverse("admin:argmap_annotate", args=[argument_map.pk, document.pk]) in page


def test_revert_of_an_invisible_batch_reads_like_a_random_id(client, argument_map):
    import uuid

    stranger = UserFactory(username="stranger", is_staff=True)
    stranger.save()
    services.create_workspace(actor=stranger, slug="strangers", name="Strangers")
    client.force_login(stranger)
    make_statement(argument_map, text="非公開の文")
    private_batch = Change.objects.filter(entity="statement").get().batch
    said = []
    for batch in (private_batch, uuid.uuid4()):
        response = client.post(reverse("admin:argmap_revert_batch_form"), {"batch": str(batch)}, follow=True)
        said.append([str(m) for m in response.context["messages"]])
    assert said[0] == said[1] == ["Not reverted: No such change."]
    assert Statement.objects.filter(text="非公開の文").exists()


def test_the_admin_refuses_a_taken_slug_like_every_door(client, workspace):
    from argmap.models import Workspace

    owner = UserFactory(username="slug-owner", is_staff=True)
    owner.save()
    mine = services.create_workspace(actor=owner, slug="mine", name="Mine")
    client.force_login(owner)
    url = reverse("admin:argmap_workspace_change", args=[mine.pk])
    _, data = get_form(client, url)
    response = client.post(url, data.set("slug", workspace.slug))
    page = text_of(response)
    assert response.status_code == 200
    assert "This slug is taken." in page
    assert "argmap_workspace" not in page and "already exists" not in page
    assert Workspace.objects.get(pk=mine.pk).slug == "mine"
