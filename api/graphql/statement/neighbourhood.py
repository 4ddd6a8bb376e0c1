"""A statement's neighbourhood, read by :func:`argmap.selectors.graph.neighbourhood` (the same walk as REST's)."""

from __future__ import annotations

import graphene

from argmap import models
from argmap.selectors import graph
from argmap.selectors.suggestions import suggestions_asked

from ..core.context import current_user
from ..core.enums import NeighbourhoodDirection
from ..core.rows import instances


class NeighbourStatement(graphene.ObjectType):
    depth = graphene.Int(required=True, description="Scheme applications between it and the origin.")
    statement = graphene.Field("api.graphql.statement.types.Statement", required=True)


class NeighbourSchemeApplication(graphene.ObjectType):
    depth = graphene.Int(required=True, description="Scheme applications between it and the origin, itself included.")
    scheme_application = graphene.Field("api.graphql.scheme_application.types.SchemeApplication", required=True)


class Neighbourhood(graphene.ObjectType):
    """Everything within `depth` scheme applications of a statement, edges whose both ends were reached."""

    origin = graphene.Field("api.graphql.statement.types.Statement", required=True)
    depth = graphene.Int(required=True)
    direction = graphene.Field(NeighbourhoodDirection, required=True)
    statements = graphene.List(graphene.NonNull(NeighbourStatement), required=True)
    scheme_applications = graphene.List(graphene.NonNull(NeighbourSchemeApplication), required=True)
    edges = graphene.List(graphene.NonNull("api.graphql.edge.types.Edge"), required=True)


def neighbourhood_of(
    info, statement: models.Statement, *, depth: int, direction: str, include_suggestions: bool = False
) -> Neighbourhood:
    """Raises ``InvalidInput`` for a depth or direction out of range (a GraphQL error on the field)."""
    user = current_user(info)
    found = graph.neighbourhood(
        statement=statement,
        depth=depth,
        direction=direction,
        user=user,
        include_suggestions=suggestions_asked(user, statement, include_suggestions),
    )
    statements, applications, edges = found["statements"], found["scheme_applications"], found["edges"]
    return Neighbourhood(
        origin=statement,
        depth=found["depth"],
        direction=found["direction"],
        statements=[
            NeighbourStatement(depth=obj.depth, statement=obj)
            for obj in instances(models.Statement, statements, depth="depth")
        ],
        scheme_applications=[
            NeighbourSchemeApplication(depth=obj.depth, scheme_application=obj)
            for obj in instances(
                models.SchemeApplication, applications, depth="depth", known_conflict_kind="conflict_kind"
            )
        ],
        edges=instances(models.Edge, edges),
    )
