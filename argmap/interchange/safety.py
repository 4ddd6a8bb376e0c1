"""Reading untrusted interchange files: size and nesting limits, and errors that name the offending element."""

from __future__ import annotations

import json
import re

from argmap.errors import DomainError, InvalidInput
from argmap.rules import find_text_fault, require_slug, text_fault, text_fault_at

#: Largest file an import accepts (bytes): the one limit every door (REST, admin, command) applies.
MAX_IMPORT_BYTES = 20 * 1024 * 1024
#: Deepest JSON nesting an import accepts; AIF needs four levels, OVA six.
MAX_JSON_DEPTH = 32
#: Most nodes / edges one import may bring.
MAX_ELEMENTS = 200_000

#: A JSON string, written as an unrolled loop: the same matches as ``"(?:[^"\\]|\\.)*"`` at 2-20x the speed
#: on a 5 MB file (no alternation per character).
_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"')
_BRACKET = re.compile(r"[\[\]{}]")


def _where(element: str | None, index: int | None, ident: object) -> str:
    if element is None:
        return ""
    return element + (f"[{index}]" if index is not None else "") + (f" ({ident})" if ident is not None else "") + ": "


def _detail(element: str | None, index: int | None, ident: object) -> dict:
    return {"element": element, "index": index, "id": None if ident is None else str(ident)}


def refuse(message: str, *, element: str | None = None, index: int | None = None, ident: object = None) -> InvalidInput:
    return InvalidInput(
        _where(element, index, ident) + message, rule="invalid_import", detail=_detail(element, index, ident)
    )


def located(error: DomainError, *, element: str, index: int | None, ident: object = None) -> DomainError:
    """``error`` (a rule's refusal, or one about a payload row) re-aimed at an element of the file."""
    reason = error.message.split(": ", 1)[-1] if error.detail.get("element") else error.message
    return type(error)(
        _where(element, index, ident) + reason,
        rule=error.rule,
        field=error.field,
        detail=_detail(element, index, ident),
    )


def check_import_size(size: int, *, unit: str = "bytes") -> None:
    """Refuse a file over :data:`MAX_IMPORT_BYTES` (before reading it, where the size is known)."""
    if size > MAX_IMPORT_BYTES:
        raise refuse(f"the file has {size} {unit}; imports accept at most {MAX_IMPORT_BYTES}.", element="file")


def decode_text(raw: bytes | str) -> str:
    check_import_size(len(raw), unit="bytes" if isinstance(raw, bytes) else "characters")
    if isinstance(raw, bytes):
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise refuse(f"the file is not UTF-8 (byte {exc.start}).", element="file") from None
    else:
        text = raw
    found = text_fault_at(text)
    if found is not None:
        first, fault = found
        raise refuse(fault, element="lines", index=text.count("\n", 0, first) + 1)
    return text


def load_json(raw: bytes | str | dict | list) -> dict | list:
    """Parse JSON refusing oversized or deeply nested input before the parser can recurse on it."""
    if isinstance(raw, dict | list):
        _check_depth(raw)
        check_strings(raw)
        return raw
    text = decode_text(raw)
    check_nesting(text)
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        raise refuse(f"not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}.", element="file") from None
    except RecursionError:
        raise refuse(f"JSON nested deeper than {MAX_JSON_DEPTH} levels.", element="file") from None
    if _UNSTORABLE_ESCAPE.search(text):
        check_strings(document)
    return document


#: The only way JSON text that decoded as UTF-8 (and passed :func:`decode_text`) can hold NUL or a lone
#: surrogate is an escape; without one, the parsed strings need no walk (a 5 MB file saves ~1 s).
_UNSTORABLE_ESCAPE = re.compile(r"\\u(?:0000|[dD][89a-fA-F][0-9a-fA-F]{2})")


_ELEMENT = re.compile(r"(\w+)\[(\d+)\]")


def check_strings(document: object) -> None:
    """Refuse NUL or a lone surrogate in any string of a parsed file (a ``\\u0000`` or unpaired ``\\ud800``
    escape), naming where it is: ``nodes[3] (12): text must not contain …``."""
    found = find_text_fault(document)
    if found is None:
        return
    where, fault = found
    element = _ELEMENT.match(where)
    if element is None or not isinstance(document, dict):
        raise refuse(f"{where} {fault}", element="file")
    name, index = element.group(1), int(element.group(2))
    rest = where[element.end() :].lstrip(".") or "the element"
    row = document[name][index] if isinstance(document.get(name), list) else None
    ident = next((row[k] for k in ("nodeID", "edgeID", "id") if isinstance(row, dict) and k in row), None)
    if not isinstance(ident, str | int) or (isinstance(ident, str) and text_fault(ident) is not None):
        ident = None
    raise refuse(f"{rest} {fault}", element=name, index=index, ident=ident)


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


MAX_ID_LENGTH = 200


def clean_tags(tags: list, *, element: str, index: int | None, ident: object = None) -> list[str]:
    """Tag slugs as the Tag model takes them (letters, digits, - and _, at most 80), each once."""
    for tag in tags:
        try:
            require_slug(tag, field="tag")
        except InvalidInput as error:
            raise located(error, element=element, index=index, ident=ident) from None
    return list(dict.fromkeys(tags))
