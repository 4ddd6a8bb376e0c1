"""Inter-annotator agreement on spans and kinds. Pure Python, no database.

Two measures, reported side by side (see docs/annotation.md):

* **Unitizing: Krippendorff's alpha (nominal) over code points.** Every code
  point of the document is a unit; each annotator labels it with the kind of
  the span(s) covering it, or "none". This is the discretised form of
  Krippendorff's unitizing alpha: it penalises disagreement on where spans
  start and end, on spans only one annotator marked, and on kinds, for any
  number of annotators. Computed over runs of code points with constant labels
  (weighted by run length), so it costs O(spans), not O(characters).
* **Kinds on matched spans: Cohen's kappa**, per pair of annotators. Spans are
  matched one-to-one when their code-point overlap (Jaccard) is at least
  ``MIN_OVERLAP``; kappa compares the kinds of matched pairs. Unmatched spans
  and boundary differences are listed as disagreements for the curator.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import combinations, pairwise

MIN_OVERLAP = 0.5
NONE_LABEL = "none"


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    kind: str
    node_id: str = ""
    annotator: str = ""

    @property
    def length(self) -> int:
        return self.end - self.start


def krippendorff_alpha_nominal(units: Iterable[tuple[Sequence[Hashable | None], float]]) -> float | None:
    """Krippendorff's alpha for nominal data.

    ``units`` yields ``(values, weight)``: one value per coder (``None`` =
    missing) and how many identical units this row stands for. Units with fewer
    than two values are not pairable and are skipped. ``None`` when undefined
    (fewer than two pairable values, or only one category ever used).
    """
    coincidences: Counter = Counter()
    for values, weight in units:
        present = [v for v in values if v is not None]
        m = len(present)
        if m < 2:
            continue
        counts = Counter(present)
        for c, n_c in counts.items():
            for k, n_k in counts.items():
                pairs = n_c * (n_k - 1) if c == k else n_c * n_k
                if pairs:
                    coincidences[(c, k)] += weight * pairs / (m - 1)
    totals: Counter = Counter()
    for (c, _k), value in coincidences.items():
        totals[c] += value
    n = sum(totals.values())
    if n <= 1:
        return None
    observed = sum(v for (c, k), v in coincidences.items() if c != k)
    expected = sum(totals[c] * totals[k] for c in totals for k in totals if c != k)
    if expected == 0:
        return None
    return 1 - (n - 1) * observed / expected


def cohen_kappa(pairs: Sequence[tuple[Hashable, Hashable]]) -> float | None:
    """Cohen's kappa of two raters' labels on the same items; ``None`` when undefined."""
    if not pairs:
        return None
    n = len(pairs)
    observed = sum(1 for a, b in pairs if a == b) / n
    first = Counter(a for a, _ in pairs)
    second = Counter(b for _, b in pairs)
    expected = sum(first[label] * second[label] for label in first) / (n * n)
    if expected == 1:
        return None
    return (observed - expected) / (1 - expected)


def code_point_labels(layers: Mapping[str, Sequence[Span]], length: int) -> list[tuple[list[str], int]]:
    """Runs of code points over which every annotator's label is constant, with their lengths.

    A code point covered by several spans of one annotator gets the sorted kinds
    joined by "+", one not covered gets ``"none"``.
    """
    annotators = sorted(layers)
    cuts = {0, length}
    for spans in layers.values():
        for span in spans:
            cuts.update((max(0, min(span.start, length)), max(0, min(span.end, length))))
    bounds = sorted(cuts)
    runs = []
    for a, b in pairwise(bounds):
        if b <= a:
            continue
        runs.append((_labels(layers, annotators, a, b), b - a))
    return runs


def _labels(layers: Mapping[str, Sequence[Span]], annotators: Sequence[str], a: int, b: int) -> list[str]:
    """Each annotator's label of the code points ``a..b`` (over which no span starts or ends)."""
    labels = []
    for annotator in annotators:
        kinds = sorted({s.kind for s in layers[annotator] if s.start <= a and b <= s.end})
        labels.append("+".join(kinds) if kinds else NONE_LABEL)
    return labels


def layers_in_text(layers: Mapping[str, Sequence[Span]], text: str) -> list[dict]:
    """The annotators' layers side by side, paragraph by paragraph, for curation (as INCEpTION's curation view).

    One row per paragraph (a line of the text) that any annotator marked: ``disagree`` when their labels
    differ on some code point, and per annotator (sorted) the paragraph cut into segments of one label each
    (``label`` is ``"none"`` where the annotator marked nothing). Offsets are code points."""
    annotators = sorted(layers)
    rows, start = [], 0
    for line in text.split("\n"):
        end = start + len(line)
        inside = {a: [s for s in layers[a] if s.start < end and s.end > start] for a in annotators}
        if any(inside.values()):
            cuts = {start, end}
            for spans in inside.values():
                cuts.update(min(max(x, start), end) for span in spans for x in (span.start, span.end))
            cells = {a: [] for a in annotators}
            disagree = False
            for a, b in pairwise(sorted(cuts)):
                if b <= a:
                    continue
                labels = _labels(inside, annotators, a, b)
                disagree = disagree or len(set(labels)) > 1
                for annotator, label in zip(annotators, labels, strict=True):
                    segments = cells[annotator]
                    if segments and segments[-1]["label"] == label:
                        segments[-1]["text"] += text[a:b]
                    else:
                        segments.append({"label": label, "text": text[a:b], "start": a})
            rows.append(
                {
                    "start": start,
                    "end": end,
                    "disagree": disagree,
                    "cells": [{"annotator": a, "segments": cells[a]} for a in annotators],
                }
            )
        start = end + 1
    return rows


def unitizing_alpha(layers: Mapping[str, Sequence[Span]], length: int) -> float | None:
    """Krippendorff's alpha (nominal) with every code point of the document as a unit."""
    if len(layers) < 2:
        return None
    return krippendorff_alpha_nominal(code_point_labels(layers, length))


def jaccard(a: Span, b: Span) -> float:
    overlap = min(a.end, b.end) - max(a.start, b.start)
    if overlap <= 0:
        return 0.0
    return overlap / (max(a.end, b.end) - min(a.start, b.start))


@dataclass
class Matching:
    pairs: list[tuple[Span, Span]] = field(default_factory=list)
    only_first: list[Span] = field(default_factory=list)
    only_second: list[Span] = field(default_factory=list)


def match_spans(first: Sequence[Span], second: Sequence[Span], min_overlap: float = MIN_OVERLAP) -> Matching:
    """One-to-one matching, best overlap first (ties: earlier spans first)."""
    candidates = sorted(
        (
            (-jaccard(a, b), a.start, b.start, i, j)
            for i, a in enumerate(first)
            for j, b in enumerate(second)
            if jaccard(a, b) >= min_overlap
        ),
    )
    used_first, used_second = set(), set()
    matching = Matching()
    for _score, _sa, _sb, i, j in candidates:
        if i in used_first or j in used_second:
            continue
        used_first.add(i)
        used_second.add(j)
        matching.pairs.append((first[i], second[j]))
    matching.pairs.sort(key=lambda pair: (pair[0].start, pair[1].start))
    matching.only_first = [s for i, s in enumerate(first) if i not in used_first]
    matching.only_second = [s for j, s in enumerate(second) if j not in used_second]
    return matching


def agreement_report(layers: Mapping[str, Sequence[Span]], length: int, min_overlap: float = MIN_OVERLAP) -> dict:
    """Both measures for every pair of annotators, and what the curator has to decide.

    ``disagreements`` lists spans only one annotator of a pair marked
    (``unmatched``), matched spans with different kinds (``kind``) and matched
    spans of one kind with different boundaries (``boundary``); ``agreed`` lists
    matched pairs with the same kind and the same boundaries.
    """
    pairs, disagreements, agreed = [], [], []
    for a, b in combinations(sorted(layers), 2):
        matching = match_spans(layers[a], layers[b], min_overlap)
        kinds = [(x.kind, y.kind) for x, y in matching.pairs]
        matched = len(matching.pairs)
        total = len(layers[a]) + len(layers[b])
        pairs.append(
            {
                "first": a,
                "second": b,
                "spans_first": len(layers[a]),
                "spans_second": len(layers[b]),
                "matched": matched,
                "span_f1": (2 * matched / total) if total else None,
                "kind_kappa": cohen_kappa(kinds),
                "kind_agreement": (sum(1 for x, y in kinds if x == y) / matched) if matched else None,
            }
        )
        for x, y in matching.pairs:
            if x.kind != y.kind:
                disagreements.append({"type": "kind", "spans": [x, y]})
            elif (x.start, x.end) != (y.start, y.end):
                disagreements.append({"type": "boundary", "spans": [x, y]})
            else:
                agreed.append({"spans": [x, y]})
        for span in (*matching.only_first, *matching.only_second):
            disagreements.append({"type": "unmatched", "spans": [span]})
    disagreements.sort(key=lambda d: (min(s.start for s in d["spans"]), d["type"]))
    return {
        "annotators": sorted(layers),
        "length": length,
        "min_overlap": min_overlap,
        "unitizing_alpha": unitizing_alpha(layers, length),
        "pairs": pairs,
        "disagreements": disagreements,
        "agreed": agreed,
    }
