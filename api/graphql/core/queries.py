from __future__ import annotations

import graphene

from .node import Node


class NodeQueries(graphene.ObjectType):
    node = Node.Field(description="Any object by global id; null when missing or not visible to you.")
    nodes = graphene.List(
        Node,
        required=True,
        ids=graphene.List(graphene.NonNull(graphene.ID), required=True),
        description="Objects by global id, in order; null for each one missing or not visible to you.",
    )

    @staticmethod
    def resolve_nodes(root, info, ids):
        return [Node.get_node_from_global_id(info, global_id) for global_id in ids]
