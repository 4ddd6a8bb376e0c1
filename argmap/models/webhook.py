"""Webhooks: a workspace's outbound subscriptions to its change feed, and their delivery outbox."""

import uuid

from django.db import models
from django.db.models import Q

from .base import Versioned
from .history import FeedEntry
from .workspace import Workspace


class Webhook(Versioned):
    """A URL that receives every feed event of its workspace as a signed POST.

    Events are rendered as the owner who registered it (``created_by``) may read
    them, and only while that user is still an owner of the workspace.
    """

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="webhooks")
    url = models.URLField(max_length=2000)
    description = models.CharField(max_length=200, blank=True)
    secret = models.CharField(max_length=128)
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["workspace", "active"], name="webhook_workspace_active")]

    def __str__(self) -> str:
        return self.url


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", "pending"
    DELIVERED = "delivered", "delivered"
    FAILED = "failed", "failed"
    #: Not sent: the registrant may no longer read the event (or is no longer an owner).
    SKIPPED = "skipped", "skipped"


class WebhookDelivery(models.Model):
    """One feed event for one webhook: created in the writer's transaction (the outbox), sent by a worker."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    webhook = models.ForeignKey(Webhook, on_delete=models.CASCADE, related_name="deliveries")
    entry = models.ForeignKey(FeedEntry, on_delete=models.CASCADE, related_name="+")
    status = models.CharField(max_length=16, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING)
    attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField()
    last_attempt_at = models.DateTimeField(null=True, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)
    response_status = models.PositiveSmallIntegerField(null=True, blank=True)
    error = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["entry_id"]
        verbose_name_plural = "webhook deliveries"
        constraints = [models.UniqueConstraint(fields=["webhook", "entry"], name="delivery_once_per_event")]
        indexes = [
            models.Index(fields=["next_attempt_at"], name="delivery_due", condition=Q(status=DeliveryStatus.PENDING)),
        ]

    def __str__(self) -> str:
        return f"delivery {self.id} ({self.status})"
