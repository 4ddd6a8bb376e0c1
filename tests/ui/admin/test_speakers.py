"""Speakers in the admin: participants through the services, a statement's speaker and illocution on its form,
and pickers that offer only the workspace's own participants."""

import pytest
from django.urls import reverse

from argmap import services
from argmap.models import Change, Participant, Statement
from tests.factories import make_map, make_participant, make_statement
from tests.ui.admin.conftest import get_form, staff, text_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def analyst():
    return staff("analyst")


@pytest.fixture
def report(analyst):
    workspace = services.create_workspace(actor=analyst, slug="jiia", name="JIIA")
    return make_map(workspace)


def test_a_participant_is_added_through_the_service_with_history(client, analyst, report):
    client.force_login(analyst)
    url = reverse("admin:argmap_participant_add")
    _form, data = get_form(client, url)
    data.set("workspace", report.workspace_id).set("name", "KCNA").set("kind", "organisation")
    response = client.post(url, data)
    assert response.status_code == 302, text_of(response)[:2000]
    kcna = Participant.objects.get()
    assert (kcna.name, kcna.kind, kcna.created_by) == ("KCNA", "organisation", analyst)
    assert Change.objects.filter(entity="participant", action="create", actor=analyst).exists()


def test_a_statements_speaker_and_illocution_are_set_on_its_form(client, analyst, report):
    kcna = make_participant(report.workspace, "KCNA")
    elsewhere_ws = services.create_workspace(actor=analyst, slug="other", name="Other")
    make_participant(elsewhere_ws, "Foreign voice")
    statement = make_statement(report, "核保有は不可逆だ。", actor=analyst)
    client.force_login(analyst)
    url = reverse("admin:argmap_statement_change", args=[statement.pk])
    form, data = get_form(client, url)
    assert "speaker" in form.names and "illocution" in form.names
    data.set("speaker", kcna.pk).set("illocution", "reporting")
    response = client.post(url, data)
    assert response.status_code == 302, text_of(response)[:2000]
    statement = Statement.objects.get()
    assert (statement.speaker_id, statement.illocution, statement.version) == (kcna.pk, "reporting", 2)
    change = Change.objects.get(entity="statement", action="update")
    assert (change.before["speaker_id"], change.after["speaker_id"]) == (None, str(kcna.pk))

    listing = text_of(client.get(reverse("admin:argmap_statement_changelist"), {"illocution__exact": "reporting"}))
    assert "核保有は不可逆だ。" in listing
    assert "核保有は不可逆だ。" not in text_of(
        client.get(reverse("admin:argmap_statement_changelist"), {"illocution__exact": "asserting"})
    )


def test_a_participant_of_another_workspace_is_refused_by_the_rule(client, analyst, report):
    foreign = make_participant(services.create_workspace(actor=analyst, slug="other", name="Other"), "Foreign voice")
    statement = make_statement(report, "x", actor=analyst)
    client.force_login(analyst)
    url = reverse("admin:argmap_statement_change", args=[statement.pk])
    _form, data = get_form(client, url)
    data.set("speaker", foreign.pk)
    response = client.post(url, data)
    assert response.status_code == 200
    assert Statement.objects.get().speaker_id is None


def test_deleting_a_participant_who_speaks_is_refused_in_words(client, analyst, report):
    kcna = make_participant(report.workspace, "KCNA")
    make_statement(report, "x", actor=analyst, speaker=kcna)
    client.force_login(analyst)
    url = reverse("admin:argmap_participant_delete", args=[kcna.pk])
    response = client.post(url, {"post": "yes"}, follow=True)
    assert Participant.objects.filter(pk=kcna.pk).exists()
    assert "attributed to this participant" in text_of(response)
