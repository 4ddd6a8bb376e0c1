from __future__ import annotations

import graphene

from argmap import models
from argmap.selectors import access

from ..core.node import Node
from ..core.types import AuthoredNodeType, compiles_as, load_fk, references


class Source(AuthoredNodeType):
    """A bibliographic record that statements cite."""

    class Meta:
        model = models.Source
        interfaces = (Node,)
        fields = (
            "id",
            "key",
            "title",
            "container",
            "publisher",
            "published",
            "url",
            "accessed_on",
            "footnote",
            "locator",
            "citation",
            "version",
            "created_at",
            "updated_at",
        )

    authors = graphene.List(graphene.NonNull(graphene.String), required=True)
    workspace = graphene.Field("api.graphql.workspace.types.Workspace", required=True)

    @classmethod
    def visible_for(cls, user):
        return access.visible_sources_for(user)

    @staticmethod
    @compiles_as("text_list", "authors")
    def resolve_authors(root, info):
        return [str(author) for author in root.authors or []]

    @staticmethod
    def resolve_workspace(root, info):
        return load_fk(info, models.Workspace, root.workspace_id)


class EvidenceLink(AuthoredNodeType):
    """A statement relies on a source, optionally at a locator and with a quote."""

    class Meta:
        model = models.EvidenceLink
        interfaces = (Node,)
        fields = ("id", "footnote", "locator", "quote", "version", "created_at", "updated_at")

    statement = graphene.Field("api.graphql.statement.types.Statement", required=True)
    source = graphene.Field(Source, required=True)
    map = graphene.Field("api.graphql.map.types.Map", required=True)

    @classmethod
    def visible_for(cls, user):
        return access.visible_evidence_links_for(user)

    @staticmethod
    @references("statement_id")
    def resolve_statement(root, info):
        return load_fk(info, models.Statement, root.statement_id)

    @staticmethod
    @references("source_id")
    def resolve_source(root, info):
        state = getattr(root, "_state", None)
        if state is not None and "source" in state.fields_cache:
            return root.source
        return load_fk(info, models.Source, root.source_id)

    @staticmethod
    def resolve_map(root, info):
        return load_fk(info, models.ArgumentMap, root.map_id)
