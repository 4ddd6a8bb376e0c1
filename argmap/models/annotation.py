"""What a team adds around the argument graph while building it: discussion,
assessments, answers to critical questions, and blind (independent) annotation."""

from django.conf import settings
from django.db import models

from .base import WorkspaceScoped

ONE_NODE = models.Q(statement__isnull=False, application__isnull=True) | models.Q(
    statement__isnull=True, application__isnull=False
)


class NodeScoped(WorkspaceScoped):
    """A row about exactly one graph node: a statement (I-node) or a scheme application (S-node)."""

    map = models.ForeignKey("argmap.ArgumentMap", on_delete=models.CASCADE, related_name="+")
    statement = models.ForeignKey("argmap.Statement", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    application = models.ForeignKey(
        "argmap.SchemeApplication", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )

    class Meta:
        abstract = True

    @property
    def node_id(self):
        return self.statement_id or self.application_id


class Comment(NodeScoped):
    """One message in the discussion thread of a node; its author is ``created_by``."""

    body = models.TextField()

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [models.CheckConstraint(condition=ONE_NODE, name="comment_on_one_node")]
        indexes = [
            models.Index(fields=["statement", "created_at"], name="comment_statement_order"),
            models.Index(fields=["application", "created_at"], name="comment_application_order"),
        ]

    def __str__(self) -> str:
        return self.body[:80]


class Agreement(models.TextChoices):
    AGREE = "agree", "agree"
    DISAGREE = "disagree", "disagree"
    UNSURE = "unsure", "unsure"


class Assessment(NodeScoped):
    """One member's judgement of a statement or an inference: agreement and strength (1–5)."""

    assessor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    agreement = models.CharField(max_length=8, choices=Agreement.choices)
    strength = models.PositiveSmallIntegerField(null=True, blank=True, help_text="1 (weak) – 5 (strong)")

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(condition=ONE_NODE, name="assessment_on_one_node"),
            models.CheckConstraint(
                condition=models.Q(strength__isnull=True) | models.Q(strength__gte=1, strength__lte=5),
                name="assessment_strength_1_to_5",
            ),
            models.UniqueConstraint(
                fields=["assessor", "statement"],
                condition=models.Q(statement__isnull=False),
                name="assessment_one_per_statement",
            ),
            models.UniqueConstraint(
                fields=["assessor", "application"],
                condition=models.Q(application__isnull=False),
                name="assessment_one_per_application",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.assessor_id}: {self.agreement} {self.strength or ''}".strip()


class CriticalQuestionAnswer(WorkspaceScoped):
    """Whether a critical question of an inference's scheme has been answered, and by which statement."""

    map = models.ForeignKey("argmap.ArgumentMap", on_delete=models.CASCADE, related_name="+")
    application = models.ForeignKey(
        "argmap.SchemeApplication", on_delete=models.CASCADE, related_name="critical_question_answers"
    )
    question = models.ForeignKey("argmap.CriticalQuestion", on_delete=models.PROTECT, related_name="+")
    answered = models.BooleanField(default=False)
    answer = models.ForeignKey("argmap.Statement", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["application", "question__position"]
        constraints = [
            models.UniqueConstraint(fields=["application", "question"], name="critical_question_answer_unique")
        ]

    def __str__(self) -> str:
        return f"{self.application_id} {self.question_id}: {'answered' if self.answered else 'open'}"


class IndependentAnnotation(WorkspaceScoped):
    """A map annotated blind: while ``active``, an annotator sees only their own
    work and the accepted layer, never another annotator's draft/proposed/rejected nodes."""

    map = models.OneToOneField("argmap.ArgumentMap", on_delete=models.CASCADE, related_name="independent_annotation")
    active = models.BooleanField(default=True)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"blind annotation of {self.map_id} ({'active' if self.active else 'closed'})"
