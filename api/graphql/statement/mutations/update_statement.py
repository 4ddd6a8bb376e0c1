from __future__ import annotations

import graphene

from argmap import services
from argmap.selectors.access import Action, authorize

from ...core import readers
from ...core.context import current_user
from ...core.enums import Illocution, StatementKind
from ...core.errors import DomainMutation
from ...core.lookup import find, find_all, require_value
from ..types import Statement


class UpdateStatement(DomainMutation):
    """Change a statement's content; leave out what stays. Refused (CONFLICT) if `expectedVersion` is stale."""

    class Arguments:
        id = graphene.ID(required=True)
        expected_version = graphene.Int(required=True, description="The `version` you read.")
        kind = StatementKind()
        text = graphene.String()
        gloss = graphene.String()
        implicit = graphene.Boolean()
        key = graphene.String()
        tag_ids = graphene.List(graphene.NonNull(graphene.ID), description="Replaces the statement's tags.")
        speaker_id = graphene.ID(description="A participant of the workspace; null: the document's author.")
        illocution = Illocution()

    statement = graphene.Field(Statement)

    @classmethod
    def perform(cls, info, id, expected_version, **arguments):
        user = current_user(info)
        statement = find(info, id, readers.STATEMENT, field="id")
        authorize(user, Action.EDIT, statement)
        changes = {}
        if "kind" in arguments:
            changes["kind"] = require_value(arguments, "kind", "kind").value
        for name in ("text", "implicit"):
            if name in arguments:
                changes[name] = require_value(arguments, name, name)
        for name in ("gloss", "key"):
            if name in arguments:
                changes[name] = arguments[name] or ""
        if "illocution" in arguments:
            changes["illocution"] = require_value(arguments, "illocution", "illocution").value
        if "speaker_id" in arguments:
            speaker_id = arguments["speaker_id"]
            changes["speaker"] = find(info, speaker_id, readers.PARTICIPANT, field="speakerId") if speaker_id else None
        if "tag_ids" in arguments:
            changes["tags"] = find_all(info, arguments["tag_ids"] or [], readers.TAG, field="tagIds")
        updated = services.update_statement(
            actor=user, statement=statement, expected_version=expected_version, **changes
        )
        return cls(statement=updated, errors=[])
