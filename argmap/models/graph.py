"""The AIF graph: statements (I-nodes), scheme applications (S-nodes) and the edges between them."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from .base import WorkspaceScoped
from .participant import Illocution

#: A pipeline's confidence is a probability-like score in [0, 1].
CONFIDENCE = [MinValueValidator(0.0), MaxValueValidator(1.0)]
CONFIDENCE_RANGE = models.Q(confidence__isnull=True) | models.Q(confidence__gte=0, confidence__lte=1)


class Provenance(models.Model):
    """Who or what made a node: a pipeline (with its confidence) for machine suggestions, else a person."""

    pipeline = models.ForeignKey(
        "argmap.Pipeline",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="the machine agent that predicted it; empty: made by a person (created_by)",
    )
    confidence = models.FloatField(
        null=True, blank=True, validators=CONFIDENCE, help_text="the pipeline's confidence, 0–1; empty for people"
    )

    class Meta:
        abstract = True


class StatementKind(models.TextChoices):
    CLAIM = "claim", "claim"
    PREMISE = "premise", "premise"
    REBUTTAL = "rebuttal", "rebuttal"
    EVIDENCE = "evidence", "evidence"


class ReviewStatus(models.TextChoices):
    SUGGESTED = "suggested", "suggested (by a pipeline, not yet taken up)"
    DRAFT = "draft", "draft"
    PROPOSED = "proposed", "proposed"
    ACCEPTED = "accepted", "accepted"
    REJECTED = "rejected", "rejected"


class Statement(Provenance, WorkspaceScoped):
    """A proposition (AIF I-node)."""

    map = models.ForeignKey("argmap.ArgumentMap", on_delete=models.CASCADE, related_name="statements")
    key = models.CharField(max_length=120, blank=True, db_index=True)
    kind = models.CharField(max_length=16, choices=StatementKind.choices, db_index=True)
    text = models.TextField()
    gloss = models.TextField(blank=True, help_text="English gloss")
    status = models.CharField(max_length=16, choices=ReviewStatus.choices, default=ReviewStatus.DRAFT, db_index=True)
    status_reason = models.TextField(blank=True)
    implicit = models.BooleanField(default=False, help_text="Reconstructed by the annotator, not stated in the text")
    data = models.JSONField(
        default=dict,
        blank=True,
        help_text="What an interchange file says about the statement that argmap has no field for "
        "(Argdown: title, YAML data)",
    )
    tags = models.ManyToManyField("argmap.Tag", blank=True, related_name="statements")
    speaker = models.ForeignKey(
        "argmap.Participant",
        null=True,
        blank=True,
        on_delete=models.RESTRICT,
        related_name="statements",
        help_text="who is committed to the statement; empty: the document's author",
    )
    illocution = models.CharField(
        max_length=16, choices=Illocution.choices, default=Illocution.ASSERTING, db_index=True
    )

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["map", "created_at", "id"], name="statement_map_order")]
        constraints = [models.CheckConstraint(condition=CONFIDENCE_RANGE, name="statement_confidence_0_1")]

    def __str__(self) -> str:
        return self.text[:80]


class SchemeType(models.TextChoices):
    INFERENCE = "inference", "inference (RA)"
    CONFLICT = "conflict", "conflict (CA)"
    REPHRASE = "rephrase", "rephrase (MA)"
    PREFERENCE = "preference", "preference (PA)"


class SchemeApplication(Provenance, WorkspaceScoped):
    """An application of a scheme (AIF S-node): inference, conflict, rephrase or preference."""

    map = models.ForeignKey("argmap.ArgumentMap", on_delete=models.CASCADE, related_name="scheme_applications")
    key = models.CharField(max_length=120, blank=True, db_index=True)
    type = models.CharField(max_length=16, choices=SchemeType.choices, db_index=True)
    scheme = models.ForeignKey(
        "argmap.Scheme", null=True, blank=True, on_delete=models.PROTECT, related_name="applications"
    )
    note = models.TextField(blank=True)
    status = models.CharField(max_length=16, choices=ReviewStatus.choices, default=ReviewStatus.DRAFT, db_index=True)
    status_reason = models.TextField(blank=True)
    data = models.JSONField(
        default=dict,
        blank=True,
        help_text="What an interchange file says about the application that argmap has no field for "
        "(Argdown: argument title, description, inference rule, YAML data)",
    )
    tags = models.ManyToManyField("argmap.Tag", blank=True, related_name="scheme_applications")

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["map", "created_at", "id"], name="application_map_order")]
        constraints = [models.CheckConstraint(condition=CONFIDENCE_RANGE, name="application_confidence_0_1")]

    def __str__(self) -> str:
        return f"{self.type} {self.key or self.id}"


class EdgeRole(models.TextChoices):
    ANTECEDENT = "antecedent", "antecedent (into the scheme node)"
    CONSEQUENT = "consequent", "consequent (out of the scheme node)"


class Edge(WorkspaceScoped):
    """One AIF edge, always touching a scheme application.

    ``antecedent``: statement (or, for preferences and undercut chains, another
    scheme application) → ``application``. ``consequent``: ``application`` →
    statement, or → another scheme application (an undercut targets an inference, a conflict may
    attack a conflict; :mod:`argmap.rules.edges` says which). Exactly one of ``statement`` / ``other_application`` is set, so a
    statement → statement edge cannot be stored.
    """

    map = models.ForeignKey("argmap.ArgumentMap", on_delete=models.CASCADE, related_name="edges")
    application = models.ForeignKey(SchemeApplication, on_delete=models.CASCADE, related_name="edges")
    role = models.CharField(max_length=16, choices=EdgeRole.choices)
    statement = models.ForeignKey(Statement, null=True, blank=True, on_delete=models.CASCADE, related_name="edges")
    other_application = models.ForeignKey(
        SchemeApplication, null=True, blank=True, on_delete=models.CASCADE, related_name="incoming_edges"
    )

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(statement__isnull=False, other_application__isnull=True)
                    | models.Q(statement__isnull=True, other_application__isnull=False)
                ),
                name="edge_exactly_one_far_end",
            ),
            models.UniqueConstraint(
                fields=["application", "role", "statement"],
                condition=models.Q(statement__isnull=False),
                name="edge_unique_statement",
            ),
            models.UniqueConstraint(
                fields=["application", "role", "other_application"],
                condition=models.Q(other_application__isnull=False),
                name="edge_unique_application",
            ),
            models.UniqueConstraint(
                fields=["application"],
                condition=models.Q(role="consequent"),
                name="edge_one_consequent",
            ),
        ]
        indexes = [models.Index(fields=["map", "created_at", "id"], name="edge_map_order")]

    def __str__(self) -> str:
        far = self.statement_id or self.other_application_id
        return f"{self.role} {self.application_id} ↔ {far}"
