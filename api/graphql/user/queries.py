from __future__ import annotations

import graphene

from ..core.context import current_user
from .types import User


class UserQueries(graphene.ObjectType):
    viewer = graphene.Field(User, description="Who this request is authenticated as (null when anonymous).")

    @staticmethod
    def resolve_viewer(root, info):
        user = current_user(info)
        return user if getattr(user, "is_authenticated", False) else None
