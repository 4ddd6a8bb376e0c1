from django.db import models

from .base import WorkspaceScoped


class Tag(WorkspaceScoped):
    slug = models.SlugField(max_length=80)
    label = models.CharField(max_length=120, blank=True)
    colour = models.CharField(max_length=7, blank=True, help_text="#rrggbb")

    class Meta:
        ordering = ["slug"]
        constraints = [models.UniqueConstraint(fields=["workspace", "slug"], name="tag_unique_slug")]

    def __str__(self) -> str:
        return self.slug
