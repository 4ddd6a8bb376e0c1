from __future__ import annotations

import graphene

from argmap import services
from argmap.rules import scheme_by_key
from argmap.selectors.access import Action, authorize

from ...core import readers
from ...core.context import current_user
from ...core.errors import DomainMutation
from ...core.lookup import find, find_all
from ..types import SchemeApplication


class CreateArgument(DomainMutation):
    """Premises → inference (RA) → conclusion, in one transaction."""

    class Arguments:
        premise_ids = graphene.List(graphene.NonNull(graphene.ID), required=True)
        conclusion_id = graphene.ID(required=True)
        scheme_key = graphene.String(description="The argumentation scheme applied (see `schemes`).")
        note = graphene.String()
        key = graphene.String()
        confirm_cycle = graphene.Boolean(
            default_value=False,
            description="Create the support even though it closes a cycle of support (refused otherwise).",
        )

    inference = graphene.Field(SchemeApplication)

    @classmethod
    def perform(cls, info, premise_ids, conclusion_id, scheme_key=None, note=None, key=None, confirm_cycle=False):
        user = current_user(info)
        conclusion = find(info, conclusion_id, readers.STATEMENT, field="conclusionId")
        premises = find_all(info, premise_ids, readers.STATEMENT, field="premiseIds")
        authorize(user, Action.CREATE, conclusion.map)
        inference = services.create_argument(
            actor=user,
            premises=premises,
            conclusion=conclusion,
            scheme=scheme_by_key(scheme_key, field="schemeKey"),
            note=note or "",
            key=key or "",
            confirm_cycle=bool(confirm_cycle),
        )
        return cls(inference=inference, errors=[])
