from __future__ import annotations

import graphene

from argmap import models
from argmap.selectors import access

from ..core.enums import ChoiceField, EdgeRole
from ..core.node import Node
from ..core.pagination import CountableConnection
from ..core.types import AuthoredNodeType, load_fk, references


class Edge(AuthoredNodeType):
    """One AIF edge: it always joins a scheme application to one statement or one other scheme application."""

    class Meta:
        model = models.Edge
        interfaces = (Node,)
        fields = ("id", "version", "created_at", "updated_at")

    role = ChoiceField(EdgeRole, required=True)
    application = graphene.Field("api.graphql.scheme_application.types.SchemeApplication", required=True)
    statement = graphene.Field("api.graphql.statement.types.Statement", description="Set unless `otherApplication` is.")
    other_application = graphene.Field(
        "api.graphql.scheme_application.types.SchemeApplication", description="Set unless `statement` is."
    )
    map = graphene.Field("api.graphql.map.types.Map", required=True)

    @classmethod
    def visible_for(cls, user):
        return access.visible_edges_for(user)

    @staticmethod
    @references("application_id")
    def resolve_application(root, info):
        return load_fk(info, models.SchemeApplication, root.application_id)

    @staticmethod
    @references("statement_id")
    def resolve_statement(root, info):
        return load_fk(info, models.Statement, root.statement_id)

    @staticmethod
    @references("other_application_id")
    def resolve_other_application(root, info):
        return load_fk(info, models.SchemeApplication, root.other_application_id)

    @staticmethod
    def resolve_map(root, info):
        return load_fk(info, models.ArgumentMap, root.map_id)


class EdgeConnection(CountableConnection):
    class Meta:
        node = Edge
