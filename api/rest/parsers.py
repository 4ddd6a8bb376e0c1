"""Request parsers: DRF's, made total over hostile JSON."""

from __future__ import annotations

from rest_framework import parsers
from rest_framework.exceptions import ParseError, ValidationError

from argmap.rules import find_text_fault


class JSONParser(parsers.JSONParser):
    """DRF's JSON parser; JSON nested deeper than Python's decoder can follow is a 400 like any bad JSON
    (DRF catches only ``ValueError``, so ``[[[[…]]]]`` raised ``RecursionError`` and answered 500).

    Every string of the body, at any depth, passes the text-hygiene rule here, so a field added
    tomorrow (or a JSON field no serializer validates) cannot carry NUL or a lone surrogate to the
    database."""

    def parse(self, stream, media_type=None, parser_context=None):
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise ParseError("JSON parse error - the document is nested too deeply.") from None
        found = find_text_fault(data)
        if found is not None:
            where, fault = found
            raise ValidationError({where: [f"{where} {fault}"]})
        return data


class UnreadBodyParser(parsers.BaseParser):
    """Accepts any body without reading it, so a view can read the raw bytes itself (``request._request.body``).

    DRF parses the body as soon as session authentication checks CSRF (Django's check looks for a form
    token); with no parser for the content type that answered 415 to a browser posting JSON. CSRF is still
    enforced: the token then comes from the ``X-CSRFToken`` header.
    """

    media_type = "*/*"

    def parse(self, stream, media_type=None, parser_context=None):
        return {}
