"""Field rules every writer applies before a value reaches a model: text and choices.

:func:`text_fault` is the one text-hygiene rule: NUL, which PostgreSQL cannot store in text,
and surrogate code points, which no UTF-8 encoder accepts (a Python string holds one only when
a JSON or GraphQL ``\\uD800`` escape was left unpaired). Every door applies it to what it
receives — REST bodies and filters, GraphQL arguments and variables, import files — through
:func:`require_text`, :func:`require_clean` or :func:`find_text_fault`.
"""

from __future__ import annotations

import re

from django.db import models

from argmap.errors import InvalidInput

_CHOICE_VALUES: dict[type, frozenset] = {}
#: What a tag's slug may be (Django's ``SlugField`` of ``Tag``, at most 80 characters).
SLUG = re.compile(r"[-a-zA-Z0-9_]{1,80}")
_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")


def text_fault(value: str) -> str | None:
    """Why ``value`` cannot be stored as text (NUL or a lone surrogate), or ``None``."""
    found = text_fault_at(value)
    return None if found is None else found[1]


def text_fault_at(value: str) -> tuple[int, str] | None:
    """Where the first character :func:`text_fault` refuses is, and why; ``None`` if there is none."""
    found = _UNSTORABLE.search(value)
    if found is None:
        return None
    if found.group() == "\x00":
        return found.start(), "must not contain NUL characters."
    return found.start(), f"must not contain a lone surrogate (U+{ord(found.group()):04X}); send valid Unicode."


def require_clean(value: str, *, field: str) -> str:
    """``value`` if :func:`text_fault` finds nothing in it; else invalid input naming ``field``."""
    fault = text_fault(value)
    if fault is not None:
        raise InvalidInput(f"{field} {fault}", field=field)
    return value


def find_text_fault(value: object, *, path: str = "") -> tuple[str, str] | None:
    """The first string (or key) in a parsed JSON-like value that :func:`text_fault` refuses, as
    ``(path, fault)`` with ``path`` in the value's own terms (``nodes[3].text``); ``None`` if clean.

    Iterative, so any nesting a parser produced is walked without recursion.
    """
    stack = [(path, value)]
    while stack:
        where, item = stack.pop()
        if isinstance(item, str):
            fault = text_fault(item)
            if fault is not None:
                return where or "value", fault
        elif isinstance(item, dict):
            for key, child in reversed(item.items()):
                name = f"{where}.{key}" if where else str(key)
                if isinstance(key, str) and (fault := text_fault(key)) is not None:
                    return (where or "value") + " (a key)", fault
                stack.append((name, child))
        elif isinstance(item, list | tuple):
            stack.extend((f"{where}[{i}]", child) for i, child in reversed(list(enumerate(item))))
    return None


def require_text(value: object, *, field: str, blank: bool = False) -> str:
    """``value`` as the text of ``field``: a string :func:`text_fault` accepts, and not blank unless ``blank``
    (then ``None`` is ``""``)."""
    if value is None:
        if blank:
            return ""
        raise InvalidInput(f"{field} must not be empty.", field=field)
    if not isinstance(value, str):
        raise InvalidInput(f"{field} must be text.", field=field)
    require_clean(value, field=field)
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
