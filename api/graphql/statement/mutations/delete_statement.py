from __future__ import annotations

import graphene

from argmap import services
from argmap.selectors.access import Action, authorize

from ...core import readers
from ...core.context import current_user
from ...core.errors import DomainMutation
from ...core.lookup import find
from ...core.payloads import RemovedCounts, removed_counts


class DeleteStatement(DomainMutation):
    """Delete a statement with its edges, anchors and evidence, and the scheme applications left incomplete."""

    class Arguments:
        id = graphene.ID(required=True)
        expected_version = graphene.Int(required=True)

    deleted_id = graphene.ID()
    removed = graphene.Field(RemovedCounts)

    @classmethod
    def perform(cls, info, id, expected_version):
        user = current_user(info)
        statement = find(info, id, readers.STATEMENT, field="id")
        authorize(user, Action.EDIT, statement)
        counts = services.delete_statement(actor=user, statement=statement, expected_version=expected_version)
        return cls(deleted_id=id, removed=removed_counts(counts), errors=[])
