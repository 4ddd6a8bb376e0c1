"""Field rules every writer applies before a value reaches a model: text and choices.

:func:`text_fault` is the one text-hygiene rule: NUL, which PostgreSQL cannot store in text,
and surrogate code points, which no UTF-8 encoder accepts (a Python string holds one only when
a JSON or GraphQL ``\\uD800`` escape was left unpaired). Every door applies it to what it
receives — REST bodies and filters, GraphQL arguments and variables, import files — through
:func:`require_text`, :func:`require_clean` or :func:`find_text_fault`.
"""

from __future__ import annotations

import json
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
    """A string (or key) in a parsed JSON-like value that :func:`text_fault` refuses, as ``(path, fault)``
    with ``path`` in the value's own terms (``nodes[3].text``); ``None`` if every string is clean.

    Iterative, so any nesting a parser produced is walked without recursion; a path is spelled only
    for the string refused (a 5 MB file has hundreds of thousands of strings).
    """
    search = _UNSTORABLE.search
    containers = (dict, list, tuple)
    if isinstance(value, str):
        return (path or "value", text_fault(value)) if search(value) else None
    stack: list[tuple] = [(value, path, None)] if isinstance(value, containers) else []
    while stack:
        entry = stack.pop()
        item = entry[0]
        pairs = item.items() if isinstance(item, dict) else enumerate(item)
        for key, child in pairs:
            if isinstance(key, str) and search(key):
                return _spelled(entry) + " (a key)", text_fault(key)
            if isinstance(child, str):
                if search(child):
                    return _spelled((child, key, entry)), text_fault(child)
            elif isinstance(child, containers):
                stack.append((child, key, entry))
    return None


def _spelled(entry: tuple) -> str:
    """``nodes[3].text`` for a walk entry ``(item, key, parent entry)``; the root's key is the path given."""
    parts = []
    while entry[2] is not None:
        key = entry[1]
        parts.append(f"[{key}]" if isinstance(key, int) else f".{key}")
        entry = entry[2]
    root = entry[1] or ""
    spelled = root + "".join(reversed(parts))
    return spelled.lstrip(".") or "value"


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
