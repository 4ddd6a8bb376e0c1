from __future__ import annotations

import graphene

from argmap import models
from argmap.selectors import access

from ..core.enums import AnchorStatus, ChoiceField
from ..core.node import Node
from ..core.types import AuthoredNodeType, load_fk, references


class Anchor(AuthoredNodeType):
    """Where a statement sits in a document: a W3C TextQuoteSelector (exact, prefix, suffix) and
    TextPositionSelector (start, end). Offsets count Unicode code points of `document.text`, not UTF-16 units:
    `document.text[start:end] == exact` for every anchored row."""

    class Meta:
        model = models.Anchor
        interfaces = (Node,)
        fields = (
            "id",
            "exact",
            "prefix",
            "suffix",
            "start",
            "end",
            "start_confidence",
            "end_confidence",
            "version",
            "created_at",
            "updated_at",
        )

    status = ChoiceField(AnchorStatus, required=True)
    statement = graphene.Field("api.graphql.statement.types.Statement", required=True)
    document = graphene.Field("api.graphql.document.types.Document", required=True)
    map = graphene.Field("api.graphql.map.types.Map", required=True)

    @classmethod
    def visible_for(cls, user):
        return access.visible_anchors_for(user)

    @staticmethod
    @references("statement_id")
    def resolve_statement(root, info):
        return load_fk(info, models.Statement, root.statement_id)

    @staticmethod
    @references("document_id")
    def resolve_document(root, info):
        return load_fk(info, models.Document, root.document_id)

    @staticmethod
    def resolve_map(root, info):
        return load_fk(info, models.ArgumentMap, root.map_id)
