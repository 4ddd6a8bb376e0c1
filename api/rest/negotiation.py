"""Content negotiation with DRF's answer worked out once for the request most API clients send."""

from __future__ import annotations

from rest_framework.negotiation import DefaultContentNegotiation


def makes_no_choice(meta, format_suffix=None) -> bool:
    """Whether a request leaves the representation to the view: no query string (no ``?format=``), no format
    suffix, and no ``Accept`` or ``Accept: */*`` — what most API clients send."""
    return not format_suffix and not meta.get("QUERY_STRING") and meta.get("HTTP_ACCEPT", "*/*") == "*/*"


class ArgmapContentNegotiation(DefaultContentNegotiation):
    """DRF's negotiation, except that a request with no query string, no format suffix and no ``Accept`` (or
    ``Accept: */*``) gets the view's first renderer and its own media type straight away: the answer DRF
    reaches for it after parsing the (absent) header and every renderer's media type, per request."""

    def select_renderer(self, request, renderers, format_suffix=None):
        if renderers and makes_no_choice(request.META, format_suffix):
            return renderers[0], renderers[0].media_type
        return super().select_renderer(request, renderers, format_suffix)
