from __future__ import annotations

import graphene

from ..core.node import Node


class SearchHitType(graphene.Enum):
    STATEMENT = "statement"
    DOCUMENT = "document"
    SOURCE = "source"


class SearchHit(graphene.ObjectType):
    """One match. `start`/`end` are code-point offsets of the first match in `field` (for a document's text,
    offsets into the document, as anchors use); `snippet` is the text around it, from `snippetStart`."""

    type = graphene.Field(SearchHitType, required=True)
    node = graphene.Field(Node, description="The statement, document or source matched.")
    title = graphene.String(required=True)
    field = graphene.String(required=True)
    snippet = graphene.String(required=True)
    snippet_start = graphene.Int(required=True)
    start = graphene.Int()
    end = graphene.Int()
