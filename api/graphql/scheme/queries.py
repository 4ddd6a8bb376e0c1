from __future__ import annotations

import graphene

from argmap.selectors.access import visible_schemes_for

from ..core.context import current_user
from .types import Scheme


class SchemeQueries(graphene.ObjectType):
    schemes = graphene.List(
        graphene.NonNull(Scheme), required=True, description="Every argumentation scheme, by name (a few dozen)."
    )
    scheme = graphene.Field(Scheme, key=graphene.String(required=True), description="One scheme by its key.")

    @staticmethod
    def resolve_schemes(root, info):
        return visible_schemes_for(current_user(info)).order_by("name")

    @staticmethod
    def resolve_scheme(root, info, key):
        return visible_schemes_for(current_user(info)).filter(key=key).first()
