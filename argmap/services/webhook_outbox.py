"""The webhook outbox: deliveries are rows written in the writer's own transaction."""

from __future__ import annotations

from django.utils import timezone

from argmap.models import DeliveryStatus, FeedEntry, Webhook, WebhookDelivery


def enqueue_deliveries(entries: list[FeedEntry]) -> int:
    """The outbox: one pending delivery per (active webhook of the entry's workspace, entry).

    Called by :func:`argmap.services.feed.append_to_feed` inside the writer's
    transaction, so a rolled-back write leaves no delivery. A workspace without
    webhooks costs one indexed query.
    """
    workspace_ids = {e.workspace_id for e in entries if e.workspace_id}
    if not workspace_ids:
        return 0
    hooks: dict = {}
    for webhook_id, workspace_id in Webhook.objects.filter(workspace_id__in=workspace_ids, active=True).values_list(
        "id", "workspace_id"
    ):
        hooks.setdefault(str(workspace_id), []).append(webhook_id)
    if not hooks:
        return 0
    now = timezone.now()
    rows = [
        WebhookDelivery(webhook_id=webhook_id, entry=entry, status=DeliveryStatus.PENDING, next_attempt_at=now)
        for entry in entries
        for webhook_id in hooks.get(str(entry.workspace_id), ())
    ]
    WebhookDelivery.objects.bulk_create(rows)
    return len(rows)
