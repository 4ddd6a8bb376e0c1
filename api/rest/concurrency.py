"""Optimistic concurrency over HTTP: ``ETag`` is an object's version, writes must send it back in ``If-Match``.

``ETag: "3"`` on every object response. PATCH, PUT and DELETE without
``If-Match`` are refused with 428; with a version that is not the current one
the service refuses with 412 (:class:`argmap.errors.StaleVersion`), inside the
write's transaction and with the row locked, so two writers that read the same
version cannot both succeed.
"""

from __future__ import annotations

import re

from .errors import PreconditionFailed, PreconditionRequired

_VERSION_TAG = re.compile(r'^\s*(?:W/)?"(\d{1,9})"\s*$')


def etag_for(version: int) -> str:
    return f'"{version}"'


def expected_version(request) -> int:
    """The version named by ``If-Match``: 428 when absent (or ``*``), 412 when it cannot be a version."""
    header = request.headers.get("If-Match")
    if header is None or not header.strip():
        raise PreconditionRequired()
    if header.strip() == "*":
        raise PreconditionRequired(
            'If-Match: * does not say which version you read; send the ETag itself (e.g. If-Match: "3").'
        )
    match = _VERSION_TAG.match(header)
    if match is None:
        raise PreconditionFailed(f'If-Match {header!r} does not name a version of this object (ETags look like "3").')
    return int(match.group(1))


def if_none_match(request, etag: str) -> bool:
    """Whether the client's cached copy (``If-None-Match``) is still current."""
    header = request.headers.get("If-None-Match")
    if not header:
        return False
    candidates = {tag.strip().removeprefix("W/") for tag in header.split(",")}
    return "*" in candidates or etag in candidates
