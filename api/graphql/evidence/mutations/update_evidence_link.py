from __future__ import annotations

import graphene

from argmap import services
from argmap.selectors.access import Action, authorize

from ...core import readers
from ...core.context import current_user
from ...core.errors import DomainMutation
from ...core.lookup import find
from ..types import EvidenceLink


class UpdateEvidenceLink(DomainMutation):
    class Arguments:
        id = graphene.ID(required=True)
        expected_version = graphene.Int(required=True)
        locator = graphene.String()
        quote = graphene.String()
        footnote = graphene.Int()

    evidence_link = graphene.Field(EvidenceLink)

    @classmethod
    def perform(cls, info, id, expected_version, **arguments):
        user = current_user(info)
        link = find(info, id, readers.EVIDENCE_LINK, field="id")
        authorize(user, Action.EDIT, link)
        changes = {name: arguments[name] or "" for name in ("locator", "quote") if name in arguments}
        if "footnote" in arguments:
            changes["footnote"] = arguments["footnote"]
        updated = services.update_evidence_link(actor=user, link=link, expected_version=expected_version, **changes)
        return cls(evidence_link=updated, errors=[])
