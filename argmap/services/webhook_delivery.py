"""Sending the webhook outbox: claim a due delivery, POST it signed, record the answer.

Any number of workers may run (``manage.py deliver_webhooks``): each claims one
row at a time with ``SELECT … FOR UPDATE SKIP LOCKED`` and keeps the row locked
until it has recorded the answer, so two workers never send the same delivery.
Only the oldest pending delivery of each webhook is due (a later event waits
while an earlier one is retried), so one webhook receives its events in cursor
order. The event is rendered as the owner who registered the webhook reads it
in the workspace's feed: what they may not see is not sent, and once they are no
longer an owner nothing is.
"""

from __future__ import annotations

import datetime as dt
import http.client
import json
import time
import urllib.error
import urllib.request

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from argmap.errors import DomainError
from argmap.models import DeliveryStatus, Role, WebhookDelivery
from argmap.rules.webhooks import (
    MAX_ATTEMPTS,
    SIGNATURE_HEADER,
    check_destination,
    connect_vetted,
    retry_delay,
    sign,
)
from argmap.selectors.access import role_in
from argmap.selectors.changes import encode_cursor, workspace_changes

USER_AGENT = "argmap-webhooks/1"


def _retention() -> dt.timedelta:
    return dt.timedelta(days=float(getattr(settings, "ARGMAP_WEBHOOK_RETENTION_DAYS", 30)))


def prune_finished_deliveries(*, now: dt.datetime | None = None, keep: dt.timedelta | None = None) -> int:
    """Delete deliveries that ended (delivered, failed, skipped) longer than ``keep`` ago (default
    ``ARGMAP_WEBHOOK_RETENTION_DAYS``, 30); pending ones are never pruned. Returns how many went.

    The log is for an owner debugging a receiver; without an end it grows by one row per event and webhook."""
    cutoff = (now or timezone.now()) - (keep if keep is not None else _retention())
    with transaction.atomic():
        deleted, _ = (
            WebhookDelivery.objects.exclude(status=DeliveryStatus.PENDING)
            .filter(Q(last_attempt_at__lt=cutoff) | Q(last_attempt_at__isnull=True, created_at__lt=cutoff))
            .delete()
        )
    return deleted


def _timeout() -> float:
    return float(getattr(settings, "ARGMAP_WEBHOOK_TIMEOUT", 10.0))


def due_deliveries(now: dt.datetime):
    """Pending deliveries whose time has come and that are the oldest pending one of their webhook."""
    earlier = WebhookDelivery.objects.filter(
        webhook_id=OuterRef("webhook_id"), status=DeliveryStatus.PENDING, entry_id__lt=OuterRef("entry_id")
    )
    return (
        WebhookDelivery.objects.filter(status=DeliveryStatus.PENDING, next_attempt_at__lte=now, webhook__active=True)
        .exclude(Exists(earlier))
        .order_by("next_attempt_at", "entry_id")
    )


def deliver_next(*, now: dt.datetime | None = None) -> WebhookDelivery | None:
    """Claim and send one due delivery; ``None`` when nothing is due (or every due row is another worker's)."""
    now = now or timezone.now()
    with transaction.atomic():
        delivery = (
            due_deliveries(now)
            .select_for_update(skip_locked=True, of=("self",))
            .select_related("webhook", "webhook__workspace", "webhook__created_by", "entry")
            .first()
        )
        if delivery is None:
            return None
        _attempt(delivery, now)
        delivery.save()
    return delivery


def deliver_due(*, limit: int = 100, now: dt.datetime | None = None) -> int:
    """Send up to ``limit`` due deliveries; returns how many were handled."""
    handled = 0
    while handled < limit and deliver_next(now=now) is not None:
        handled += 1
    return handled


def build_payload(delivery: WebhookDelivery) -> dict | None:
    """The JSON body, or ``None`` when the registrant may not (or may no longer) read this event."""
    webhook = delivery.webhook
    registrant = webhook.created_by
    if registrant is None or not registrant.is_active or role_in(registrant, webhook.workspace_id) != Role.OWNER:
        return None
    position = delivery.entry_id
    page = workspace_changes(registrant, webhook.workspace, after=position - 1, limit=1)
    if not page.events or page.events[0].position != position:
        return None
    event = page.events[0]
    return {
        "type": "change",
        "webhook": webhook.pk,
        "delivery": delivery.pk,
        "event": event.document(),
    }


def _attempt(delivery: WebhookDelivery, now: dt.datetime) -> None:
    payload = build_payload(delivery)
    delivery.last_attempt_at = now
    if payload is None:
        delivery.status = DeliveryStatus.SKIPPED
        delivery.error = "Not sent: the owner who registered this webhook may not read this event."
        return
    delivery.attempts += 1
    body = json.dumps(payload, cls=DjangoJSONEncoder, ensure_ascii=False, separators=(",", ":")).encode()
    try:
        check_destination(delivery.webhook.url)
        status = _post(delivery, body)
    except DomainError as refusal:
        delivery.status, delivery.error, delivery.response_status = DeliveryStatus.FAILED, refusal.message[:500], None
        return
    except OSError as exc:
        status, delivery.error = None, f"{type(exc).__name__}: {exc}"[:500]
    delivery.response_status = status
    if status is not None and 200 <= status < 300:
        delivery.status, delivery.delivered_at, delivery.error = DeliveryStatus.DELIVERED, timezone.now(), ""
        return
    if status is not None:
        delivery.error = f"HTTP {status}"
    if delivery.attempts >= MAX_ATTEMPTS:
        delivery.status = DeliveryStatus.FAILED
    else:
        delivery.next_attempt_at = now + dt.timedelta(seconds=retry_delay(delivery.attempts))


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    """A redirect is an answer, not an instruction: following it could lead the server into its own network."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None


class _VettedHTTPConnection(http.client.HTTPConnection):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._create_connection = connect_vetted


class _VettedHTTPSConnection(http.client.HTTPSConnection):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._create_connection = connect_vetted


class _VettedHTTPHandler(urllib.request.HTTPHandler):
    def do_open(self, http_class, req, **kwargs):
        return super().do_open(_VettedHTTPConnection, req, **kwargs)


class _VettedHTTPSHandler(urllib.request.HTTPSHandler):
    def do_open(self, http_class, req, **kwargs):
        return super().do_open(_VettedHTTPSConnection, req, **kwargs)


_opener = urllib.request.build_opener(
    urllib.request.ProxyHandler({}), _NoRedirects, _VettedHTTPHandler, _VettedHTTPSHandler
)


def _post(delivery: WebhookDelivery, body: bytes) -> int:
    webhook = delivery.webhook
    headers = {
        "Content-Type": "application/json",
        "User-Agent": USER_AGENT,
        SIGNATURE_HEADER: sign(webhook.secret, int(time.time()), body),
        "X-Argmap-Delivery": str(delivery.pk),
        "X-Argmap-Webhook": str(webhook.pk),
        "X-Argmap-Cursor": _cursor(delivery),
        "X-Argmap-Attempt": str(delivery.attempts),
    }
    request = urllib.request.Request(webhook.url, data=body, headers=headers, method="POST")
    try:
        with _opener.open(request, timeout=_timeout()) as response:
            response.read(65536)
            return response.status
    except urllib.error.HTTPError as answer:
        return answer.code


def _cursor(delivery: WebhookDelivery) -> str:
    return encode_cursor(delivery.entry_id)
