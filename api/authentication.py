"""API tokens: the token, its user and the user's workspace roles read in one query."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import authentication, exceptions
from rest_framework.authtoken.models import Token

from argmap.selectors.access import adopt_roles, roles_expression
from argmap.selectors.point_reads import PointRead

#: The token with its user and roles, its SQL compiled once per process.
TOKEN_READ = PointRead(
    Token,
    lambda: Token.objects.select_related("user").annotate(argmap_roles=roles_expression("user_id")),
    field="key",
    for_user=False,
    sentinel="(not a token: the compiled read's sentinel)",
)


class TokenAuthentication(authentication.TokenAuthentication):
    """DRF's ``Authorization: Token <key>``, with the memberships :func:`~argmap.selectors.access.roles_of`
    needs selected beside the user: a point read pays one round trip for authentication, not two."""

    def authenticate_credentials(self, key):
        token = TOKEN_READ.read(key=key)
        if token is None:
            raise exceptions.AuthenticationFailed(_("Invalid token."))
        if not token.user.is_active:
            raise exceptions.AuthenticationFailed(_("User inactive or deleted."))
        adopt_roles(token.user, token.argmap_roles)
        return (token.user, token)
