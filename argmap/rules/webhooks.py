"""What a webhook may point at, and how its deliveries are signed and paced.

A webhook makes the server send requests to a URL a user chose, so by default it
may not reach the server's own network (loopback, private, link-local, reserved
addresses: the cloud metadata service, the database, Redis). The setting
``ARGMAP_WEBHOOK_ALLOW_PRIVATE`` lifts that for tests and the local demo. The
address is checked when the URL is registered and again before every delivery
(a name may later resolve elsewhere); the sender connects only to the addresses it checked.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import random
import socket
from urllib.parse import urlsplit

from django.conf import settings

from argmap.errors import InvalidInput

SCHEMES = ("http", "https")
#: Sending attempts before a delivery is marked failed.
MAX_ATTEMPTS = 8
#: The first retry waits about this long; each later one twice as long, up to ``MAX_BACKOFF_SECONDS``.
BASE_BACKOFF_SECONDS = 10.0
MAX_BACKOFF_SECONDS = 3600.0
SIGNATURE_HEADER = "X-Argmap-Signature"


def allow_private() -> bool:
    return bool(getattr(settings, "ARGMAP_WEBHOOK_ALLOW_PRIVATE", False))


def check_webhook_url(url: object, *, field: str = "url", resolve: bool = True) -> str:
    """``url`` if it is an http(s) URL whose host resolves only to public addresses (or private ones are allowed)."""
    if not isinstance(url, str) or not url.strip():
        raise InvalidInput(f"{field}: an http or https URL.", field=field)
    url = url.strip()
    parts = urlsplit(url)
    if parts.scheme.lower() not in SCHEMES or not parts.hostname:
        raise InvalidInput(f"{field}: only http and https URLs with a host can receive webhooks.", field=field)
    if parts.username or parts.password:
        raise InvalidInput(
            f"{field}: credentials in the URL are not accepted; verify the signature instead.", field=field
        )
    if len(url) > 2000:
        raise InvalidInput(f"{field}: at most 2000 characters.", field=field)
    if resolve:
        check_destination(url, field=field)
    return url


def check_destination(url: str, *, field: str = "url") -> None:
    """Refuse a URL whose host resolves to a non-public address (unless private addresses are allowed)."""
    if allow_private():
        return
    parts = urlsplit(url)
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError:
        raise InvalidInput(f"{field}: the port is not a number.", field=field) from None
    vetted_addresses(parts.hostname, port, field=field)


def vetted_addresses(host: str | None, port: int, *, field: str = "url") -> list[tuple]:
    """``getaddrinfo`` of ``host``, refused whole if any address is not public (unless private ones are allowed).

    The sender connects only to what this returned (``connect_vetted``), so a name that resolves to a public
    address when checked and to a private one a moment later (DNS rebinding) never reaches the private one."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, ValueError, UnicodeError):
        raise InvalidInput(f"{field}: the host {host!r} does not resolve.", field=field) from None
    if allow_private():
        return infos
    for info in infos:
        ip = ipaddress.ip_address(info[4][0].split("%", 1)[0])
        if not ip.is_global or ip.is_multicast:
            raise InvalidInput(
                f"{field}: {host} is a private, loopback or reserved address; webhooks go to public hosts.",
                field=field,
                rule="webhook_public_address",
            )
    return infos


def connect_vetted(address: tuple[str, int], timeout: float | None = None, source_address=None) -> socket.socket:
    """``socket.create_connection`` to the addresses ``vetted_addresses`` approved, resolved once, here."""
    host, port = address
    last_error: OSError | None = None
    for family, kind, proto, _name, sockaddr in vetted_addresses(host, port):
        sock = socket.socket(family, kind, proto)
        try:
            if timeout is not None:
                sock.settimeout(timeout)
            if source_address:
                sock.bind(source_address)
            sock.connect(sockaddr)
            return sock
        except OSError as exc:
            sock.close()
            last_error = exc
    raise last_error or OSError(f"no address for {host}")


def sign(secret: str, timestamp: int, body: bytes) -> str:
    """The signature header's value: ``t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>." + body>``."""
    digest = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={digest}"


def retry_delay(attempts: int, *, rng: random.Random | None = None) -> float:
    """Seconds before the next attempt after ``attempts`` failed ones: exponential, with full jitter on the upper
    half (so retries of many deliveries spread out but each still waits at least half the nominal delay)."""
    nominal = min(MAX_BACKOFF_SECONDS, BASE_BACKOFF_SECONDS * 2 ** max(attempts - 1, 0))
    return nominal / 2 + (rng or random).uniform(0, nominal / 2)
