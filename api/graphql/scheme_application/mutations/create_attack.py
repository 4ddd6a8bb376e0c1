from __future__ import annotations

import graphene

from argmap import services
from argmap.rules import scheme_by_key
from argmap.selectors.access import Action, authorize

from ...core import readers
from ...core.context import current_user
from ...core.errors import DomainMutation
from ...core.lookup import find
from ..types import SchemeApplication


class CreateAttack(DomainMutation):
    """Attacker → conflict (CA) → target, in one transaction. A statement target is rebutted (a conclusion or
    claim) or undermined (a premise); an inference target is undercut."""

    class Arguments:
        attacker_id = graphene.ID(required=True)
        target_id = graphene.ID(required=True, description="A Statement or an inference's SchemeApplication id.")
        scheme_key = graphene.String()
        note = graphene.String()
        key = graphene.String()

    conflict = graphene.Field(SchemeApplication)

    @classmethod
    def perform(cls, info, attacker_id, target_id, scheme_key=None, note=None, key=None):
        user = current_user(info)
        attacker = find(info, attacker_id, readers.STATEMENT, field="attackerId")
        target = find(info, target_id, readers.ARGUMENT_NODE, field="targetId")
        authorize(user, Action.CREATE, attacker.map)
        conflict = services.create_attack(
            actor=user,
            attacker=attacker,
            target=target,
            scheme=scheme_by_key(scheme_key, field="schemeKey"),
            note=note or "",
            key=key or "",
        )
        return cls(conflict=conflict, errors=[])
