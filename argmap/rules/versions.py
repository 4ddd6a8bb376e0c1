"""Optimistic concurrency: every write that changes a versioned row moves its version on by one."""

from __future__ import annotations


def bump_version(obj: object, *, current: int | None = None) -> int:
    """Set ``obj.version`` one past ``current`` (default: the version it has) and return it.

    ``current`` is for a row whose fields were just overwritten with older ones (a revert): its
    next version follows the version it had, not the one it was restored to.
    """
    obj.version = (obj.version if current is None else current) + 1
    return obj.version
