"""Optimistic concurrency over HTTP: ``ETag`` is an object's version, writes must send it back in ``If-Match``.

``ETag: "3"`` on every object response. PATCH, PUT and DELETE without
``If-Match`` are refused with 428; with a version that is not the current one
the service refuses with 412 (:class:`argmap.errors.StaleVersion`), inside the
write's transaction and with the row locked, so two writers that read the same
version cannot both succeed.
"""

from __future__ import annotations

import re

from argmap.errors import InvalidInput

from .errors import PreconditionFailed, PreconditionRequired

#: One entity-tag of RFC 9110 (§8.8.3): an optional weak prefix and an opaque tag in double quotes.
_ENTITY_TAG = re.compile(r'\s*(W/)?"([\x21\x23-\x7e\x80-\xff]*)"\s*')
#: The If-Match grammar, for the OpenAPI pattern: ``*`` or a comma-separated list of entity-tags.
IF_MATCH_PATTERN = r'^\s*(\*|(W/)?"[\x21\x23-\x7e\x80-\xff]*"(\s*,\s*(W/)?"[\x21\x23-\x7e\x80-\xff]*")*)\s*$'


def etag_for(version: int) -> str:
    return f'"{version}"'


def _entity_tags(header: str) -> list[tuple[bool, str]] | None:
    """``[(weak, opaque), …]`` of an If-Match list, or None when the header is not one (RFC 9110 §13.1.1)."""
    tags, position = [], 0
    while True:
        match = _ENTITY_TAG.match(header, position)
        if match is None:
            return None
        tags.append((match.group(1) is not None, match.group(2)))
        position = match.end()
        if position == len(header):
            return tags
        if header[position] != ",":
            return None
        position += 1


def expected_version(request, current: int) -> int:
    """The version a write may go ahead from, judged by ``If-Match`` as RFC 9110 §13.1.1 says.

    Absent → 428. ``*`` matches the object as it is (it exists: the view found it). A list matches when one
    of its tags equals the current ETag under strong comparison, so a weak tag (``W/"3"``) never matches.
    No match → 412; a header that is not ``*`` or a list of entity-tags → 400. The version returned is
    the one the service re-checks with the row locked, so a write that raced in between is still a 412
    (and a single stale tag reaches the service, whose 412 names the version sent and the current one).
    """
    header = request.headers.get("If-Match")
    if header is None or not header.strip():
        raise PreconditionRequired()
    if header.strip() == "*":
        return current
    tags = _entity_tags(header)
    if tags is None:
        raise InvalidInput(
            f'If-Match {header!r} is not "*" or a list of ETags (ETags look like "3").', field="If-Match"
        )
    if any(not weak and opaque == str(current) for weak, opaque in tags):
        return current
    strong = [opaque for weak, opaque in tags if not weak]
    if len(strong) == 1 and re.fullmatch(r"\d{1,9}", strong[0]):
        return int(strong[0])  # the service refuses it as stale, naming both versions
    raise PreconditionFailed(
        f"If-Match {header.strip()} does not name the current version of this object (its ETag is "
        f'"{current}"; weak tags never match). Reload it and retry.'
    )


def if_none_match(request, etag: str) -> bool:
    """Whether the client's cached copy (``If-None-Match``) is still current."""
    header = request.headers.get("If-None-Match")
    if not header:
        return False
    candidates = {tag.strip().removeprefix("W/") for tag in header.split(",")}
    return "*" in candidates or etag in candidates
