from __future__ import annotations

import graphene

from argmap import models
from argmap.selectors import access, relations

from ..changes.types import changes_field, resolve_changes
from ..core.context import current_user
from ..core.enums import ChoiceField, ReviewStatus, SchemeType, StatementKind, Visibility
from ..core.node import Node
from ..core.pagination import CountableConnection, connection_field, keyset_page
from ..core.scalars import JSON
from ..core.types import AuthoredNodeType, list_of, load_fk, load_many
from ..evaluation.pipeline import MapPipelineEvaluationFields
from ..evaluation.types import MapEvaluationFields
from ..presence.types import presence_field, resolve_presence
from ..suggestion.types import MapSuggestionFields


class Map(MapEvaluationFields, MapSuggestionFields, MapPipelineEvaluationFields, AuthoredNodeType):
    """A named argument graph over one or more documents, inside a workspace."""

    class Meta:
        model = models.ArgumentMap
        interfaces = (Node,)
        fields = ("id", "key", "name", "description", "version", "created_at", "updated_at")
        convert_choices_to_enum = False

    visibility = ChoiceField(Visibility, required=True)
    workspace = graphene.Field("api.graphql.workspace.types.Workspace", required=True)
    documents = list_of("api.graphql.document.types.Document", "The documents the map is built on.")
    statements = connection_field(
        "api.graphql.statement.types.StatementConnection",
        "The map's statements (I-nodes), oldest first.",
        kind=graphene.Argument(StatementKind),
        status=graphene.Argument(ReviewStatus),
    )
    scheme_applications = connection_field(
        "api.graphql.scheme_application.types.SchemeApplicationConnection",
        "The map's scheme applications (S-nodes), oldest first.",
        type=graphene.Argument(SchemeType),
        status=graphene.Argument(ReviewStatus),
    )
    edges = connection_field("api.graphql.edge.types.EdgeConnection", "The map's edges, oldest first.")
    changes = changes_field()
    presence = presence_field()
    graph = graphene.Field(
        "api.graphql.map.graph.MapGraph",
        required=True,
        include_suggestions=graphene.Boolean(
            default_value=False, description="Pipelines' pending suggestions too (members only; ignored for others)."
        ),
        description="The whole map at once (the same read as REST's graph endpoint); page with the connections instead.",
    )

    graph_document = graphene.Field(
        JSON,
        required=True,
        include_suggestions=graphene.Boolean(
            default_value=False, description="Pipelines' pending suggestions too (members only; ignored for others)."
        ),
        description=(
            "The whole map as one JSON object, exactly the body of REST's GET /api/v1/maps/{id}/graph/: "
            "`map` (the map, REST's fields) and the lists `statements`, `scheme_applications`, `edges`, "
            "`anchors`, `evidence_links`, `sources` and `documents` (without text), with REST's snake_case "
            "names and raw UUIDs (not global ids). Much faster than `graph` for whole maps; same rows, "
            "same visibility."
        ),
    )

    @classmethod
    def visible_for(cls, user):
        return access.visible_maps_for(user)

    @staticmethod
    def resolve_workspace(root, info):
        return load_fk(info, models.Workspace, root.workspace_id)

    @staticmethod
    def resolve_documents(root, info):
        return load_many(info, relations.documents_of_maps, root.pk)

    @staticmethod
    def resolve_statements(root, info, first=None, after=None, kind=None, status=None):
        from ..statement.types import StatementPage

        return StatementPage(info, root, first=first, after=after, kind=kind, status=status)

    @staticmethod
    def resolve_scheme_applications(root, info, first=None, after=None, type=None, status=None):
        from ..scheme_application.types import SchemeApplicationConnection

        applications = access.visible_scheme_applications_for(current_user(info)).filter(map_id=root.pk)
        if type is not None:
            applications = applications.filter(type=type.value)
        if status is not None:
            applications = applications.filter(status=status.value)
        return keyset_page(SchemeApplicationConnection, applications, first=first, after=after)

    @staticmethod
    def resolve_edges(root, info, first=None, after=None):
        from ..edge.types import EdgeConnection

        edges = access.visible_edges_for(current_user(info)).filter(map_id=root.pk)
        return keyset_page(EdgeConnection, edges, first=first, after=after)

    @staticmethod
    def resolve_changes(root, info, first=None, after=None):
        return resolve_changes(root, info, first=first, after=after)

    @staticmethod
    def resolve_presence(root, info):
        return resolve_presence(root, info)

    @staticmethod
    def resolve_graph(root, info, include_suggestions=False):
        from .graph import whole_map

        return whole_map(info, root, include_suggestions)

    @staticmethod
    def resolve_graph_document(root, info, include_suggestions=False):
        from .graph import graph_document

        return graph_document(info, root, include_suggestions)


class MapConnection(CountableConnection):
    class Meta:
        node = Map
