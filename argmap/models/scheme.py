from django.db import models

from .base import Versioned


class Scheme(Versioned):
    """An argumentation scheme (Walton) that an inference or conflict can instantiate."""

    key = models.SlugField(max_length=80, unique=True)
    name = models.CharField(max_length=200)
    name_ja = models.CharField(max_length=200, blank=True, help_text="The scheme's name in Japanese.")
    applies_to = models.CharField(max_length=16, default="inference")
    description = models.TextField(blank=True)
    premise_templates = models.JSONField(default=list, blank=True)
    conclusion_template = models.TextField(blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class CriticalQuestion(Versioned):
    scheme = models.ForeignKey(Scheme, on_delete=models.CASCADE, related_name="critical_questions")
    position = models.PositiveSmallIntegerField()
    key = models.SlugField(max_length=80)
    text = models.TextField()
    text_ja = models.TextField(blank=True, help_text="The question in Japanese.")

    class Meta:
        ordering = ["scheme", "position"]
        constraints = [models.UniqueConstraint(fields=["scheme", "position"], name="critical_question_unique_position")]

    def __str__(self) -> str:
        return f"{self.scheme.key} CQ{self.position}"
