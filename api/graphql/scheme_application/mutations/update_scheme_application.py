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


class UpdateSchemeApplication(DomainMutation):
    """Change a scheme application's scheme, note or key; `schemeKey: null` removes the scheme."""

    class Arguments:
        id = graphene.ID(required=True)
        expected_version = graphene.Int(required=True)
        scheme_key = graphene.String()
        note = graphene.String()
        key = graphene.String()

    scheme_application = graphene.Field(SchemeApplication)

    @classmethod
    def perform(cls, info, id, expected_version, **arguments):
        user = current_user(info)
        application = find(info, id, readers.SCHEME_APPLICATION, field="id")
        authorize(user, Action.EDIT, application)
        changes = {name: arguments[name] or "" for name in ("note", "key") if name in arguments}
        if "scheme_key" in arguments:
            changes["scheme"] = scheme_by_key(arguments["scheme_key"], field="schemeKey")
        updated = services.update_scheme_application(
            actor=user, application=application, expected_version=expected_version, **changes
        )
        return cls(scheme_application=updated, errors=[])
