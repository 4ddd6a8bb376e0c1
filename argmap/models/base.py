import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
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

    def unique_error_message(self, model_class, unique_check):
        """A one-field unique value already used reads "This slug is taken.", in forms and in the services alike
        (:mod:`argmap.services._common` words a database refusal with this method), so a taken value
        reads the same on every door whether the row holding it is visible or not."""
        if len(unique_check) == 1:
            field = model_class._meta.get_field(unique_check[0])
            return ValidationError(f"This {field.verbose_name} is taken.", code="unique")
        return super().unique_error_message(model_class, unique_check)


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
