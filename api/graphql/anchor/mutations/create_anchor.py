from __future__ import annotations

import graphene

from argmap import services
from argmap.selectors.access import Action, authorize

from ...core import readers
from ...core.context import current_user
from ...core.errors import DomainMutation
from ...core.lookup import find
from ..types import Anchor


class CreateAnchor(DomainMutation):
    """Anchor a statement in one of its map's documents. Offsets count Unicode code points (not UTF-16 units);
    `document.text[start:end]` must equal `exact`. Without offsets the quote must occur exactly once."""

    class Arguments:
        statement_id = graphene.ID(required=True)
        document_id = graphene.ID(required=True)
        exact = graphene.String(required=True)
        start = graphene.Int()
        end = graphene.Int()
        prefix = graphene.String()
        suffix = graphene.String()

    anchor = graphene.Field(Anchor)

    @classmethod
    def perform(cls, info, statement_id, document_id, exact, start=None, end=None, prefix=None, suffix=None):
        user = current_user(info)
        statement = find(info, statement_id, readers.STATEMENT, field="statementId")
        document = find(info, document_id, readers.DOCUMENT, field="documentId")
        authorize(user, Action.CREATE, statement.map)
        anchor = services.create_anchor(
            actor=user,
            statement=statement,
            document=document,
            exact=exact,
            start=start,
            end=end,
            prefix=prefix,
            suffix=suffix,
        )
        return cls(anchor=anchor, errors=[])
