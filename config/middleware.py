"""Browser-only middleware: sessions, CSRF, the session's user and messages, passed over for an API request with a token.

A request to ``/api/`` or ``/graphql/`` that carries ``Authorization: Token …`` is authenticated by its
token alone (DRF's and the GraphQL view's token authentication): no cookie speaks for it, so it has no
session to load, no CSRF token to check and no flash messages to show. These subclasses (still
``SessionMiddleware`` etc. for Django's system checks and the admin) hand such a request straight to
the next layer. Everything else — security headers, CORS, size limits, the token throttles, the locale
pinned to English for the APIs, ``CommonMiddleware`` — runs for every request as before.
"""

from __future__ import annotations

from django.contrib.auth.middleware import AuthenticationMiddleware as DjangoAuthenticationMiddleware
from django.contrib.auth.models import AnonymousUser
from django.contrib.messages.middleware import MessageMiddleware as DjangoMessageMiddleware
from django.contrib.sessions.middleware import SessionMiddleware as DjangoSessionMiddleware
from django.middleware.csrf import CsrfViewMiddleware as DjangoCsrfViewMiddleware

from .security import API_PREFIXES


def token_api_request(request) -> bool:
    """An API request whose ``Authorization`` header names a token (valid or not: the API refuses a bad
    one with 401 before it reads anything)."""
    return request.path.startswith(API_PREFIXES) and request.headers.get("Authorization", "")[:6].lower() == "token "


class BrowserOnly:
    def __call__(self, request):
        if token_api_request(request):
            return self.get_response(request)
        return super().__call__(request)


class SessionMiddleware(BrowserOnly, DjangoSessionMiddleware):
    pass


class CsrfViewMiddleware(BrowserOnly, DjangoCsrfViewMiddleware):
    """Passing over ``process_request`` also passes over ``process_view`` (a token request reaches no
    CSRF check; the API views are CSRF-exempt for tokens anyway)."""

    def process_view(self, request, callback, callback_args, callback_kwargs):
        if token_api_request(request):
            return None
        return super().process_view(request, callback, callback_args, callback_kwargs)


class AuthenticationMiddleware(DjangoAuthenticationMiddleware):
    """A token request starts anonymous (there is no session to read a user from); the API's token
    authentication sets its user."""

    def process_request(self, request):
        if token_api_request(request):
            request.user = AnonymousUser()
            return
        super().process_request(request)


class MessageMiddleware(BrowserOnly, DjangoMessageMiddleware):
    pass
