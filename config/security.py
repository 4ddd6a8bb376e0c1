"""Deployment hardening shared by both APIs and the admin: what counts as the database failing,
request size limits, and throttling of password and token guessing.

Throttle counts live in Django's default cache, which production points at Redis (``REDIS_URL``
or ``CACHE_URL``) so that every app server shares one count; a per-process count would let an
attacker multiply the limit by the number of workers.
"""

from __future__ import annotations

import json
import logging
import time

from django.conf import settings
from django.contrib.auth.signals import user_login_failed
from django.core.cache import cache
from django.db import InterfaceError, OperationalError
from django.dispatch import receiver
from django.http import HttpResponse, JsonResponse

try:
    import psycopg
except ImportError:  # SQLite-only installs
    psycopg = None

#: The database failing under a request (connection lost, server shutting down, query cancelled):
#: not the client's doing, so answered 503 / UNAVAILABLE. psycopg's own classes too, for the raw
#: ``COPY`` of bulk inserts, which bypasses Django's error wrapping.
DATABASE_FAILURES: tuple[type[BaseException], ...] = (OperationalError, InterfaceError) + (
    (psycopg.OperationalError, psycopg.InterfaceError) if psycopg else ()
)

LOGIN_PATH = "/admin/login/"
logger = logging.getLogger(__name__)


def _refusal(request, status: int, detail: str, *, code: str, headers: dict | None = None) -> HttpResponse:
    """The refusal in the shape the caller reads: problem details (REST), GraphQL errors, or plain text."""
    if request.path.startswith("/api/"):
        body = {
            "type": f"urn:argmap:problem:{code}",
            "title": {413: "Request too large", 429: "Too many requests"}.get(status, "Error"),
            "status": status,
            "detail": detail,
            "instance": request.get_full_path(),
        }
        response = HttpResponse(json.dumps(body), status=status, content_type="application/problem+json")
    elif request.path.startswith("/graphql/"):
        response = JsonResponse({"errors": [{"message": detail, "extensions": {"code": code.upper()}}]}, status=status)
    else:
        response = HttpResponse(detail, status=status, content_type="text/plain; charset=utf-8")
    for name, value in (headers or {}).items():
        response[name] = value
    return response


class RequestSizeLimitMiddleware:
    """Refuse a body larger than the limit before anything reads it (413, in the caller's error shape).

    JSON and form bodies: ``DATA_UPLOAD_MAX_MEMORY_SIZE``. Multipart uploads (map import files):
    ``ARGMAP_MAX_UPLOAD_BYTES``. Django's own check answers an HTML 400 deep inside the view.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return _refusal(request, 400, "Content-Length is not a number.", code="invalid")
        multipart = request.META.get("CONTENT_TYPE", "").startswith("multipart/")
        limit = settings.ARGMAP_MAX_UPLOAD_BYTES if multipart else settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        if limit is not None and length > limit:
            return _refusal(
                request,
                413,
                f"The request body is {length} bytes; the limit is {limit} bytes"
                + ("." if multipart else " (upload large files as multipart/form-data)."),
                code="too_large",
            )
        return self.get_response(request)


def client_address(request) -> str:
    """The address limits count against: ``REMOTE_ADDR``, or with ``ARGMAP_TRUSTED_PROXY_HOPS = n`` the
    n-th address from the right of ``X-Forwarded-For`` (the one your own proxies saw), never a
    client-chosen entry."""
    hops = settings.ARGMAP_TRUSTED_PROXY_HOPS
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    if hops and len(forwarded) >= hops:
        return forwarded[-hops]
    return request.META.get("REMOTE_ADDR", "unknown")


class Throttle:
    """Failures per client address in a fixed window, counted in the shared cache."""

    def __init__(self, name: str, limit: int, window: int):
        self.name, self.limit, self.window = name, limit, window

    def _key(self, address: str) -> str:
        return f"argmap:throttle:{self.name}:{address}:{int(time.time() // self.window)}"

    def exceeded(self, address: str) -> bool:
        try:
            return (cache.get(self._key(address)) or 0) >= self.limit
        except Exception:  # the cache is down: serve (fail open) rather than refuse everyone
            logger.warning("Throttle cache unavailable; %s not checked", self.name, exc_info=True)
            return False

    def record_failure(self, address: str) -> None:
        key = self._key(address)
        try:
            if not cache.add(key, 1, timeout=self.window):
                try:
                    cache.incr(key)
                except ValueError:  # expired between add and incr
                    cache.add(key, 1, timeout=self.window)
        except Exception:
            logger.warning("Throttle cache unavailable; %s failure not counted", self.name, exc_info=True)

    def retry_after(self) -> int:
        return self.window - int(time.time()) % self.window


def login_throttle() -> Throttle:
    return Throttle("login", *settings.ARGMAP_LOGIN_FAILURES)


def token_throttle() -> Throttle:
    return Throttle("token", *settings.ARGMAP_TOKEN_FAILURES)


@receiver(user_login_failed, dispatch_uid="argmap-login-throttle")
def _count_failed_login(sender, credentials, request=None, **kwargs):
    if request is not None:
        login_throttle().record_failure(client_address(request))


class AuthenticationThrottleMiddleware:
    """Password and token guessing, refused with 429 once an address has failed too often.

    * Admin login: each failed login (Django's ``user_login_failed``) counts; over
      ``ARGMAP_LOGIN_FAILURES`` = (failures, seconds), POSTs to the login page are refused.
    * API tokens: each request whose ``Authorization: Token …`` is refused (401) counts; over
      ``ARGMAP_TOKEN_FAILURES``, every token-bearing request from that address is refused before
      the token is even looked up. Successful requests cost one cache read and count nothing.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        address = client_address(request)
        if request.method == "POST" and request.path == LOGIN_PATH:
            throttle = login_throttle()
            if throttle.exceeded(address):
                return self._too_many(request, throttle, "Too many failed logins from your address")
        bears_token = request.headers.get("Authorization", "").split(" ", 1)[0].lower() == "token"
        if bears_token:
            throttle = token_throttle()
            if throttle.exceeded(address):
                return self._too_many(request, throttle, "Too many requests with an invalid token from your address")
        response = self.get_response(request)
        if bears_token and response.status_code == 401:
            token_throttle().record_failure(address)
        return response

    def _too_many(self, request, throttle: Throttle, what: str) -> HttpResponse:
        wait = throttle.retry_after()
        return _refusal(
            request, 429, f"{what}; try again in {wait} seconds.", code="throttled", headers={"Retry-After": str(wait)}
        )
