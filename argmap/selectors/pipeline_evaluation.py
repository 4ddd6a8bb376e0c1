"""How well a mining pipeline's predictions agree with what the team accepted: precision, recall and F1.

The scores (pure functions, no database) follow the argument-mining literature (Persing & Ng 2016,
Eger et al. 2017):

* A **unit** is one statement: a document and the spans (``[start, end)`` in Unicode code points of the
  document's text) it is anchored at there.
* **Span match, exact**: some span of the prediction has the same start and end as some span of the gold unit.
* **Span match, overlap ≥ 0.5**: ``overlap(a, b) = |a ∩ b| / max(|a|, |b|)`` — the code points both spans cover
  over the length of the longer one — is at least ``MIN_OVERLAP`` for some pair of their spans. Measured against
  the *longer* span, so a prediction that swallows a whole paragraph around a one-clause claim does not match it
  (Jaccard would be stricter still; the agreement module uses Jaccard between annotators).
* Matching is **one to one**: candidate pairs are taken greedily, best overlap first (ties: earlier prediction,
  then earlier gold unit), each prediction and each gold unit used at most once. So a true positive is a
  (prediction, gold unit) pair, and precision = TP / predictions, recall = TP / gold units.
* **Labelled** scores additionally need the statement kinds to agree (claim / premise / rebuttal / evidence).
* A **relation** is ``(source, target, type)`` with type ``support`` (premise → conclusion of an inference) or
  ``attack`` (attacker → attacked statement of a conflict). A predicted relation is a true positive when the
  units at both its ends are matched (under the same span criterion) to the ends of a gold relation of the same
  type. Undercuts, rephrases and preferences are not scored.

Undefined ratios (no predictions, no gold) are ``None``; F1 is 0 when precision and recall are both 0.

:func:`pipeline_evaluation` is the selector every door renders: it reads one pipeline's predictions in a map
and the team's accepted annotations and scores them per model version (what counts as gold is in its docstring).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

MIN_OVERLAP = 0.5
CRITERIA = ("exact", "overlap")
RELATION_TYPES = ("support", "attack")


@dataclass(frozen=True)
class Unit:
    """A statement as an evaluation unit: its spans in one document, and its kind."""

    id: str
    document: str
    spans: tuple[tuple[int, int], ...]
    kind: str = ""


@dataclass(frozen=True)
class Relation:
    source: str
    target: str
    type: str


def span_overlap(a: tuple[int, int], b: tuple[int, int]) -> float:
    """``|a ∩ b| / max(|a|, |b|)`` over code points; 0 for disjoint or empty spans."""
    longer = max(a[1] - a[0], b[1] - b[0])
    if longer <= 0:
        return 0.0
    return max(0, min(a[1], b[1]) - max(a[0], b[0])) / longer


def unit_score(predicted: Unit, gold: Unit, criterion: str) -> float:
    """How well ``predicted`` matches ``gold`` under ``criterion``: 0 when it does not match at all, else the
    best overlap of any pair of their spans (1 for an exact match)."""
    if predicted.document != gold.document:
        return 0.0
    if criterion == "exact":
        return 1.0 if set(predicted.spans) & set(gold.spans) else 0.0
    if criterion != "overlap":
        raise ValueError(f"unknown criterion {criterion!r}")
    best = max((span_overlap(p, g) for p in predicted.spans for g in gold.spans), default=0.0)
    return best if best >= MIN_OVERLAP else 0.0


def align_units(
    predicted: Sequence[Unit], gold: Sequence[Unit], *, criterion: str, labelled: bool = False
) -> dict[str, str]:
    """Prediction id → gold id, one to one, greedily by best score (see the module's docstring)."""
    candidates = []
    for p_index, p in enumerate(predicted):
        for g_index, g in enumerate(gold):
            if labelled and p.kind != g.kind:
                continue
            score = unit_score(p, g, criterion)
            if score > 0:
                candidates.append((-score, p_index, g_index))
    candidates.sort()
    alignment: dict[str, str] = {}
    taken: set[str] = set()
    for _score, p_index, g_index in candidates:
        p, g = predicted[p_index], gold[g_index]
        if p.id in alignment or g.id in taken:
            continue
        alignment[p.id] = g.id
        taken.add(g.id)
    return alignment


def scores(true_positives: int, predicted: int, gold: int) -> dict:
    """``{true_positives, predicted, gold, precision, recall, f1}``; ratios are ``None`` when undefined."""
    precision = true_positives / predicted if predicted else None
    recall = true_positives / gold if gold else None
    if precision is None or recall is None:
        f1 = None
    elif precision + recall == 0:
        f1 = 0.0
    else:
        f1 = 2 * precision * recall / (precision + recall)
    return {
        "true_positives": true_positives,
        "predicted": predicted,
        "gold": gold,
        "precision": precision,
        "recall": recall,
        "f1": f1,
    }


def relation_true_positives(
    predicted: Iterable[Relation], gold: Iterable[Relation], alignment: Mapping[str, str]
) -> tuple[int, int, int]:
    """``(TP, predicted, gold)`` counted over distinct ``(source, target, type)`` triples."""
    predicted_set = set(predicted)
    gold_set = set(gold)
    mapped = {
        Relation(alignment[r.source], alignment[r.target], r.type)
        for r in predicted_set
        if r.source in alignment and r.target in alignment
    }
    return len(mapped & gold_set), len(predicted_set), len(gold_set)


def evaluate_predictions(
    *,
    predicted_units: Sequence[Unit],
    gold_units: Sequence[Unit],
    predicted_relations: Iterable[Relation] = (),
    gold_relations: Iterable[Relation] = (),
) -> dict:
    """Span, labelled-span and relation scores under both criteria:
    ``{"spans": {"exact": scores, "overlap": scores}, "labelled_spans": {…}, "relations": {…}}``."""
    predicted_relations, gold_relations = list(predicted_relations), list(gold_relations)
    result: dict = {"spans": {}, "labelled_spans": {}, "relations": {}}
    for criterion in CRITERIA:
        alignment = align_units(predicted_units, gold_units, criterion=criterion)
        result["spans"][criterion] = scores(len(alignment), len(predicted_units), len(gold_units))
        labelled = align_units(predicted_units, gold_units, criterion=criterion, labelled=True)
        result["labelled_spans"][criterion] = scores(len(labelled), len(predicted_units), len(gold_units))
        result["relations"][criterion] = scores(
            *relation_true_positives(predicted_relations, gold_relations, alignment)
        )
    return result
