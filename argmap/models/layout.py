"""Where a map's nodes sit on the annotation canvas, shared by the team that builds the map."""

from django.db import models

from .annotation import ONE_NODE, NodeScoped


class NodePosition(NodeScoped):
    """The canvas position of one statement or scheme application (model coordinates, the node's centre).

    A row of its own rather than fields on the nodes: moving a node is arranging the picture, not changing
    the argument, so it bumps no node version (a teammate's open edit stays valid) and is not reviewed."""

    x = models.FloatField()
    y = models.FloatField()

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(condition=ONE_NODE, name="position_of_one_node"),
            models.UniqueConstraint(fields=["statement"], name="position_once_per_statement"),
            models.UniqueConstraint(fields=["application"], name="position_once_per_application"),
        ]
        indexes = [models.Index(fields=["map"], name="position_map")]

    def __str__(self) -> str:
        return f"{self.node_id} at ({self.x:.0f}, {self.y:.0f})"
