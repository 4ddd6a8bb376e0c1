"""Japanese argumentative discourse units from a morphological analyser and discourse markers.

A deliberately simple, transparent baseline, the kind a mining paper reports first:

1. **Paragraphs** are lines; a line is argumentative prose when it holds a sentence end (``。``) and is not
   a footnote (``注12 …``). Headings, the title block and the notes are left alone.
2. **Sentences** end at ``。！？`` outside brackets (「」『』（）); the unit leaves the final ``。`` out, as
   the team's anchors do.
3. A **leading connective** (``しかし、`` ``したがって、`` ``また、`` ``第一に、`` …: the sentence's first
   chunk up to ``、`` when SudachiPy tags its first word a conjunction or adverb, or the chunk is a known
   marker) is trimmed off the unit and remembered: it relates the sentence to the one before.
4. **Clauses** split at a ``、`` right after a causal (``ため`` ``ので`` ``から``) or concessive (``が``
   ``ものの`` ``けれども``) conjunctive marker, tokens tagged by SudachiPy (so the ``が`` of
   ``…していたが、`` splits and the subject ``が`` does not).
5. **Kinds**: a unit ending in a claim marker (``べきである`` ``と考えられる`` ``必要がある`` ``であろう`` …)
   is a *claim*; the conceded clause before ``が、``/``ものの、`` is a *rebuttal*; everything else a *premise*.
6. **Relations**: causal clause → main clause (support); main clause → conceded clause (attack);
   ``したがって``-type sentence: the previous unit supports it; ``しかし``-type sentence: it attacks the
   previous unit; a premise with no relation yet supports the next claim of its paragraph (or the last one).

Offsets are code points of the text (Python ``str`` indices), as the API counts them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

SENTENCE_ENDS = "。！？"
OPENING, CLOSING = "「『（(［【", "」』）)］】"
MIN_UNIT = 8
FOOTNOTE = re.compile(r"^\s*注\d+")

SUPPORT_FROM_PREVIOUS = ("したがって", "従って", "そのため", "このため", "それゆえ", "ゆえに", "よって", "だから")
ATTACK_ON_PREVIOUS = (
    "しかし",
    "しかしながら",
    "だが",
    "ところが",
    "とはいえ",
    "ただし",
    "もっとも",
    "他方で",
    "他方",
    "それでも",
)
NEUTRAL_LEADERS = (
    "また",
    "さらに",
    "加えて",
    "もとより",
    "むしろ",
    "第一に",
    "第二に",
    "第三に",
    "まず",
    "次に",
    "実際",
)
CLAIM_MARKERS = (
    "べきである",
    "べきだ",
    "べきであろう",
    "と考えられる",
    "と思われる",
    "必要がある",
    "必要であろう",
    "必要である",
    "求められる",
    "重要である",
    "であろう",
    "だろう",
    "ではないか",
    "ことにしたい",
    "かもしれない",
    "可能性がある",
    "可能性も考えられる",
)
CAUSAL, CONCESSIVE = "causal", "concessive"


@dataclass
class Unit:
    """One proposed discourse unit: ``text[start:end]``."""

    key: str
    start: int
    end: int
    kind: str = "premise"
    confidence: float = 0.5
    start_confidence: float = 0.9
    end_confidence: float = 0.9
    paragraph: int = 0
    marker: str = ""


@dataclass
class ProposedRelation:
    key: str
    type: str  # support | attack
    source: str  # unit key
    target: str
    confidence: float
    marker: str = ""


@dataclass
class Proposal:
    units: list[Unit] = field(default_factory=list)
    relations: list[ProposedRelation] = field(default_factory=list)


@cache
def _tokenizer():
    from sudachipy import Dictionary, SplitMode

    return Dictionary(dict="core").tokenizer(mode=SplitMode.C)


@dataclass(frozen=True)
class Token:
    surface: str
    start: int
    end: int
    pos: tuple[str, str]


def tokenize(text: str, offset: int = 0) -> list[Token]:
    """SudachiPy's words of ``text`` (split mode C), offsets shifted by ``offset``."""
    if not text:
        return []
    return [
        Token(m.surface(), offset + m.begin(), offset + m.end(), tuple(m.part_of_speech()[:2]))
        for m in _tokenizer().tokenize(text)
    ]


def sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """``[start, end)`` cut after each sentence end outside brackets; the end mark is left out of the span."""
    found, depth, begin = [], 0, start
    for index in range(start, end):
        char = text[index]
        if char in OPENING:
            depth += 1
        elif char in CLOSING:
            depth = max(0, depth - 1)
        elif char in SENTENCE_ENDS and depth == 0:
            found.append((begin, index))
            begin = index + 1
    if begin < end:
        found.append((begin, end))
    return [(s, e) for s, e in (_strip(text, s, e) for s, e in found) if e - s >= MIN_UNIT]


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in SENTENCE_ENDS):
        end -= 1
    return start, end


def leading_connective(text: str, tokens: list[Token], start: int) -> tuple[str, int] | None:
    """``(marker, where the rest begins)`` when the sentence opens with a connective chunk and ``、``."""
    for index, token in enumerate(tokens):
        if token.surface != "、":
            continue
        chunk = text[start : token.start]
        if len(chunk) > 8 or index == 0:
            return None
        known = chunk in SUPPORT_FROM_PREVIOUS + ATTACK_ON_PREVIOUS + NEUTRAL_LEADERS
        if known or tokens[0].pos[0] in ("接続詞", "副詞"):
            return chunk, token.end
        return None
    return None


def clause_breaks(tokens: list[Token]) -> list[tuple[int, int, str]]:
    """``(end of clause, start of the next, relation)`` at each ``、`` after a conjunctive marker; the marker
    itself belongs to neither unit (the team's anchors leave it out too)."""
    breaks = []
    for index, token in enumerate(tokens):
        if token.surface != "、" or index == 0:
            continue
        before = tokens[index - 1]
        particle = before.pos == ("助詞", "接続助詞")
        two = tokens[index - 2].surface + before.surface if index >= 2 else ""
        marker = _clause_marker(tokens, index, before, particle, two)
        if marker is not None:
            relation, length = marker
            breaks.append((tokens[index - length].start, token.end, relation))
    return breaks


def _clause_marker(tokens: list[Token], index: int, before: Token, particle: bool, two: str) -> tuple[str, int] | None:
    """``(relation, marker length in words)`` when the words before ``tokens[index]`` (a ``、``) end a clause."""
    if particle and before.surface in ("が", "けれども", "けれど"):
        return CONCESSIVE, 1
    if two == "ものの":
        return CONCESSIVE, 2
    if (particle and before.surface == "から") or (two == "ので" and index >= 3):
        return CAUSAL, 1 if before.surface == "から" else 2
    if before.surface == "ため" and index >= 2 and tokens[index - 2].pos[0] != "連体詞":
        return CAUSAL, 1
    if two == "ために" and index >= 3 and tokens[index - 3].pos[0] != "連体詞":
        return CAUSAL, 2
    return None


def kind_of(text: str) -> str:
    return "claim" if text.endswith(CLAIM_MARKERS) else "premise"


def propose(text: str) -> Proposal:
    """Units and relations for a whole document (see the module's docstring)."""
    proposal = Proposal()
    relations = proposal.relations

    def relate(type_: str, source: Unit, target: Unit, confidence: float, marker: str) -> None:
        relations.append(
            ProposedRelation(
                key=f"r{len(relations) + 1}",
                type=type_,
                source=source.key,
                target=target.key,
                confidence=confidence,
                marker=marker,
            )
        )

    offset = 0
    for paragraph, line in enumerate(text.split("\n")):
        line_start, offset = offset, offset + len(line) + 1
        if "。" not in line or FOOTNOTE.match(line):
            continue
        paragraph_units: list[Unit] = []
        for s_start, s_end in sentences(text, line_start, line_start + len(line)):
            tokens = tokenize(text[s_start:s_end], s_start)
            leader = leading_connective(text, tokens, s_start)
            begin = s_start
            if leader:
                begin = leader[1]
                tokens = [t for t in tokens if t.start >= begin]
            pieces, cursor, links = [], begin, []
            for clause_end, next_start, relation in clause_breaks(tokens):
                if clause_end - cursor >= MIN_UNIT and s_end - next_start >= MIN_UNIT:
                    pieces.append((cursor, clause_end))
                    links.append(relation)
                    cursor = next_start
            pieces.append((cursor, s_end))
            units = []
            for index, (u_start, u_end) in enumerate(pieces):
                unit_text = text[u_start:u_end]
                unit = Unit(
                    key=f"u{u_start}-{u_end}",
                    start=u_start,
                    end=u_end,
                    kind=kind_of(unit_text),
                    start_confidence=0.9 if u_start == s_start else 0.6,
                    end_confidence=0.9 if u_end == s_end else 0.6,
                    paragraph=paragraph,
                    marker=leader[0] if leader and index == 0 else "",
                )
                unit.confidence = 0.7 if unit.kind == "claim" else 0.5
                units.append(unit)
            for index, relation in enumerate(links):
                left, right = units[index], units[index + 1]
                if relation == CAUSAL:
                    relate("support", left, right, 0.7, "causal clause")
                else:
                    left.kind = "rebuttal"
                    relate("attack", right, left, 0.5, "concessive clause")
            if leader and paragraph_units:
                previous = paragraph_units[-1]
                if leader[0] in SUPPORT_FROM_PREVIOUS:
                    relate("support", previous, units[0], 0.6, leader[0])
                elif leader[0] in ATTACK_ON_PREVIOUS:
                    relate("attack", units[0], previous, 0.5, leader[0])
            paragraph_units.extend(units)
        claims = [u for u in paragraph_units if u.kind == "claim"]
        sources = {r.source for r in relations}
        for unit in paragraph_units:
            if unit.kind != "premise" or unit.key in sources or not claims:
                continue
            target = next((c for c in claims if c.start > unit.start), claims[-1])
            relate("support", unit, target, 0.3, "paragraph claim")
        proposal.units.extend(paragraph_units)
    return proposal
