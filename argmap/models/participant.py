"""Who speaks in a document: the voices whose commitments a map records (AIF's locution speakers)."""

from django.db import models

from .base import WorkspaceScoped


class ParticipantKind(models.TextChoices):
    PERSON = "person", "person"
    ORGANISATION = "organisation", "organisation"
    COLLECTIVE = "collective", "collective"


class Illocution(models.TextChoices):
    """How a statement enters the text (AIF's illocutionary connection, YA): the author asserts it, reports
    someone's assertion, concedes it, asks it or quotes it."""

    ASSERTING = "asserting", "asserting"
    REPORTING = "reporting", "reporting"
    CONCEDING = "conceding", "conceding"
    QUESTIONING = "questioning", "questioning"
    QUOTING = "quoting", "quoting"


class Participant(WorkspaceScoped):
    """A person, organisation or collective ("the US arms-control camp") to whom statements are attributed."""

    key = models.CharField(max_length=120, blank=True, db_index=True)
    name = models.CharField(max_length=300)
    kind = models.CharField(max_length=16, choices=ParticipantKind.choices, default=ParticipantKind.PERSON)
    description = models.TextField(blank=True)
    source = models.ForeignKey(
        "argmap.Source",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="participants",
        help_text="the work in which this voice speaks, where the document cites one",
    )

    class Meta:
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name[:100]
