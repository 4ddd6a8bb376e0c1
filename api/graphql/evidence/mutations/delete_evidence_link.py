from __future__ import annotations

import graphene

from argmap import services
from argmap.selectors.access import Action, authorize

from ...core import readers
from ...core.context import current_user
from ...core.errors import DomainMutation
from ...core.lookup import find


class DeleteEvidenceLink(DomainMutation):
    class Arguments:
        id = graphene.ID(required=True)
        expected_version = graphene.Int(required=True)

    deleted_id = graphene.ID()

    @classmethod
    def perform(cls, info, id, expected_version):
        user = current_user(info)
        link = find(info, id, readers.EVIDENCE_LINK, field="id")
        authorize(user, Action.EDIT, link)
        services.delete_evidence_link(actor=user, link=link, expected_version=expected_version)
        return cls(deleted_id=id, errors=[])
