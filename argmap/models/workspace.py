from django.conf import settings
from django.db import models

from .base import Versioned


class Role(models.TextChoices):
    OWNER = "owner", "owner"
    EDITOR = "editor", "editor"
    ANNOTATOR = "annotator", "annotator"
    REVIEWER = "reviewer", "reviewer"
    VIEWER = "viewer", "viewer"
    PIPELINE = "pipeline", "pipeline (a service account that writes suggestions only)"


class Workspace(Versioned):
    """A team: the unit of membership, roles and (private) visibility."""

    slug = models.SlugField(max_length=80, unique=True)
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, through="Membership", through_fields=("workspace", "user"), related_name="workspaces"
    )

    class Meta:
        ordering = ["slug"]

    def __str__(self) -> str:
        return self.name


class Membership(Versioned):
    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=16, choices=Role.choices)

    class Meta:
        ordering = ["workspace", "user"]
        constraints = [models.UniqueConstraint(fields=["workspace", "user"], name="membership_unique_user")]

    def __str__(self) -> str:
        return f"{self.user} — {self.role} of {self.workspace}"
