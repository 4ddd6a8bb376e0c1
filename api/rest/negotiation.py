"""Content negotiation with DRF's answer worked out once for the request most API clients send."""

from __future__ import annotations

from rest_framework.negotiation import DefaultContentNegotiation


class ArgmapContentNegotiation(DefaultContentNegotiation):
    """DRF's negotiation, except that a request with no query string, no format suffix and no ``Accept`` (or
    ``Accept: */*``) gets the view's first renderer and its own media type straight away: the answer DRF
    reaches for it after parsing the (absent) header and every renderer's media type, per request."""

    def select_renderer(self, request, renderers, format_suffix=None):
        meta = request.META
        if not format_suffix and not meta.get("QUERY_STRING") and meta.get("HTTP_ACCEPT", "*/*") == "*/*" and renderers:
            return renderers[0], renderers[0].media_type
        return super().select_renderer(request, renderers, format_suffix)
