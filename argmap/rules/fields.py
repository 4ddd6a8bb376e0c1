"""Field rules every writer applies before a value reaches a model: text and choices."""

from __future__ import annotations

import json
import re

from django.db import models

from argmap.errors import InvalidInput

_CHOICE_VALUES: dict[type, frozenset] = {}
#: What a tag's slug may be (Django's ``SlugField`` of ``Tag``, at most 80 characters).
SLUG = re.compile(r"[-a-zA-Z0-9_]{1,80}")


def require_text(value: object, *, field: str, blank: bool = False) -> str:
    """``value`` as the text of ``field``: a string without NUL characters, and not blank unless ``blank``
    (then ``None`` is ``""``)."""
    if value is None:
        if blank:
            return ""
        raise InvalidInput(f"{field} must not be empty.", field=field)
    if not isinstance(value, str):
        raise InvalidInput(f"{field} must be text.", field=field)
    if "\x00" in value:
        raise InvalidInput(f"{field} must not contain NUL characters.", field=field)
    if not blank and not value.strip():
        raise InvalidInput(f"{field} must not be empty.", field=field)
    return value


def require_choice(value: object, choices: type[models.TextChoices], *, field: str) -> str:
    """``value`` if it is one of ``choices``' values."""
    allowed = _CHOICE_VALUES.get(choices)
    if allowed is None:
        allowed = _CHOICE_VALUES[choices] = frozenset(choices.values)
    if not isinstance(value, str) or value not in allowed:
        raise InvalidInput(f"{field} must be one of: {', '.join(choices.values)} (got {value!r}).", field=field)
    return value


def require_slug(value: object, *, field: str) -> str:
    """A tag slug: letters, digits, ``-`` and ``_``, at most 80 characters."""
    if not isinstance(value, str) or not SLUG.fullmatch(value):
        shown = value[:40] if isinstance(value, str) else value
        raise InvalidInput(f"{field} {shown!r} is not a slug (letters, digits, '-' and '_', at most 80).", field=field)
    return value


#: Largest ``data`` mapping a statement or scheme application may carry (characters of its JSON).
MAX_DATA_CHARS = 100_000


def require_data(value: object, *, field: str = "data") -> dict:
    """A node's ``data``: a JSON object (``None`` is ``{}``) of at most :data:`MAX_DATA_CHARS` as JSON."""
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise InvalidInput(f"{field} must be a mapping.", field=field)
    try:
        size = len(json.dumps(value, ensure_ascii=False))
    except (TypeError, ValueError, RecursionError):
        raise InvalidInput(f"{field} must hold only JSON values.", field=field) from None
    if size > MAX_DATA_CHARS:
        raise InvalidInput(f"{field} is too large ({size} characters; at most {MAX_DATA_CHARS}).", field=field)
    return value
