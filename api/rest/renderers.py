"""A fast JSON renderer for the big read responses (the whole graph): orjson serialises UUIDs and datetimes natively."""

import orjson
from rest_framework.renderers import JSONRenderer


class FastJSONRenderer(JSONRenderer):
    """``application/json`` through orjson: several times faster than the stdlib encoder on thousands of rows.

    A body the selectors wrote already (bytes: the whole graph, written by PostgreSQL) passes through as it is.
    """

    def render(self, data, accepted_media_type=None, renderer_context=None):
        if data is None:
            return b""
        if isinstance(data, bytes):
            return data
        return orjson.dumps(data, option=orjson.OPT_NON_STR_KEYS | orjson.OPT_UTC_Z)
