"""``Map.presence``: who has the map open now, and on which node (REST's ``maps/{id}/presence/``)."""

from __future__ import annotations

import graphene
from graphql_relay import to_global_id

from argmap.selectors.presence import present_readers

from ..core.context import current_user

NODE_TYPES = {"statement": "Statement", "schemeapplication": "SchemeApplication"}


class PresentReader(graphene.ObjectType):
    """A reader whose last heartbeat (REST ``PUT /api/v1/maps/{id}/presence/``) is younger than the TTL."""

    username = graphene.String(required=True)
    node = graphene.ID(description="The global id of the focused statement or scheme application, if you may see it.")
    since = graphene.DateTime(required=True, description="When they opened the map.")
    seen = graphene.DateTime(required=True, description="Their last heartbeat.")

    @staticmethod
    def resolve_node(root, info):
        if root.node_id is None or root.node_type not in NODE_TYPES:
            return None
        return to_global_id(NODE_TYPES[root.node_type], root.node_id)


def presence_field():
    return graphene.List(
        graphene.NonNull(PresentReader),
        required=True,
        description="Who has this map open now (heartbeats through REST), longest present first.",
    )


def resolve_presence(root, info):
    return present_readers(current_user(info), root)
