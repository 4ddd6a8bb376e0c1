"""Normalise a research report's markdown into the stored Document text.

Pure Python (no Django import) so it can run in fixture-building scripts and
tests alike.  The function is deterministic: the same input always yields the
same output, byte for byte, which is what lets dataset anchors (exact
substrings of the Document text) stay valid.

Decisions (see fixtures/jiia-fy2024-1/README.md for the rationale):

* Unicode NFC (never NFKC: the report's mixed full/half-width punctuation is
  kept as written) and CRLF/CR -> LF.
* Markdown heading markers are dropped, the heading text is kept.
* ``<sup>n</sup>`` footnote markers are removed from the body entirely; the
  footnote list at the end is rendered one footnote per line as ``注n <text>``
  (continuation lines / paragraphs of a footnote are joined onto its line).
* Markdown emphasis ``*x*`` is stripped, ``[text](url)`` and ``<url>`` become
  the bare URL, and backslash-escaped underscores (one or more
  backslashes before ``_``) become ``_``.
* Empty ``- `` bullets and ``---`` rules are dropped.
* A body paragraph that ends without sentence-final punctuation and is
  followed by a paragraph beginning with hiragana (i.e. mid-sentence, the
  residue of a PDF page break) is joined to it with no separator.
* Runs of blank lines collapse to one; the whole text is stripped and ends
  with a single newline.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["normalise_report_text"]

_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+(.*?)\s*#*\s*$")
_RULE = re.compile(r"^\s{0,3}(?:-\s*){3,}$|^\s{0,3}(?:\*\s*){3,}$")
_EMPTY_BULLET = re.compile(r"^\s*[-*+]\s*$")
_FOOTNOTE_START = re.compile(r"^\s*(?:[-*+]\s+)?<sup>\s*(\d+)\s*</sup>\s*(.*)$")
_SUP = re.compile(r"<sup>\s*\d+\s*</sup>")
_LINK = re.compile(r"\[([^\]]*)\]\(([^)\s]+)\)")
_AUTOLINK = re.compile(r"<((?:https?|ftp)://[^>\s]+)>")
_EMPHASIS = re.compile(r"(?<![*\w])\*{1,2}([^*\n]+?)\*{1,2}(?![*\w])")
_ESCAPED_UNDERSCORE = re.compile(r"\\+_")

# Characters after which a paragraph is considered complete.
_SENTENCE_FINAL = set('。．.！？!?」』）)”"：:')


def _is_hiragana(ch: str) -> bool:
    return "\u3041" <= ch <= "\u309f"


def _inline(text: str) -> str:
    """Apply inline markdown clean-up to one line of text."""
    text = _LINK.sub(lambda m: m.group(2), text)
    text = _AUTOLINK.sub(lambda m: m.group(1), text)
    text = _EMPHASIS.sub(lambda m: m.group(1), text)
    text = _ESCAPED_UNDERSCORE.sub("_", text)
    return text.rstrip()


def normalise_report_text(raw: str) -> str:
    """Turn the seed markdown of a report into the stored Document text."""
    text = unicodedata.normalize("NFC", raw)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = text.split("\n")

    # --- split into body blocks and footnotes ---------------------------
    # body: list of (is_heading, text); a block is one markdown paragraph.
    body: list[tuple[bool, str]] = []
    footnotes: list[list[str]] = []  # [number, text]
    in_footnotes = False
    paragraph: list[str] = []

    def flush() -> None:
        if paragraph:
            body.append((False, "".join(paragraph)))
            paragraph.clear()

    for line in lines:
        stripped = line.strip()
        fn = _FOOTNOTE_START.match(line)
        if fn:
            flush()
            in_footnotes = True
            footnotes.append([fn.group(1), _inline(fn.group(2).strip())])
            continue
        if in_footnotes:
            # Everything after the first footnote belongs to the notes:
            # drop rules / empty bullets, join continuation lines.
            if not stripped or _RULE.match(line) or _EMPTY_BULLET.match(line):
                continue
            footnotes[-1][1] += _inline(stripped)
            continue
        if not stripped:
            flush()
            continue
        if _RULE.match(line) or _EMPTY_BULLET.match(line):
            flush()
            continue
        heading = _HEADING.match(line)
        if heading:
            flush()
            body.append((True, _inline(_SUP.sub("", heading.group(1)))))
            continue
        paragraph.append(_inline(_SUP.sub("", stripped)))
    flush()

    # --- re-join paragraphs split mid-sentence (page breaks) -------------
    joined: list[tuple[bool, str]] = []
    for is_heading, block in body:
        if (
            joined
            and not is_heading
            and not joined[-1][0]
            and block
            and _is_hiragana(block[0])
            and joined[-1][1]
            and joined[-1][1][-1] not in _SENTENCE_FINAL
        ):
            joined[-1] = (False, joined[-1][1] + block)
        else:
            joined.append((is_heading, block))

    parts = [block for _, block in joined if block.strip()]
    if footnotes:
        parts.append("\n".join(f"注{num} {txt.strip()}" for num, txt in footnotes))
    out = "\n\n".join(parts)
    out = re.sub(r"\n{3,}", "\n\n", out)
    return out.strip() + "\n"
