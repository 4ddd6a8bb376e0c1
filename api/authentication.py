"""API tokens: the token, its user and the user's workspace roles read in one query."""

from __future__ import annotations

import threading
from collections import OrderedDict

from django.utils.translation import gettext_lazy as _
from rest_framework import authentication, exceptions
from rest_framework.authtoken.models import Token

from argmap.selectors.access import adopt_roles, roles_expression
from argmap.selectors.point_reads import UNREAD, PointRead

#: The token with its user and roles, its SQL compiled once per process.
TOKEN_READ = PointRead(
    Token,
    lambda: Token.objects.select_related("user").annotate(argmap_roles=roles_expression("user_id")),
    field="key",
    for_user=False,
    sentinel="(not a token: the compiled read's sentinel)",
)

#: Tokens whose reader this process remembers (see ``_readers``).
READERS_KEPT = 1024


class ReadBeside:
    """A view's point read that the token's authentication may make in the same round trip as the token's
    (``request.argmap_read_beside``); ``row`` is the row found for the authenticated reader, or ``UNREAD``."""

    __slots__ = ("key", "point_read", "row")

    def __init__(self, point_read: PointRead, key):
        self.point_read, self.key, self.row = point_read, key, UNREAD


class _Readers:
    """Per token, the reader (``reader_shape`` and values) it named when last authenticated: only a *guess* of
    which compiled read to join to the token's, checked by :meth:`PointRead.read_beside` against the token,
    user and roles read in that same statement — a wrong or stale guess costs the usual second round trip,
    never an answer."""

    def __init__(self, kept: int):
        self.kept, self.lock, self.guesses = kept, threading.Lock(), OrderedDict()

    def get(self, key: str):
        """The guess for ``key``, now the most recently used (a guess that held is not remembered again)."""
        with self.lock:
            guess = self.guesses.get(key)
            if guess is not None:
                self.guesses.move_to_end(key)
            return guess

    def remember(self, key: str, guess: tuple) -> None:
        with self.lock:
            self.guesses[key] = guess
            self.guesses.move_to_end(key)
            while len(self.guesses) > self.kept:
                self.guesses.popitem(last=False)


_readers = _Readers(READERS_KEPT)


def _active_reader(token):
    if not token.user.is_active:
        return None
    adopt_roles(token.user, token.argmap_roles)
    return token.user


class TokenAuthentication(authentication.TokenAuthentication):
    """DRF's ``Authorization: Token <key>``, with the memberships :func:`~argmap.selectors.access.roles_of`
    needs selected beside the user: a point read pays one round trip for authentication, not two — and none
    of its own when the view asks for its row beside the token (:class:`ReadBeside`) and this token's reader
    is the one it named last time."""

    _beside: ReadBeside | None = None

    def authenticate(self, request):
        self._beside = getattr(request, "argmap_read_beside", None)
        return super().authenticate(request)

    def authenticate_credentials(self, key):
        beside, token = self._beside, UNREAD
        guess = _readers.get(key) if beside is not None else None
        if guess is not None:
            token, beside.row = beside.point_read.read_beside(
                TOKEN_READ, key, beside.key, guess=guess, reader_of=_active_reader
            )
        if token is UNREAD:
            token = TOKEN_READ.read(key=key)
        if token is None:
            raise exceptions.AuthenticationFailed(_("Invalid token."))
        if not token.user.is_active:
            raise exceptions.AuthenticationFailed(_("User inactive or deleted."))
        adopt_roles(token.user, token.argmap_roles)
        if beside is not None and beside.row is UNREAD:
            _readers.remember(key, beside.point_read.audience_of(token.user))
        return (token.user, token)
