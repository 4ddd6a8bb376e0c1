from __future__ import annotations

import graphene

from argmap import services
from argmap.selectors.access import Action, authorize

from ...core import readers
from ...core.context import current_user
from ...core.enums import StatementKind
from ...core.errors import DomainMutation
from ...core.lookup import find, find_all
from ..types import Statement


class CreateStatement(DomainMutation):
    """Add a statement to a map (owners, editors and annotators). It starts as a draft."""

    class Arguments:
        map_id = graphene.ID(required=True)
        kind = StatementKind(required=True)
        text = graphene.String(required=True)
        gloss = graphene.String(description="English gloss.")
        implicit = graphene.Boolean(description="Reconstructed by the annotator, not stated in the text.")
        key = graphene.String()
        tag_ids = graphene.List(graphene.NonNull(graphene.ID))

    statement = graphene.Field(Statement)

    @classmethod
    def perform(cls, info, map_id, kind, text, gloss=None, implicit=None, key=None, tag_ids=None):
        user = current_user(info)
        argument_map = find(info, map_id, readers.MAP, field="mapId")
        authorize(user, Action.CREATE, argument_map)
        statement = services.create_statement(
            actor=user,
            argument_map=argument_map,
            kind=kind.value,
            text=text,
            gloss=gloss or "",
            implicit=bool(implicit),
            key=key or "",
            tags=find_all(info, tag_ids or [], readers.TAG, field="tagIds"),
        )
        return cls(statement=statement, errors=[])
