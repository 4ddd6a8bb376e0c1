from django.db import models

from .base import WorkspaceScoped
from .graph import CONFIDENCE


class AnchorStatus(models.TextChoices):
    ANCHORED = "anchored", "anchored"
    ORPHANED = "orphaned", "orphaned (quote not found after a revision)"
    AMBIGUOUS = "ambiguous", "ambiguous (quote found more than once after a revision)"


class Anchor(WorkspaceScoped):
    """Where a statement sits in a document: W3C TextQuoteSelector + TextPositionSelector.

    ``start``/``end`` count Unicode code points of ``document.text``;
    ``document.text[start:end] == exact`` holds for every anchored row.
    """

    map = models.ForeignKey("argmap.ArgumentMap", on_delete=models.CASCADE, related_name="anchors")
    statement = models.ForeignKey("argmap.Statement", on_delete=models.CASCADE, related_name="anchors")
    document = models.ForeignKey("argmap.Document", on_delete=models.CASCADE, related_name="anchors")
    exact = models.TextField()
    prefix = models.CharField(max_length=64, blank=True)
    suffix = models.CharField(max_length=64, blank=True)
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    status = models.CharField(max_length=16, choices=AnchorStatus.choices, default=AnchorStatus.ANCHORED)
    start_confidence = models.FloatField(
        null=True, blank=True, validators=CONFIDENCE, help_text="a pipeline's confidence in the start boundary, 0–1"
    )
    end_confidence = models.FloatField(
        null=True, blank=True, validators=CONFIDENCE, help_text="a pipeline's confidence in the end boundary, 0–1"
    )

    class Meta:
        ordering = ["document", "start", "end", "id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(end__gt=models.F("start")), name="anchor_nonempty"),
            models.CheckConstraint(
                condition=(
                    models.Q(start_confidence__isnull=True) | models.Q(start_confidence__gte=0, start_confidence__lte=1)
                )
                & (models.Q(end_confidence__isnull=True) | models.Q(end_confidence__gte=0, end_confidence__lte=1)),
                name="anchor_boundary_confidence_0_1",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.document_id}[{self.start}:{self.end}]"
