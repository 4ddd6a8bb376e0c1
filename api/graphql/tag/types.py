from __future__ import annotations

from argmap import models
from argmap.selectors import access

from ..core.node import Node
from ..core.types import AuthoredNodeType


class Tag(AuthoredNodeType):
    """A workspace's label for statements and scheme applications."""

    class Meta:
        model = models.Tag
        interfaces = (Node,)
        fields = ("id", "slug", "label", "colour", "version", "created_at", "updated_at")

    @classmethod
    def visible_for(cls, user):
        return access.visible_tags_for(user)
