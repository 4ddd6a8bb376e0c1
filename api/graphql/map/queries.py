from __future__ import annotations

import graphene

from argmap.selectors import access

from ..core.context import current_user
from ..core.enums import Visibility
from ..core.node import Node, split_global_id
from ..core.pagination import connection_field, keyset_page
from .types import Map, MapConnection


class MapFilter(graphene.InputObjectType):
    workspace = graphene.ID(description="Only maps of this workspace.")
    visibility = graphene.Field(Visibility)
    name_contains = graphene.String(description="Case-insensitive substring of the name.")


class MapQueries(graphene.ObjectType):
    maps = connection_field(
        MapConnection, "Maps you may see (public ones, and your workspaces'), by name.", filter=MapFilter()
    )
    map = Node.Field(Map, description="One map by id; null when missing or not visible to you.")

    @staticmethod
    def resolve_maps(root, info, first=None, after=None, filter=None):
        maps = access.visible_maps_for(current_user(info))
        if filter:
            if filter.get("workspace") is not None:
                parsed = split_global_id(filter["workspace"])
                if parsed is None or parsed[0] != "Workspace":
                    maps = maps.none()
                else:
                    maps = maps.filter(workspace_id=parsed[1])
            if filter.get("visibility") is not None:
                maps = maps.filter(visibility=filter["visibility"].value)
            if filter.get("name_contains"):
                maps = maps.filter(name__icontains=filter["name_contains"])
        return keyset_page(MapConnection, maps, ordering=("name", "id"), first=first, after=after)
