from __future__ import annotations

import graphene

from argmap import services
from argmap.selectors.access import Action, authorize

from ...core import readers
from ...core.context import current_user
from ...core.enums import ParticipantKind
from ...core.errors import DomainMutation
from ...core.lookup import find
from ..types import Participant


class CreateParticipant(DomainMutation):
    """Add a voice (person, organisation, collective) to a workspace, for its statements to be attributed to."""

    class Arguments:
        workspace_id = graphene.ID(required=True)
        name = graphene.String(required=True)
        kind = ParticipantKind(description="person unless given.")
        key = graphene.String()
        description = graphene.String()
        source_id = graphene.ID(description="A source of the same workspace.")

    participant = graphene.Field(Participant)

    @classmethod
    def perform(cls, info, workspace_id, name, kind=None, key=None, description=None, source_id=None):
        user = current_user(info)
        workspace = find(info, workspace_id, readers.WORKSPACE, field="workspaceId")
        authorize(user, Action.CREATE, workspace)
        participant = services.create_participant(
            actor=user,
            workspace=workspace,
            name=name,
            kind=kind.value if kind else "person",
            key=key or "",
            description=description or "",
            source=find(info, source_id, readers.SOURCE, field="sourceId") if source_id else None,
        )
        return cls(participant=participant, errors=[])
