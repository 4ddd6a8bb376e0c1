from django.db import models

from .base import WorkspaceScoped


class Visibility(models.TextChoices):
    PRIVATE = "private", "private"
    PUBLIC = "public", "public"


class ArgumentMap(WorkspaceScoped):
    """A named argument graph over one or more documents."""

    key = models.CharField(max_length=120, blank=True, db_index=True)
    name = models.CharField(max_length=300)
    description = models.TextField(blank=True)
    visibility = models.CharField(max_length=8, choices=Visibility.choices, default=Visibility.PRIVATE, db_index=True)
    documents = models.ManyToManyField("argmap.Document", blank=True, related_name="maps")

    class Meta:
        ordering = ["name", "id"]
        verbose_name = "map"

    def __str__(self) -> str:
        return self.name
