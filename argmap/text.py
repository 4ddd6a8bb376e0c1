"""Document text rules: normalise once on import, address by Unicode code points."""

from __future__ import annotations

import hashlib
import unicodedata

CONTEXT_LENGTH = 32


def normalise_document_text(text: str) -> str:
    """NFC and LF line ends. Never NFKC: it changes lengths (㍿ → 株式会社) and so offsets."""
    return unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))


def text_sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def context_around(text: str, start: int, end: int, length: int = CONTEXT_LENGTH) -> tuple[str, str]:
    """The TextQuoteSelector prefix and suffix for ``text[start:end]``."""
    return text[max(0, start - length) : start], text[end : end + length]


def occurrences(text: str, exact: str) -> list[int]:
    found = []
    position = text.find(exact)
    while position != -1:
        found.append(position)
        position = text.find(exact, position + 1)
    return found


def relocate_quote(text: str, exact: str, prefix: str, suffix: str) -> list[int]:
    """Start offsets in ``text`` where the quote fits, best-matching context first.

    When the quote occurs more than once, only the occurrences whose prefix and
    suffix context fits best are returned; a caller treats more than one as
    ambiguous rather than guessing.
    """
    starts = occurrences(text, exact)
    if len(starts) <= 1:
        return starts

    def score(start: int) -> int:
        before, after = context_around(text, start, start + len(exact), max(len(prefix), len(suffix), 1))
        return _common_suffix(before, prefix) + _common_prefix(after, suffix)

    scores = {start: score(start) for start in starts}
    best = max(scores.values())
    return [start for start in starts if scores[start] == best]


def _common_prefix(a: str, b: str) -> int:
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return n


def _common_suffix(a: str, b: str) -> int:
    return _common_prefix(a[::-1], b[::-1])
