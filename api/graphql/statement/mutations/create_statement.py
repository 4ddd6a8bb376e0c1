from __future__ import annotations

import graphene

from argmap import services
from argmap.selectors.access import Action, authorize

from ...core import readers
from ...core.context import current_user
from ...core.enums import Illocution, StatementKind
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
        speaker_id = graphene.ID(description="A participant of the map's workspace; leave out for the author.")
        illocution = Illocution(description="asserting unless given.")

    statement = graphene.Field(Statement)

    @classmethod
    def perform(
        cls,
        info,
        map_id,
        kind,
        text,
        gloss=None,
        implicit=None,
        key=None,
        tag_ids=None,
        speaker_id=None,
        illocution=None,
    ):
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
            speaker=find(info, speaker_id, readers.PARTICIPANT, field="speakerId") if speaker_id else None,
            illocution=illocution.value if illocution else "asserting",
        )
        return cls(statement=statement, errors=[])
