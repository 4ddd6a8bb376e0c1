"""The user's language for the screens, English for the APIs.

The admin, the annotation screen and the front page follow the user (Django's
``LocaleMiddleware``: the ``set_language`` cookie, then Accept-Language). The
REST and GraphQL APIs answer in English whatever the client's Accept-Language:
their messages, problem types and OpenAPI schema are a contract clients match
on, and their responses must not vary by language (no ``Vary: Accept-Language``).
"""

from __future__ import annotations

import re

from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation


def is_api_path(path: str) -> bool:
    return re.match(settings.API_URLS_REGEX, path) is not None


class InterfaceLocaleMiddleware(LocaleMiddleware):
    def process_request(self, request):
        if is_api_path(request.path_info):
            translation.activate(settings.LANGUAGE_CODE)
            request.LANGUAGE_CODE = translation.get_language()
            return
        super().process_request(request)

    def process_response(self, request, response):
        if is_api_path(request.path_info):
            return response
        return super().process_response(request, response)
