from __future__ import annotations

import graphene

from argmap import models
from argmap.selectors import access

from ..core.node import Node
from ..core.pagination import CountableConnection
from ..core.types import AuthoredNodeType, load_fk


class Document(AuthoredNodeType):
    """A source text. Its `text` is normalised once (NFC, LF); anchor offsets count its Unicode code points."""

    class Meta:
        model = models.Document
        interfaces = (Node,)
        fields = (
            "id",
            "key",
            "title",
            "title_en",
            "affiliation",
            "publisher",
            "series",
            "published_on",
            "url",
            "language",
            "text",
            "sha256",
            "version",
            "created_at",
            "updated_at",
        )

    authors = graphene.List(graphene.NonNull(graphene.String), required=True)
    length = graphene.Int(required=True, description="Length of `text` in Unicode code points (not UTF-16 units).")
    workspace = graphene.Field("api.graphql.workspace.types.Workspace", required=True)

    @classmethod
    def visible_for(cls, user):
        return access.visible_documents_for(user)

    @staticmethod
    def resolve_authors(root, info):
        return [str(author) for author in root.authors or []]

    @staticmethod
    def resolve_length(root, info):
        return len(root.text)

    @staticmethod
    def resolve_workspace(root, info):
        return load_fk(info, models.Workspace, root.workspace_id)


class DocumentConnection(CountableConnection):
    class Meta:
        node = Document
