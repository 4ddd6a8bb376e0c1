"""What an interchange format carries beyond argmap's argument graph, kept so nothing is lost on export."""

from django.db import models

from .base import WorkspaceScoped


class NodeFamily(models.TextChoices):
    STATEMENT = "statement", "statement (I-node)"
    APPLICATION = "application", "scheme application (S-node)"
    DIALOGUE = "dialogue", "dialogue node (L, YA, TA, …)"


class DialogueNode(WorkspaceScoped):
    """An AIF node outside the argument graph proper: a locution (L), an
    illocutionary connection (YA), a transition (TA) or any other type a file
    brings. Kept verbatim so an AIF export gives it back."""

    map = models.ForeignKey("argmap.ArgumentMap", on_delete=models.CASCADE, related_name="dialogue_nodes")
    aif_type = models.CharField(max_length=16, db_index=True)
    text = models.TextField(blank=True)
    scheme_name = models.CharField(max_length=200, blank=True)
    timestamp = models.CharField(max_length=64, blank=True)
    properties = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.aif_type}: {self.text[:60]}"


class DialogueEdge(WorkspaceScoped):
    """An AIF edge with a dialogue node at one end or both (e.g. L → YA → I)."""

    map = models.ForeignKey("argmap.ArgumentMap", on_delete=models.CASCADE, related_name="dialogue_edges")
    from_family = models.CharField(max_length=16, choices=NodeFamily.choices)
    from_id = models.UUIDField()
    to_family = models.CharField(max_length=16, choices=NodeFamily.choices)
    to_id = models.UUIDField()

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.from_family}:{self.from_id} → {self.to_family}:{self.to_id}"


class ExternalId(models.Model):
    """The id a node had in an imported file, so re-exports and re-imports line up.

    With it, what the file said about the node that argmap has no column for: an
    S-node's text (``RA``, ``Default Inference``, a scheme name) and the node's
    timestamp, both verbatim, so an export gives them back byte for byte."""

    id = models.BigAutoField(primary_key=True)
    map = models.ForeignKey("argmap.ArgumentMap", on_delete=models.CASCADE, related_name="external_ids")
    scheme = models.CharField(max_length=32, help_text="where the id comes from, e.g. aifdb")
    external_id = models.CharField(max_length=200)
    family = models.CharField(max_length=16, choices=NodeFamily.choices)
    node_id = models.UUIDField(db_index=True)
    text = models.TextField(
        blank=True, help_text="an S-node's text as the file gave it (argmap keeps no text on scheme applications)"
    )
    timestamp = models.CharField(max_length=64, blank=True, help_text="the node's timestamp as the file gave it")

    class Meta:
        ordering = ["map", "scheme", "id"]
        constraints = [
            models.UniqueConstraint(fields=["map", "scheme", "external_id"], name="external_id_unique_per_map")
        ]

    def __str__(self) -> str:
        return f"{self.scheme}:{self.external_id}"
