from __future__ import annotations

import graphene

from argmap import models
from argmap.selectors import access

from ..core.context import current_user
from ..core.enums import ChoiceField, Role
from ..core.node import Node
from ..core.pagination import CountableConnection, connection_field, keyset_page
from ..core.types import AuthoredNodeType, list_of


class Membership(graphene.ObjectType):
    """A member of a workspace and their role (listed to the workspace's members only)."""

    user = graphene.Field("api.graphql.user.types.User", required=True)
    role = ChoiceField(Role, required=True)


class Workspace(AuthoredNodeType):
    """A team: the unit of membership, roles and private visibility."""

    class Meta:
        model = models.Workspace
        interfaces = (Node,)
        fields = ("id", "slug", "name", "description", "version", "created_at", "updated_at")

    maps = connection_field("api.graphql.map.types.MapConnection", "The workspace's maps you may see.")
    members = list_of("api.graphql.workspace.types.Membership", "Empty unless you are a member.")
    tags = list_of("api.graphql.tag.types.Tag", "The workspace's tags you may see.")
    participants = list_of("api.graphql.participant.types.Participant", "The workspace's participants you may see.")

    @classmethod
    def visible_for(cls, user):
        return access.visible_workspaces_for(user)

    @staticmethod
    def resolve_maps(root, info, first=None, after=None):
        from ..map.types import MapConnection

        maps = access.visible_maps_for(current_user(info)).filter(workspace_id=root.pk)
        return keyset_page(MapConnection, maps, ordering=("name", "id"), first=first, after=after)

    @staticmethod
    def resolve_members(root, info):
        memberships = access.visible_memberships_for(current_user(info)).filter(workspace_id=root.pk)
        return memberships.select_related("user").order_by("user__username")

    @staticmethod
    def resolve_tags(root, info):
        return access.visible_tags_for(current_user(info)).filter(workspace_id=root.pk)

    @staticmethod
    def resolve_participants(root, info):
        return access.visible_participants_for(current_user(info)).filter(workspace_id=root.pk)


class WorkspaceConnection(CountableConnection):
    class Meta:
        node = Workspace
