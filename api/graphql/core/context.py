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


#: Set on the request when a resolver returned a pre-built JSON value holding UUIDs and datetimes
#: (``Map.graphDocument``): the view then renders the response with orjson.
RENDER_WITH_ORJSON = "argmap_render_with_orjson"


def render_with_orjson(info) -> None:
    setattr(info.context, RENDER_WITH_ORJSON, True)


def renders_with_orjson(request) -> bool:
    return getattr(request, RENDER_WITH_ORJSON, False)
