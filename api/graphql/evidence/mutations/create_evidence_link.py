from __future__ import annotations

import graphene

from argmap import services
from argmap.selectors.access import Action, authorize

from ...core import readers
from ...core.context import current_user
from ...core.errors import DomainMutation
from ...core.lookup import find
from ..types import EvidenceLink


class CreateEvidenceLink(DomainMutation):
    """A statement cites a source of its workspace, optionally at a locator and with a quote."""

    class Arguments:
        statement_id = graphene.ID(required=True)
        source_id = graphene.ID(required=True)
        locator = graphene.String()
        quote = graphene.String()
        footnote = graphene.Int(description="Defaults to the source's footnote.")

    evidence_link = graphene.Field(EvidenceLink)

    @classmethod
    def perform(cls, info, statement_id, source_id, locator=None, quote=None, footnote=None):
        user = current_user(info)
        statement = find(info, statement_id, readers.STATEMENT, field="statementId")
        source = find(info, source_id, readers.SOURCE, field="sourceId")
        authorize(user, Action.CREATE, statement.map)
        link = services.create_evidence_link(
            actor=user, statement=statement, source=source, locator=locator or "", quote=quote or "", footnote=footnote
        )
        return cls(evidence_link=link, errors=[])
