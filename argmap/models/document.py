from django.db import models

from .base import WorkspaceScoped


class Document(WorkspaceScoped):
    """A source text. Its ``text`` is normalised once (NFC, LF) and only changed by revision.

    Anchor offsets count Unicode code points of ``text``.
    """

    key = models.CharField(max_length=120, blank=True, db_index=True)
    title = models.CharField(max_length=500)
    title_en = models.CharField(max_length=500, blank=True)
    authors = models.JSONField(default=list, blank=True)
    affiliation = models.CharField(max_length=300, blank=True)
    publisher = models.CharField(max_length=300, blank=True)
    series = models.CharField(max_length=500, blank=True)
    published_on = models.DateField(null=True, blank=True)
    url = models.URLField(max_length=1000, blank=True)
    language = models.CharField(max_length=16, default="und")
    text = models.TextField()
    sha256 = models.CharField(max_length=64, editable=False)

    class Meta:
        ordering = ["title", "id"]

    def __str__(self) -> str:
        return self.title
