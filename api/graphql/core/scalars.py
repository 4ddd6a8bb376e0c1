"""Scalars of argmap's own.

A :class:`JSON` value is served as its resolver returns it (UUIDs, datetimes and all): the view then
renders the whole response with orjson (``ArgmapGraphQLView.json_encode``), as the REST API does.
"""

from __future__ import annotations

from graphene.types.generic import GenericScalar


class JSON(GenericScalar):
    """A JSON value (object, list, string, number, boolean or null), sent as it is. Ids inside it are
    UUIDs as in the REST API, not global ids; times are ISO 8601 in UTC ending in `Z`."""
