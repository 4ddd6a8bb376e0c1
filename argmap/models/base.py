import uuid

from django.conf import settings
from django.db import models


class Authored(models.Model):
    """Who made a row and who last changed it, and when."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        abstract = True


class Versioned(Authored):
    """A row with an optimistic-concurrency version, bumped by every service write."""

    version = models.PositiveIntegerField(default=1)

    class Meta:
        abstract = True


class WorkspaceScoped(Versioned):
    """Graph rows carry their workspace directly, so a workspace is a natural shard key."""

    workspace = models.ForeignKey("argmap.Workspace", on_delete=models.CASCADE, related_name="+")

    class Meta:
        abstract = True
