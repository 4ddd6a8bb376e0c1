"""Machine suggestions: the pipelines that predict nodes, the batches they send, and what the team decided.

A pipeline's output enters the map as nodes in the ``suggested`` status carrying their pipeline and
confidence (:class:`~argmap.models.Statement`, :class:`~argmap.models.SchemeApplication`, boundary
confidences on :class:`~argmap.models.Anchor`). What a person then does with each one is a
:class:`SuggestionDecision`, which outlives a dismissed node: it is the training signal, and it keeps
the same model version from offering a dismissed span again.
"""

from django.conf import settings
from django.db import models

from .base import WorkspaceScoped


class Pipeline(WorkspaceScoped):
    """A machine agent (an argument-mining model at one version) registered in a workspace."""

    name = models.CharField(max_length=120)
    version = models.CharField(max_length=120)
    parameters = models.JSONField(default=dict, blank=True)
    account = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="pipelines",
        help_text="the service account (role pipeline) whose token writes its batches",
    )

    class Meta:
        ordering = ["name", "version", "id"]
        constraints = [models.UniqueConstraint(fields=["workspace", "name", "version"], name="pipeline_unique_version")]

    def __str__(self) -> str:
        return f"{self.name} {self.version}"


class SuggestionBatch(WorkspaceScoped):
    """One call of a pipeline for one document, remembered by the client's key so a retry writes nothing."""

    pipeline = models.ForeignKey(Pipeline, on_delete=models.CASCADE, related_name="batches")
    map = models.ForeignKey("argmap.ArgumentMap", on_delete=models.CASCADE, related_name="+")
    document = models.ForeignKey("argmap.Document", on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=200)
    fingerprint = models.CharField(max_length=64, help_text="sha256 of the request, to refuse a key reused for another")
    result = models.JSONField(default=dict, help_text="the answer given to the first call, given again to retries")

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name_plural = "suggestion batches"
        constraints = [
            models.UniqueConstraint(fields=["pipeline", "map", "document", "key"], name="suggestion_batch_unique_key")
        ]

    def __str__(self) -> str:
        return f"{self.pipeline} {self.key}"


class Outcome(models.TextChoices):
    ACCEPTED = "accepted", "accepted"
    DISMISSED = "dismissed", "dismissed"


class SuggestionDecision(WorkspaceScoped):
    """What a person did with one suggested node; ``created_by`` decided, ``created_at`` is when.

    ``prediction`` is the node as the pipeline sent it (text, kind, span, confidences, or a relation's
    type and ends), so an accepted node edited since can be told apart, and the decision survives
    the node. ``document``/``start``/``end`` name a dismissed span, never offered again by the same
    pipeline version.
    """

    pipeline = models.ForeignKey(Pipeline, on_delete=models.CASCADE, related_name="decisions")
    map = models.ForeignKey("argmap.ArgumentMap", on_delete=models.CASCADE, related_name="+")
    statement = models.ForeignKey(
        "argmap.Statement", null=True, blank=True, on_delete=models.SET_NULL, related_name="suggestion_decisions"
    )
    application = models.ForeignKey(
        "argmap.SchemeApplication",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="suggestion_decisions",
    )
    node_id = models.UUIDField(help_text="the suggested node's id, kept when the node is gone")
    node_type = models.CharField(max_length=24, help_text="statement or scheme_application")
    outcome = models.CharField(max_length=16, choices=Outcome.choices, db_index=True)
    prediction = models.JSONField(default=dict)
    document = models.ForeignKey("argmap.Document", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    start = models.PositiveIntegerField(null=True, blank=True)
    end = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [models.UniqueConstraint(fields=["node_id"], name="suggestion_decision_one_per_node")]
        indexes = [
            models.Index(fields=["pipeline", "document", "start", "end"], name="suggestion_dismissed_span"),
        ]

    def __str__(self) -> str:
        return f"{self.outcome} {self.node_type} {self.node_id}"
