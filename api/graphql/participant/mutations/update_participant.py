from __future__ import annotations

import graphene

from argmap import services
from argmap.selectors.access import Action, authorize

from ...core import readers
from ...core.context import current_user
from ...core.enums import ParticipantKind
from ...core.errors import DomainMutation
from ...core.lookup import find, require_value
from ..types import Participant


class UpdateParticipant(DomainMutation):
    """Change a participant; leave out what stays, `sourceId: null` unlinks its source."""

    class Arguments:
        id = graphene.ID(required=True)
        expected_version = graphene.Int(required=True, description="The `version` you read.")
        name = graphene.String()
        kind = ParticipantKind()
        key = graphene.String()
        description = graphene.String()
        source_id = graphene.ID()

    participant = graphene.Field(Participant)

    @classmethod
    def perform(cls, info, id, expected_version, **arguments):
        user = current_user(info)
        participant = find(info, id, readers.PARTICIPANT, field="id")
        authorize(user, Action.EDIT, participant)
        changes = {}
        if "name" in arguments:
            changes["name"] = require_value(arguments, "name", "name")
        if "kind" in arguments:
            changes["kind"] = require_value(arguments, "kind", "kind").value
        for name in ("key", "description"):
            if name in arguments:
                changes[name] = arguments[name] or ""
        if "source_id" in arguments:
            source_id = arguments["source_id"]
            changes["source"] = find(info, source_id, readers.SOURCE, field="sourceId") if source_id else None
        updated = services.update_participant(
            actor=user, participant=participant, expected_version=expected_version, **changes
        )
        return cls(participant=updated, errors=[])
