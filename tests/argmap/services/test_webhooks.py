"""Webhooks: the outbox written with the write, the worker's signed POSTs, retries, ordering, and visibility."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import socket
import threading

import pytest
from django.db import connection, connections
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from argmap import services
from argmap.errors import InvalidInput
from argmap.models import DeliveryStatus, Role, WebhookDelivery
from argmap.rules import webhooks as rules
from argmap.selectors.changes import workspace_changes
from argmap.services.annotation import start_independent_annotation
from argmap.services.webhook_delivery import deliver_due, deliver_next, prune_finished_deliveries
from tests.factories import UserFactory, make_map, make_statement, make_workspace
from tests.receivers import start_receiver


@pytest.fixture
def receiver():
    receiver, stop = start_receiver()
    yield receiver
    stop()


def _verify(secret: str, headers: dict, body: bytes, tolerance: int = 300) -> bool:
    """The verification snippet of docs/api.md, verbatim in spirit: what a receiver runs."""
    fields = dict(part.split("=", 1) for part in headers["X-Argmap-Signature"].split(","))
    expected = hmac.new(secret.encode(), f"{fields['t']}.".encode() + body, hashlib.sha256).hexdigest()
    fresh = abs(timezone.now().timestamp() - int(fields["t"])) <= tolerance
    return fresh and hmac.compare_digest(expected, fields["v1"])


def test_an_event_is_posted_signed_with_its_delivery_id_and_cursor(owner, workspace, argument_map, receiver):
    webhook = services.create_webhook(actor=owner, workspace=workspace, url=receiver.url)
    statement = make_statement(argument_map, "核抑止は機能する。", actor=owner)
    assert deliver_due() == 1
    (got,) = receiver.received
    assert _verify(webhook.secret, got.headers, got.body)
    assert not _verify("whsec_wrong", got.headers, got.body)
    payload = json.loads(got.body)
    delivery = WebhookDelivery.objects.get()
    assert got.headers["X-Argmap-Delivery"] == str(delivery.pk) == payload["delivery"]
    assert got.headers["X-Argmap-Cursor"] == payload["event"]["cursor"]
    (change,) = payload["event"]["changes"]
    assert change["entity_id"] == str(statement.pk) and change["after"]["text"] == "核抑止は機能する。"
    feed_event = workspace_changes(owner, workspace).events[-1]
    assert payload["event"]["cursor"] == feed_event.cursor and payload["event"]["map"] == str(argument_map.pk)
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.response_status) == (DeliveryStatus.DELIVERED, 1, 200)
    assert deliver_due() == 0


def test_a_failed_post_is_retried_later_with_a_growing_delay_and_delivered_once(owner, workspace, argument_map):
    receiver, stop = start_receiver([500, 503, 200])
    try:
        services.create_webhook(actor=owner, workspace=workspace, url=receiver.url)
        make_statement(argument_map, "One.", actor=owner)
        deliver_due()
        delivery = WebhookDelivery.objects.get()
        first_delay = delivery.next_attempt_at - delivery.last_attempt_at
        assert delivery.status == DeliveryStatus.PENDING and delivery.error == "HTTP 500"
        assert deliver_due() == 0, "not due before its delay"
        deliver_due(now=delivery.next_attempt_at)
        delivery.refresh_from_db()
        second_delay = delivery.next_attempt_at - delivery.last_attempt_at
        assert delivery.response_status == 503 and delivery.attempts == 2
        assert dt.timedelta(seconds=rules.BASE_BACKOFF_SECONDS / 2) <= first_delay <= second_delay
        deliver_due(now=delivery.next_attempt_at)
        delivery.refresh_from_db()
        assert delivery.status == DeliveryStatus.DELIVERED and delivery.attempts == 3
        assert deliver_due(now=timezone.now() + dt.timedelta(days=1)) == 0
        assert [r.headers["X-Argmap-Delivery"] for r in receiver.received] == [str(delivery.pk)] * 3
    finally:
        stop()


def test_after_the_last_attempt_a_delivery_is_marked_failed(owner, workspace, argument_map, monkeypatch):
    receiver, stop = start_receiver([500] * 3)
    monkeypatch.setattr("argmap.services.webhook_delivery.MAX_ATTEMPTS", 3)
    try:
        services.create_webhook(actor=owner, workspace=workspace, url=receiver.url)
        make_statement(argument_map, "One.", actor=owner)
        for day in range(1, 6):
            deliver_due(now=timezone.now() + dt.timedelta(days=day))
        delivery = WebhookDelivery.objects.get()
        assert (delivery.status, delivery.attempts, delivery.error) == (DeliveryStatus.FAILED, 3, "HTTP 500")
        assert len(receiver.received) == 3
    finally:
        stop()


def test_a_rolled_back_write_delivers_nothing(owner, workspace, argument_map, receiver):
    services.create_webhook(actor=owner, workspace=workspace, url=receiver.url)
    with pytest.raises(RuntimeError), services.recorded_write(actor=owner, summary="doomed"):
        make_statement(argument_map, "Never committed.", actor=owner)
        raise RuntimeError("abort")
    assert not WebhookDelivery.objects.exists()
    assert deliver_due() == 0 and receiver.received == []


def test_events_of_one_webhook_go_out_in_cursor_order_even_across_retries(owner, workspace, argument_map):
    receiver, stop = start_receiver([500])
    try:
        services.create_webhook(actor=owner, workspace=workspace, url=receiver.url)
        for n in range(3):
            make_statement(argument_map, f"S{n}.", actor=owner)
        deliver_due()
        assert len(receiver.received) == 1, "later events wait while the first is retried"
        deliver_due(now=timezone.now() + dt.timedelta(hours=1))
        cursors = [r.headers["X-Argmap-Cursor"] for r in receiver.received]
        assert cursors[0] == cursors[1] and len(cursors) == 4
        assert cursors[1:] == [e.cursor for e in workspace_changes(owner, workspace).events[-3:]]
    finally:
        stop()


def test_a_workspace_without_webhooks_pays_one_query_per_write(owner, workspace, argument_map):
    make_statement(argument_map, "Warm.", actor=owner)
    with CaptureQueriesContext(connection) as without:
        make_statement(argument_map, "Plain.", actor=owner)
    hook_queries = [q["sql"] for q in without.captured_queries if "argmap_webhook" in q["sql"]]
    assert len(hook_queries) == 1, hook_queries


def test_the_payload_is_what_the_registering_owner_may_read(owner, workspace, argument_map, receiver):
    """Other workspaces' events (a private map elsewhere) never reach the hook; once the registrant is no longer
    an owner nothing is sent, and the log says so."""
    services.create_webhook(actor=owner, workspace=workspace, url=receiver.url)
    stranger = UserFactory(username="stranger")
    elsewhere = make_map(make_workspace(owner=stranger, slug="elsewhere"), name="Secret")
    make_statement(elsewhere, "Someone else's secret.", actor=stranger)
    assert not WebhookDelivery.objects.exists()
    co_owner = UserFactory(username="co-owner")
    services.add_member(actor=owner, workspace=workspace, user=co_owner, role=Role.OWNER)
    deliver_due()
    receiver.received.clear()
    membership = workspace.memberships.get(user=owner)
    services.change_member_role(
        actor=co_owner, membership=membership, role=Role.ANNOTATOR, expected_version=membership.version
    )
    start_independent_annotation(actor=co_owner, argument_map=argument_map)
    make_statement(argument_map, "A co-owner's draft.", actor=co_owner)
    deliver_due()
    assert receiver.received == []
    last = WebhookDelivery.objects.order_by("-entry_id").first()
    assert last.status == DeliveryStatus.SKIPPED and last.attempts == 0


def test_urls_must_be_http_and_public_unless_private_addresses_are_allowed(owner, workspace, settings):
    for url in ("ftp://example.org/x", "file:///etc/passwd", "javascript:alert(1)", "http://", "https://u:p@x.org/"):
        with pytest.raises(InvalidInput):
            services.create_webhook(actor=owner, workspace=workspace, url=url)
    settings.ARGMAP_WEBHOOK_ALLOW_PRIVATE = False
    for url in ("http://127.0.0.1:9/", "http://localhost/", "http://10.1.2.3/", "http://169.254.169.254/latest/"):
        with pytest.raises(InvalidInput) as refused:
            services.create_webhook(actor=owner, workspace=workspace, url=url)
        assert refused.value.rule == "webhook_public_address"


def test_a_delivery_to_an_address_that_became_private_fails_without_sending(owner, workspace, argument_map, settings):
    receiver, stop = start_receiver()
    try:
        services.create_webhook(actor=owner, workspace=workspace, url=receiver.url)
        make_statement(argument_map, "One.", actor=owner)
        settings.ARGMAP_WEBHOOK_ALLOW_PRIVATE = False
        deliver_due()
        delivery = WebhookDelivery.objects.get()
        assert delivery.status == DeliveryStatus.FAILED and "private" in delivery.error
        assert receiver.received == []
    finally:
        stop()


def test_a_name_that_rebinds_to_a_private_address_after_the_check_is_not_reached(
    owner, workspace, argument_map, settings, monkeypatch
):
    """DNS rebinding: public when checked, loopback a moment later. The sender connects only to vetted addresses."""
    receiver, stop = start_receiver()
    try:
        port = int(receiver.url.rsplit(":", 1)[1].split("/", 1)[0])
        services.create_webhook(actor=owner, workspace=workspace, url=f"http://rebind.example:{port}/hook")
        make_statement(argument_map, "One.", actor=owner)
        settings.ARGMAP_WEBHOOK_ALLOW_PRIVATE = False
        answers = iter(["93.184.216.34"])

        def rebinding(host, port, *args, **kwargs):
            address = next(answers, "127.0.0.1") if host == "rebind.example" else host
            return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (address, port))]

        monkeypatch.setattr(socket, "getaddrinfo", rebinding)
        deliver_due()
        delivery = WebhookDelivery.objects.get()
        assert receiver.received == [], "the delivery reached a loopback address the check never approved"
        assert delivery.status == DeliveryStatus.FAILED and "private" in delivery.error
    finally:
        stop()


@pytest.mark.django_db(transaction=True)
def test_two_workers_never_send_a_delivery_twice():
    owner = UserFactory(username="owner")
    workspace = make_workspace(owner=owner, slug="team")
    argument_map = make_map(workspace)
    receivers = []
    try:
        for _ in range(3):
            receiver, stop = start_receiver(delay=0.05)
            receivers.append((receiver, stop))
            services.create_webhook(actor=owner, workspace=workspace, url=receiver.url)
        for n in range(6):
            make_statement(argument_map, f"S{n}.", actor=owner)
        pending = WebhookDelivery.objects.count()
        assert pending == 3 * 6  # six statements, to three hooks

        handled = [0, 0]

        def work(number):
            try:
                while deliver_next() is not None:
                    handled[number] += 1
            finally:
                connections.close_all()

        workers = [threading.Thread(target=work, args=(n,)) for n in range(2)]
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join(60)
        ids = [r.headers["X-Argmap-Delivery"] for receiver, _ in receivers for r in receiver.received]
        assert len(ids) == len(set(ids)) == pending
        assert all(handled) and sum(handled) == pending, f"both workers sent: {handled}"
        assert set(WebhookDelivery.objects.values_list("status", flat=True)) == {DeliveryStatus.DELIVERED}
        for receiver, _ in receivers:
            positions = [json.loads(r.body)["event"]["cursor"] for r in receiver.received]
            order = [e.cursor for e in workspace_changes(owner, workspace, limit=200).events]
            assert positions == [c for c in order if c in positions]
    finally:
        for _, stop in receivers:
            stop()


def test_finished_deliveries_past_retention_are_pruned_and_pending_ones_kept(owner, workspace, argument_map, receiver):
    services.create_webhook(actor=owner, workspace=workspace, url=receiver.url)
    make_statement(argument_map, "Old.", actor=owner)
    deliver_due()
    make_statement(argument_map, "New.", actor=owner)
    delivered = WebhookDelivery.objects.get(status=DeliveryStatus.DELIVERED)
    later = timezone.now() + dt.timedelta(days=31)

    assert prune_finished_deliveries(now=timezone.now()) == 0, "a fresh delivery is kept"
    assert prune_finished_deliveries(now=later) == 1
    assert not WebhookDelivery.objects.filter(pk=delivered.pk).exists()
    assert WebhookDelivery.objects.filter(status=DeliveryStatus.PENDING).count() == 1, "pending ones are never pruned"
