"""Webhooks in the admin: owners register them through the service (and read the secret there); the delivery log
is read-only; to other staff members neither page exists."""

import pytest
from django.urls import reverse

from argmap import services
from argmap.models import Webhook, WebhookDelivery
from argmap.services.webhook_delivery import deliver_due
from tests.factories import make_map, make_statement
from tests.receivers import start_receiver
from tests.ui.admin.conftest import staff, text_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def team():
    owner, editor = staff("hook-owner"), staff("hook-editor")
    workspace = services.create_workspace(actor=owner, slug="hooks", name="Hooks")
    services.add_member(actor=owner, workspace=workspace, user=editor, role="editor")
    return owner, editor, workspace


def test_an_owner_adds_a_webhook_in_the_admin_and_reads_its_secret_and_delivery_log(client, team):
    owner, _editor, workspace = team
    receiver, stop = start_receiver([500])
    try:
        client.force_login(owner)
        response = client.post(
            reverse("admin:argmap_webhook_add"),
            {"workspace": str(workspace.pk), "url": receiver.url, "description": "pipeline", "active": "on"},
        )
        assert response.status_code == 302, text_of(response)[:2000]
        webhook = Webhook.objects.get()
        assert webhook.created_by == owner and webhook.secret.startswith("whsec_")
        page = text_of(client.get(reverse("admin:argmap_webhook_change", args=[webhook.pk])))
        assert webhook.secret in page
        make_statement(make_map(workspace), "One.", actor=owner)
        deliver_due()
        log = text_of(client.get(reverse("admin:argmap_webhookdelivery_changelist")))
        assert "pending" in log and receiver.url in log
        delivery = WebhookDelivery.objects.first()
        detail = client.get(reverse("admin:argmap_webhookdelivery_change", args=[delivery.pk]))
        assert detail.status_code == 200 and "HTTP 500" in text_of(detail)
        assert 'name="_save"' not in text_of(detail), "the delivery log is read-only"
    finally:
        stop()


def test_an_admin_url_on_a_private_address_is_refused_on_the_form(client, team, settings):
    owner, _editor, workspace = team
    settings.ARGMAP_WEBHOOK_ALLOW_PRIVATE = False
    client.force_login(owner)
    response = client.post(
        reverse("admin:argmap_webhook_add"), {"workspace": str(workspace.pk), "url": "http://127.0.0.1:6379/"}
    )
    assert response.status_code == 200 and "private" in text_of(response)
    assert not Webhook.objects.exists()


def test_other_staff_members_see_no_webhook_pages(client, team):
    owner, editor, workspace = team
    webhook = services.create_webhook(actor=owner, workspace=workspace, url="http://127.0.0.1:9/hidden-path")
    client.force_login(editor)
    assert "hidden-path" not in text_of(client.get(reverse("admin:index")))
    for url in (
        reverse("admin:argmap_webhook_changelist"),
        reverse("admin:argmap_webhook_change", args=[webhook.pk]),
        reverse("admin:argmap_webhook_add"),
        reverse("admin:argmap_webhookdelivery_changelist"),
    ):
        response = client.get(url)
        assert response.status_code in (302, 403, 404), (url, response.status_code)
        assert "hidden-path" not in text_of(response)
