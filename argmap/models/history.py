from django.conf import settings
from django.db import models


class ChangeAction(models.TextChoices):
    CREATE = "create", "create"
    UPDATE = "update", "update"
    DELETE = "delete", "delete"


class Change(models.Model):
    """One recorded write: who, when, what, with the row's state before and after.

    Written by the services themselves (not by signals or triggers), so bulk
    writes and both databases are covered alike. ``batch`` groups the changes of
    one service call, which is what a revert undoes.
    """

    id = models.BigAutoField(primary_key=True)
    batch = models.UUIDField(db_index=True)
    workspace_id = models.UUIDField(null=True, blank=True, db_index=True)
    #: The map the changed row belongs to (the map itself for a map); null for workspace-level rows.
    map_id = models.UUIDField(null=True, blank=True)
    entity = models.CharField(max_length=64)
    entity_id = models.CharField(max_length=64)
    action = models.CharField(max_length=8, choices=ChangeAction.choices)
    summary = models.CharField(max_length=200, blank=True)
    before = models.JSONField(null=True, blank=True)
    after = models.JSONField(null=True, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["id"]
        indexes = [
            models.Index(fields=["entity", "entity_id", "id"], name="change_entity_order"),
            models.Index(fields=["batch", "map_id"], name="change_batch_map"),
        ]

    def __str__(self) -> str:
        return f"{self.action} {self.entity} {self.entity_id}"


class FeedEntry(models.Model):
    """One batch's part in one map (or in a workspace, ``map_id`` null): an event of the change feed.

    ``position`` is allocated in commit order (the writer holds the feed lock from
    the allocation to its commit, see ``argmap.services.feed``), so a reader that
    has seen position *n* never later finds a committed entry below *n*: cursors
    are plain positions and keyset pages never skip a batch.
    """

    position = models.BigAutoField(primary_key=True)
    batch = models.UUIDField()
    workspace_id = models.UUIDField(null=True, blank=True)
    map_id = models.UUIDField(null=True, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    summary = models.CharField(max_length=200, blank=True)
    at = models.DateTimeField()
    change_count = models.PositiveIntegerField()

    class Meta:
        ordering = ["position"]
        indexes = [
            models.Index(fields=["map_id", "position"], name="feed_map_position"),
            models.Index(fields=["workspace_id", "position"], name="feed_workspace_position"),
            models.Index(fields=["batch"], name="feed_batch"),
        ]

    def __str__(self) -> str:
        return f"feed {self.position}: {self.summary}"
