from django.db import models

from .base import WorkspaceScoped


class Source(WorkspaceScoped):
    """A bibliographic record that statements cite."""

    key = models.CharField(max_length=120, blank=True, db_index=True)
    title = models.CharField(max_length=1000)
    authors = models.JSONField(default=list, blank=True)
    container = models.CharField(max_length=500, blank=True, help_text="journal, website or series")
    publisher = models.CharField(max_length=500, blank=True)
    published = models.CharField(max_length=10, blank=True, help_text="YYYY, YYYY-MM or YYYY-MM-DD")
    url = models.URLField(max_length=1000, blank=True)
    accessed_on = models.DateField(null=True, blank=True)
    footnote = models.PositiveIntegerField(null=True, blank=True, help_text="the document's footnote number")
    locator = models.CharField(max_length=200, blank=True)
    citation = models.TextField(blank=True, help_text="the citation as the document gives it")

    class Meta:
        ordering = ["footnote", "title", "id"]

    def __str__(self) -> str:
        return self.title[:100]


class EvidenceLink(WorkspaceScoped):
    """A statement relies on a source, optionally at a locator and with a quote."""

    map = models.ForeignKey("argmap.ArgumentMap", on_delete=models.CASCADE, related_name="evidence_links")
    statement = models.ForeignKey("argmap.Statement", on_delete=models.CASCADE, related_name="evidence_links")
    source = models.ForeignKey(Source, on_delete=models.CASCADE, related_name="evidence_links")
    footnote = models.PositiveIntegerField(null=True, blank=True)
    locator = models.CharField(max_length=200, blank=True)
    quote = models.TextField(blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["statement", "source", "locator"], name="evidence_unique_citation")
        ]

    def __str__(self) -> str:
        return f"{self.statement_id} ← {self.source_id}"
