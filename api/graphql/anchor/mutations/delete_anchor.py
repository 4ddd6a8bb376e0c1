from __future__ import annotations

import graphene

from argmap import services
from argmap.selectors.access import Action, authorize

from ...core import readers
from ...core.context import current_user
from ...core.errors import DomainMutation
from ...core.lookup import find


class DeleteAnchor(DomainMutation):
    class Arguments:
        id = graphene.ID(required=True)
        expected_version = graphene.Int(required=True)

    deleted_id = graphene.ID()

    @classmethod
    def perform(cls, info, id, expected_version):
        user = current_user(info)
        anchor = find(info, id, readers.ANCHOR, field="id")
        authorize(user, Action.EDIT, anchor)
        services.delete_anchor(actor=user, anchor=anchor, expected_version=expected_version)
        return cls(deleted_id=id, errors=[])
