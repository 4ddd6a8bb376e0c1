from __future__ import annotations

import graphene

from argmap.selectors import access

from ..core.context import current_user
from ..core.pagination import connection_field, keyset_page
from .types import WorkspaceConnection


class WorkspaceQueries(graphene.ObjectType):
    workspaces = connection_field(WorkspaceConnection, "Workspaces you belong to, and those with a public map.")

    @staticmethod
    def resolve_workspaces(root, info, first=None, after=None):
        workspaces = access.visible_workspaces_for(current_user(info))
        return keyset_page(WorkspaceConnection, workspaces, ordering=("slug", "id"), first=first, after=after)
