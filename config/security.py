"""Deployment hardening shared by both APIs and the admin: request size limits, and throttling of
password and token guessing.

Throttle counts live in Django's default cache, which production points at Redis (``REDIS_URL``
or ``CACHE_URL``) so that every app server shares one count; a per-process count would let an
attacker multiply the limit by the number of workers.
"""

from __future__ import annotations

import json
import logging
import math
import time

from django.conf import settings
from django.contrib.auth.signals import user_login_failed
from django.core.cache import cache
from django.dispatch import receiver
from django.http import HttpResponse, JsonResponse

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


class ContentSecurityPolicyMiddleware:
    """``Content-Security-Policy`` (``settings.ARGMAP_CONTENT_SECURITY_POLICY``) on every response
    that does not set its own: scripts and styles only from the site's own files, no plugins, no
    framing, forms and ``<base>`` only to the site — so text that slips into a page (a statement, a
    server SVG put in with ``innerHTML``) cannot run script or restyle the page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        policy = settings.ARGMAP_CONTENT_SECURITY_POLICY
        if policy and "Content-Security-Policy" not in response:
            response["Content-Security-Policy"] = policy
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
    header = request.META.get("HTTP_X_FORWARDED_FOR", "")
    forwarded = [part.strip() for part in header.split(",") if part.strip()]
    if hops and len(forwarded) >= hops:
        return forwarded[-hops]
    if header and not hops:
        _warn_untrusted_proxy()
    return request.META.get("REMOTE_ADDR", "unknown")


_proxy_warned = False


def _warn_untrusted_proxy() -> None:
    """Once per process: requests arrive through a proxy that the throttles do not know about, so every
    client behind it shares the proxy's address (see ``ARGMAP_TRUSTED_PROXY_HOPS`` in docs/security.md)."""
    global _proxy_warned
    if not _proxy_warned and not settings.DEBUG:
        _proxy_warned = True
        logger.warning(
            "Requests carry X-Forwarded-For but ARGMAP_TRUSTED_PROXY_HOPS is 0: throttles count the proxy's "
            "address for every client behind it. Set ARGMAP_TRUSTED_PROXY_HOPS (and ARGMAP_BEHIND_PROXY=1)."
        )


def _now() -> float:
    return time.time()


class Throttle:
    """Failures per key in a sliding window, counted in the shared cache.

    The window is cut into :attr:`SLOTS` slots, each one counter (``add``/``incr``, atomic on Redis);
    the count is the sum of the current slot and the :attr:`SLOTS` before it. That span covers the last
    ``window`` seconds and up to one slot more, so no ``window``-long span — across a fixed-window
    boundary or not — ever lets more than ``limit`` failures through; the price is that a refused
    key waits up to one slot longer than an exact log would make it.
    """

    SLOTS = 10

    def __init__(self, name: str, limit: int, window: int):
        self.name, self.limit, self.window = name, limit, window
        self.slot = max(1, window // self.SLOTS)

    def _key(self, key: str, slot: int | None = None) -> str:
        slot = int(_now() // self.slot) if slot is None else slot
        return f"argmap:throttle:{self.name}:{key}:{slot}"

    def _names(self, key: str) -> tuple[int, list[str]]:
        """(the current slot, the counters' names from the oldest counted slot to the current)."""
        current = int(_now() // self.slot)
        return current, [self._key(key, slot) for slot in range(current - self.SLOTS, current + 1)]

    def _slots(self, key: str) -> tuple[int, list[int]]:
        """(the current slot, failures per slot from the oldest counted to the current)."""
        current, names = self._names(key)
        found = cache.get_many(names)
        return current, [found.get(name, 0) for name in names]

    def count(self, key: str) -> int:
        return sum(self._slots(key)[1])

    def exceeded(self, key: str) -> bool:
        try:
            return self.count(key) >= self.limit
        except Exception:  # the cache is down: serve (fail open) rather than refuse everyone
            logger.warning("Throttle cache unavailable; %s not checked", self.name, exc_info=True)
            return False

    def record_failure(self, key: str) -> None:
        name = self._key(key)
        timeout = self.slot * (self.SLOTS + 2)
        try:
            if not cache.add(name, 1, timeout=timeout):
                try:
                    cache.incr(name)
                except ValueError:  # expired between add and incr
                    cache.add(name, 1, timeout=timeout)
        except Exception:
            logger.warning("Throttle cache unavailable; %s failure not counted", self.name, exc_info=True)

    def retry_after(self, key: str) -> int:
        """Seconds until enough slots have slid out for the count to fall below the limit."""
        try:
            current, counts = self._slots(key)
        except Exception:
            return 1
        excess = sum(counts) - self.limit + 1
        for age, failures in enumerate(counts, start=1):  # the oldest slot leaves first
            excess -= failures
            if excess <= 0:
                return max(1, math.ceil((current + age) * self.slot - _now()))
        return self.window + self.slot


def first_exceeded(checks) -> tuple[Throttle, str] | None:
    """The first ``(throttle, key)`` of ``checks`` over its limit, or ``None``.

    Every counter is read in one cache round trip: this runs on every request that bears a token."""
    try:
        named = [(throttle, key, throttle._names(key)[1]) for throttle, key in checks]
        found = cache.get_many([name for *_, names in named for name in names])
    except Exception:  # the cache is down: serve (fail open) rather than refuse everyone
        logger.warning("Throttle cache unavailable; %s not checked", [t.name for t, _ in checks], exc_info=True)
        return None
    for throttle, key, names in named:
        if sum(found.get(name, 0) for name in names) >= throttle.limit:
            return throttle, key
    return None


def login_throttles() -> tuple[Throttle, Throttle]:
    """(failed logins per address and username, failed logins per address over all usernames)."""
    return Throttle("login", *settings.ARGMAP_LOGIN_FAILURES), Throttle(
        "login-address", *settings.ARGMAP_LOGIN_ADDRESS_FAILURES
    )


def token_throttles() -> tuple[Throttle, Throttle]:
    """(refused tokens per token prefix, refused tokens per address over all prefixes)."""
    return Throttle("token", *settings.ARGMAP_TOKEN_FAILURES), Throttle(
        "token-address", *settings.ARGMAP_TOKEN_ADDRESS_FAILURES
    )


def _login_keys(address: str, username: object) -> tuple[str, str]:
    name = str(username or "").strip().casefold()[:150]
    return f"{address}|{name}", address


def _token_keys(address: str, key: str) -> tuple[str, str]:
    return key[:TOKEN_PREFIX], address


#: Paths whose views authenticate a token before they do anything else (DRF, the GraphQL view).
API_PREFIXES = ("/api/", "/graphql/")

#: Characters of a token that name its bucket: enough to tell clients apart, too few to help a guesser.
TOKEN_PREFIX = 8


@receiver(user_login_failed, dispatch_uid="argmap-login-throttle")
def _count_failed_login(sender, credentials, request=None, **kwargs):
    if request is not None:
        keys = _login_keys(client_address(request), credentials.get("username"))
        for throttle, key in zip(login_throttles(), keys, strict=True):
            throttle.record_failure(key)


def _valid_token(request) -> bool:
    from rest_framework.exceptions import AuthenticationFailed

    from api.authentication import TokenAuthentication

    try:
        return TokenAuthentication().authenticate(request) is not None
    except AuthenticationFailed:
        return False


class AuthenticationThrottleMiddleware:
    """Password and token guessing, refused with 429 — without locking out the right credentials.

    * Admin login: failed logins (Django's ``user_login_failed``) count per address *and username*
      (``ARGMAP_LOGIN_FAILURES``) and per address over all usernames (``ARGMAP_LOGIN_ADDRESS_FAILURES``,
      larger: password spraying). Over either, POSTs for that username from that address are refused
      before the password is checked — letting a right password through would tell a guesser it is
      right — while other users at the same address (an office, a proxy) still log in.
    * API tokens: refused tokens (401) count per token prefix (``ARGMAP_TOKEN_FAILURES``) and per
      address (``ARGMAP_TOKEN_ADDRESS_FAILURES``). Over either, the token is still checked (one
      query) and a valid one is served: tokens are 160-bit random, so only failures need slowing, and
      one attacker behind a shared address cannot lock out the clients with good tokens.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        address = client_address(request)
        if request.method == "POST" and request.path == LOGIN_PATH:
            keys = _login_keys(address, request.POST.get("username"))
            if over := first_exceeded(list(zip(login_throttles(), keys, strict=True))):
                return self._too_many(request, *over, "Too many failed logins from your address")
        authorization = request.headers.get("Authorization", "").split()
        bears_token = len(authorization) >= 1 and authorization[0].lower() == "token"
        if not bears_token:
            return self.get_response(request)
        if request.path.startswith(API_PREFIXES):
            # The APIs authenticate before anything else, so a refused token has run nothing: the
            # throttles are read only then, and a valid token's request never waits on the cache.
            response = self.get_response(request)
            if response.status_code == 401:
                response = self._refused_token(request, address, authorization, response)
            return response
        keys = _token_keys(address, authorization[1] if len(authorization) > 1 else "")
        over = first_exceeded(list(zip(token_throttles(), keys, strict=True)))
        if over and not _valid_token(request):
            return self._too_many(request, *over, "Too many requests with an invalid token from your address")
        response = self.get_response(request)
        if response.status_code == 401:
            for throttle, key in zip(token_throttles(), keys, strict=True):
                throttle.record_failure(key)
        return response

    def _refused_token(self, request, address, authorization, response):
        """A 401 to a token: 429 if its prefix or address is over a limit, else the 401, counted."""
        keys = _token_keys(address, authorization[1] if len(authorization) > 1 else "")
        checks = list(zip(token_throttles(), keys, strict=True))
        if over := first_exceeded(checks):
            return self._too_many(request, *over, "Too many requests with an invalid token from your address")
        for throttle, key in checks:
            throttle.record_failure(key)
        return response

    def _too_many(self, request, throttle: Throttle, key: str, what: str) -> HttpResponse:
        wait = throttle.retry_after(key)
        return _refusal(
            request, 429, f"{what}; try again in {wait} seconds.", code="throttled", headers={"Retry-After": str(wait)}
        )
