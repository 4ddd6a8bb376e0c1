from __future__ import annotations

import graphene

from argmap import services
from argmap.selectors.access import authorize_review

from ...core import readers
from ...core.context import current_user
from ...core.enums import ReviewStatus
from ...core.errors import DomainMutation
from ...core.lookup import find


class SetReviewStatus(DomainMutation):
    """Move a statement or scheme application through review: authors propose (or withdraw to draft),
    reviewers and owners accept or reject (a rejection needs a reason)."""

    class Arguments:
        id = graphene.ID(required=True, description="A Statement or SchemeApplication id.")
        status = ReviewStatus(required=True)
        expected_version = graphene.Int(required=True)
        reason = graphene.String()

    node = graphene.Field("api.graphql.scheme_application.types.ArgumentNode")

    @classmethod
    def perform(cls, info, id, status, expected_version, reason=None):
        user = current_user(info)
        node = find(info, id, readers.ARGUMENT_NODE, field="id")
        authorize_review(user, node, status.value)
        reviewed = services.set_review_status(
            actor=user, node=node, status=status.value, expected_version=expected_version, reason=reason or ""
        )
        return cls(node=reviewed, errors=[])
