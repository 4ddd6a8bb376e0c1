from __future__ import annotations

import graphene

from argmap import models
from argmap.selectors import access, speakers

from ..core.enums import ChoiceField, ParticipantKind
from ..core.node import Node
from ..core.types import AuthoredNodeType, list_of, load_fk, load_many


class Participant(AuthoredNodeType):
    """A voice of the workspace's documents (person, organisation, collective) to whom statements are attributed."""

    class Meta:
        model = models.Participant
        interfaces = (Node,)
        fields = ("id", "key", "name", "description", "version", "created_at", "updated_at")

    kind = ChoiceField(ParticipantKind, required=True)
    workspace = graphene.Field("api.graphql.workspace.types.Workspace", required=True)
    source = graphene.Field("api.graphql.evidence.types.Source", description="The work in which this voice speaks.")
    commitments = list_of(
        "api.graphql.statement.types.Statement",
        "The statements attributed to this participant that commit it (every illocution but questioning).",
    )

    @classmethod
    def visible_for(cls, user):
        return access.visible_participants_for(user)

    @staticmethod
    def resolve_workspace(root, info):
        return load_fk(info, models.Workspace, root.workspace_id)

    @staticmethod
    def resolve_source(root, info):
        return load_fk(info, models.Source, root.source_id)

    @staticmethod
    def resolve_commitments(root, info):
        return load_many(info, speakers.commitments_of_participants, root.pk)
