"""Reading untrusted interchange files: size and nesting limits, and errors that name the offending element."""

from __future__ import annotations

import json
import re

from argmap.errors import InvalidInput

#: Largest file an import accepts (bytes).
MAX_IMPORT_BYTES = 20 * 1024 * 1024
#: Deepest JSON nesting an import accepts; AIF needs four levels, OVA six.
MAX_JSON_DEPTH = 32
#: Most nodes / edges one import may bring.
MAX_ELEMENTS = 200_000

_STRING = re.compile(r'"(?:[^"\\]|\\.)*"')
_BRACKET = re.compile(r"[\[\]{}]")


def refuse(message: str, *, element: str | None = None, index: int | None = None, ident: object = None) -> InvalidInput:
    where = ""
    if element is not None:
        where = element + (f"[{index}]" if index is not None else "") + (f" ({ident})" if ident is not None else "")
        where += ": "
    return InvalidInput(
        where + message,
        rule="invalid_import",
        detail={"element": element, "index": index, "id": None if ident is None else str(ident)},
    )


def decode_text(raw: bytes | str) -> str:
    if isinstance(raw, bytes):
        if len(raw) > MAX_IMPORT_BYTES:
            raise refuse(f"the file is {len(raw)} bytes; imports accept at most {MAX_IMPORT_BYTES}.", element="file")
        try:
            return raw.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise refuse(f"the file is not UTF-8 (byte {exc.start}).", element="file") from None
    if len(raw) > MAX_IMPORT_BYTES:
        raise refuse(f"the file has {len(raw)} characters; imports accept at most {MAX_IMPORT_BYTES}.", element="file")
    return raw


def load_json(raw: bytes | str | dict | list) -> dict | list:
    """Parse JSON refusing oversized or deeply nested input before the parser can recurse on it."""
    if isinstance(raw, dict | list):
        _check_depth(raw)
        return raw
    text = decode_text(raw)
    check_nesting(text)
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise refuse(f"not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}.", element="file") from None
    except RecursionError:
        raise refuse(f"JSON nested deeper than {MAX_JSON_DEPTH} levels.", element="file") from None


def check_nesting(text: str) -> None:
    """Count bracket depth outside strings, so a hostile file never reaches the recursive parser."""
    depth = 0
    for match in _BRACKET.finditer(_STRING.sub('""', text)):
        if match.group() in "[{":
            depth += 1
            if depth > MAX_JSON_DEPTH:
                raise refuse(f"JSON nested deeper than {MAX_JSON_DEPTH} levels.", element="file")
        else:
            depth -= 1


def _check_depth(value: object) -> None:
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if depth > MAX_JSON_DEPTH:
            raise refuse(f"JSON nested deeper than {MAX_JSON_DEPTH} levels.", element="file")
        if isinstance(item, dict):
            stack.extend((v, depth + 1) for v in item.values())
        elif isinstance(item, list):
            stack.extend((v, depth + 1) for v in item)


SLUG = re.compile(r"^[-a-zA-Z0-9_]{1,80}$")
MAX_KEY_LENGTH = 120
MAX_ID_LENGTH = 200


def clean_tags(tags: list, *, element: str, index: int | None, ident: object = None) -> list[str]:
    """Tag slugs as the Tag model takes them (letters, digits, - and _, at most 80), each once."""
    for tag in tags:
        if not isinstance(tag, str) or not SLUG.match(tag):
            raise refuse(
                f"tag {tag!r} is not a slug (letters, digits, '-' and '_', at most 80).",
                element=element,
                index=index,
                ident=ident,
            )
    return list(dict.fromkeys(tags))


def clean_key(key: str, *, element: str, index: int | None, ident: object = None) -> str:
    if len(key) > MAX_KEY_LENGTH:
        raise refuse(f"key is longer than {MAX_KEY_LENGTH} characters.", element=element, index=index, ident=ident)
    return key
