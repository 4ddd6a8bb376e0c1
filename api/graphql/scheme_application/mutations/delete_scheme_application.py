from __future__ import annotations

import graphene

from argmap import services
from argmap.selectors.access import Action, authorize

from ...core import readers
from ...core.context import current_user
from ...core.errors import DomainMutation
from ...core.lookup import find
from ...core.payloads import RemovedCounts, removed_counts


class DeleteSchemeApplication(DomainMutation):
    """Delete a scheme application with its edges, and the conflicts that only undercut it."""

    class Arguments:
        id = graphene.ID(required=True)
        expected_version = graphene.Int(required=True)

    deleted_id = graphene.ID()
    removed = graphene.Field(RemovedCounts)

    @classmethod
    def perform(cls, info, id, expected_version):
        user = current_user(info)
        application = find(info, id, readers.SCHEME_APPLICATION, field="id")
        authorize(user, Action.EDIT, application)
        counts = services.delete_scheme_application(
            actor=user, application=application, expected_version=expected_version
        )
        return cls(deleted_id=id, removed=removed_counts(counts), errors=[])
