"""The per-request state resolvers reach through ``info.context`` (the Django request)."""

from __future__ import annotations

from .loaders import Loaders


def current_user(info):
    return getattr(info.context, "user", None)


def loaders(info) -> Loaders:
    """This request's DataLoaders, made on first use so their caches never outlive the request."""
    context = info.context
    found = getattr(context, "argmap_loaders", None)
    if found is None:
        found = Loaders(current_user(info))
        context.argmap_loaders = found
    return found
