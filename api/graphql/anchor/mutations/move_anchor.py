from __future__ import annotations

import graphene

from argmap import services
from argmap.selectors.access import Action, authorize

from ...core import readers
from ...core.context import current_user
from ...core.errors import DomainMutation
from ...core.lookup import find
from ..types import Anchor


class MoveAnchor(DomainMutation):
    """Point an anchor at another passage of its document (also how an orphaned anchor is resolved)."""

    class Arguments:
        id = graphene.ID(required=True)
        expected_version = graphene.Int(required=True)
        exact = graphene.String(required=True)
        start = graphene.Int()
        end = graphene.Int()

    anchor = graphene.Field(Anchor)

    @classmethod
    def perform(cls, info, id, expected_version, exact, start=None, end=None):
        user = current_user(info)
        anchor = find(info, id, readers.ANCHOR, field="id")
        authorize(user, Action.EDIT, anchor)
        moved = services.move_anchor(
            actor=user, anchor=anchor, expected_version=expected_version, exact=exact, start=start, end=end
        )
        return cls(anchor=moved, errors=[])
