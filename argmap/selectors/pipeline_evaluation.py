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

from django.db.models import Q
from django.utils.translation import gettext_noop

from argmap.models import (
    Anchor,
    AnchorStatus,
    Edge,
    Outcome,
    Pipeline,
    ReviewStatus,
    SuggestionBatch,
    SuggestionDecision,
)

from .access import visible_anchors_for, visible_edges_for

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
    fixed: Mapping[str, str] | None = None,
) -> dict:
    """Span, labelled-span and relation scores under both criteria:
    ``{"spans": {"exact": scores, "overlap": scores}, "labelled_spans": {…}, "relations": {…}}``.

    ``fixed`` maps relation ends that are not predictions (a pipeline may link its unit to an existing
    statement) to themselves in the gold set."""
    predicted_relations, gold_relations = list(predicted_relations), list(gold_relations)
    result: dict = {"spans": {}, "labelled_spans": {}, "relations": {}}
    for criterion in CRITERIA:
        alignment = align_units(predicted_units, gold_units, criterion=criterion)
        result["spans"][criterion] = scores(len(alignment), len(predicted_units), len(gold_units))
        labelled = align_units(predicted_units, gold_units, criterion=criterion, labelled=True)
        result["labelled_spans"][criterion] = scores(len(labelled), len(predicted_units), len(gold_units))
        result["relations"][criterion] = scores(
            *relation_true_positives(predicted_relations, gold_relations, {**(fixed or {}), **alignment})
        )
    return result


# --- the selector ---------------------------------------------------------------------------------------

RELATION_OF_TYPE = {"inference": "support", "conflict": "attack"}
# The definitions are answered in English; gettext_noop only marks them for the admin page's catalog.
GOLD_DEFINITION = gettext_noop(
    "the statements of the evaluated documents the team accepted: review status accepted, or a suggestion a "
    "person took up (accepted, not rejected since), at its current span; relations likewise, between gold "
    "statements"
)
PREDICTION_DEFINITION = gettext_noop(
    "everything this version suggested in the map, whatever became of it (pending, accepted, edited, dismissed), "
    "as it predicted it: the span, kind and ends it sent"
)
OVERLAP_DEFINITION = gettext_noop("code points in both spans / code points of the longer span")


def pipeline_evaluation(*, argument_map, pipeline: str, version: str | None = None, user: object = None) -> dict:
    """One pipeline's predictions in ``argument_map`` scored against the team's accepted annotations, per model
    version (``version`` picks one; otherwise every version registered in the map's workspace, in order).

    *Predictions* are everything the version suggested here, whatever the team did with it, as predicted: a
    decided suggestion (accepted or dismissed) is read from its decision's recorded prediction, so a later edit
    does not improve the score, and a dismissed one still counts against precision.

    *Gold* is what the team accepted in the documents this version was run on (its batches): statements in
    review status ``accepted`` and suggestions a person took up (they became the team's drafts; not rejected
    since), at their current span — so a suggestion accepted as it was is a true positive, and one accepted
    and then corrected is scored against the correction. Relations: accepted (or taken-up) inferences and
    conflicts whose ends are gold statements; undercuts are not scored.

    A fixed number of queries (eight) whatever the size of the map. Authorise reading the map first; with
    ``user``, the gold rows are those the access selectors show them (blind annotation stays blind).
    """
    versions = Pipeline.objects.filter(workspace_id=argument_map.workspace_id, name=pipeline)
    if version is not None:
        versions = versions.filter(version=version)
    versions = list(versions.order_by("created_at", "id").values("id", "version", "parameters"))
    pipeline_ids = [row["id"] for row in versions]
    documents: dict = {}
    for row in SuggestionBatch.objects.filter(map=argument_map, pipeline_id__in=pipeline_ids).values(
        "pipeline_id", "document_id"
    ):
        documents.setdefault(row["pipeline_id"], set()).add(str(row["document_id"]))
    decisions = list(
        SuggestionDecision.objects.filter(map=argument_map, pipeline_id__in=pipeline_ids).values(
            "pipeline_id", "node_id", "node_type", "outcome", "prediction", "statement_id", "application_id"
        )
    )
    taken_up = {
        str(d["statement_id"] or d["application_id"])
        for d in decisions
        if d["outcome"] == Outcome.ACCEPTED and (d["statement_id"] or d["application_id"])
    }
    decided = {str(d["node_id"]): d for d in decisions}
    predicted_anchors = list(
        Anchor.objects.filter(map=argument_map, statement__pipeline_id__in=pipeline_ids)
        .order_by("start", "id")
        .values("statement_id", "statement__pipeline_id", "statement__kind", "document_id", "start", "end")
    )
    predicted_edges = list(
        Edge.objects.filter(map=argument_map, application__pipeline_id__in=pipeline_ids).values(
            "application_id", "application__pipeline_id", "application__type", "role", "statement_id"
        )
    )
    all_documents = set().union(*documents.values()) if documents else set()
    anchors = visible_anchors_for(user) if user is not None else Anchor.objects.all()
    gold_anchors = list(
        anchors.filter(map=argument_map, document_id__in=all_documents, status=AnchorStatus.ANCHORED)
        .filter(_accepted_or_taken_up("statement__", taken_up))
        .values("statement_id", "statement__kind", "document_id", "start", "end")
    )
    edges = visible_edges_for(user) if user is not None else Edge.objects.all()
    gold_edges = list(
        edges.filter(map=argument_map, application__type__in=list(RELATION_OF_TYPE), statement_id__isnull=False)
        .filter(_accepted_or_taken_up("application__", taken_up))
        .values("application_id", "application__type", "role", "statement_id")
    )

    gold_by_document: dict = {}
    for row in gold_anchors:
        gold_by_document.setdefault(str(row["document_id"]), []).append(row)
    gold_relations = _relations(
        (str(e["application_id"]), e["application__type"], e["role"], str(e["statement_id"])) for e in gold_edges
    )

    results = []
    for row in versions:
        evaluated = documents.get(row["id"], set())
        predicted_units = _predicted_units(
            [a for a in predicted_anchors if a["statement__pipeline_id"] == row["id"]], decided, evaluated
        )
        gold_units = _units(
            [a for d in sorted(evaluated) for a in gold_by_document.get(d, [])],
        )
        gold_ids = {unit.id for unit in gold_units}
        relations = _predicted_relations(
            [e for e in predicted_edges if e["application__pipeline_id"] == row["id"]], decided
        )
        known = {unit.id for unit in predicted_units}
        # An end that is an existing statement of the team (not a prediction) stands for itself.
        relations = [
            r
            for r in relations
            if (r.source in known or r.source in gold_ids) and (r.target in known or r.target in gold_ids)
        ]
        scored = evaluate_predictions(
            predicted_units=predicted_units,
            gold_units=gold_units,
            predicted_relations=relations,
            gold_relations=[r for r in gold_relations if r.source in gold_ids and r.target in gold_ids],
            fixed={ident: ident for ident in gold_ids - known},
        )
        outcomes: dict = {"pending": 0, Outcome.ACCEPTED.value: 0, Outcome.DISMISSED.value: 0}
        for unit in predicted_units:
            decision = decided.get(unit.id)
            outcomes[decision["outcome"] if decision else "pending"] += 1
        results.append(
            {
                "version": row["version"],
                "parameters": row["parameters"],
                "documents": sorted(evaluated),
                "predicted_statements_by_outcome": outcomes,
                **scored,
            }
        )
    return {
        "map": str(argument_map.pk),
        "pipeline": pipeline,
        "overlap_threshold": MIN_OVERLAP,
        "overlap": OVERLAP_DEFINITION,
        "gold": GOLD_DEFINITION,
        "predictions": PREDICTION_DEFINITION,
        "versions": results,
    }


def _accepted_or_taken_up(path: str, taken_up: set) -> Q:
    node = path[:-2] + "_id" if path else "id"
    return Q(**{f"{path}status": ReviewStatus.ACCEPTED}) | (
        Q(**{f"{node}__in": list(taken_up)})
        & ~Q(**{f"{path}status__in": [ReviewStatus.REJECTED, ReviewStatus.SUGGESTED]})
    )


def _units(anchor_rows: Iterable[dict]) -> list[Unit]:
    """Gold units: one per (statement, document), every anchored span of it there."""
    grouped: dict = {}
    for row in anchor_rows:
        key = (str(row["statement_id"]), str(row["document_id"]))
        entry = grouped.setdefault(key, {"kind": row["statement__kind"], "spans": []})
        entry["spans"].append((row["start"], row["end"]))
    return [
        Unit(id=ident, document=document, spans=tuple(sorted(entry["spans"])), kind=entry["kind"])
        for (ident, document), entry in sorted(grouped.items(), key=lambda item: (item[0][1], min(item[1]["spans"])))
    ]


def _predicted_units(anchor_rows: list[dict], decided: Mapping[str, dict], documents: set) -> list[Unit]:
    """Predicted units: a decided statement as its decision recorded it (even when the node is gone), a pending
    one at its anchors."""
    units = {}
    for ident, decision in decided.items():
        if decision["node_type"] != "statement":
            continue
        prediction = decision["prediction"] or {}
        span = prediction.get("span") or prediction
        if span.get("document") in documents and span.get("start") is not None:
            units[ident] = Unit(
                id=ident,
                document=span["document"],
                spans=((span["start"], span["end"]),),
                kind=prediction.get("kind", ""),
            )
    pending = _units(row for row in anchor_rows if str(row["statement_id"]) not in decided)
    units.update({unit.id: unit for unit in pending if unit.document in documents})
    return sorted(units.values(), key=lambda unit: (unit.document, unit.spans, unit.id))


def _relations(edges: Iterable[tuple[str, str, str, str]]) -> list[Relation]:
    """``(application, type, role, statement)`` edge rows → one relation per premise (attacker) and conclusion."""
    ends: dict = {}
    for application, type_, role, statement in edges:
        entry = ends.setdefault(application, {"type": type_, "antecedent": [], "consequent": []})
        entry[role].append(statement)
    return [
        Relation(source, entry["consequent"][0], RELATION_OF_TYPE[entry["type"]])
        for entry in ends.values()
        if entry["consequent"] and entry["type"] in RELATION_OF_TYPE
        for source in entry["antecedent"]
    ]


def _predicted_relations(edge_rows: list[dict], decided: Mapping[str, dict]) -> list[Relation]:
    """A decided relation as its decision recorded it (``type`` support/attack, ``premises`` or ``from``, ``to``),
    a pending one from its edges."""
    relations = []
    for decision in decided.values():
        prediction = decision["prediction"] or {}
        relation = RELATION_OF_TYPE.get(prediction.get("type"), prediction.get("type"))
        if decision["node_type"] == "statement" or relation not in RELATION_TYPES or not prediction.get("to"):
            continue
        sources = prediction.get("premises") or ([prediction["from"]] if prediction.get("from") else [])
        if isinstance(sources, str):
            sources = [sources]
        relations.extend(Relation(str(source), str(prediction["to"]), relation) for source in sources)
    relations.extend(
        _relations(
            (str(e["application_id"]), e["application__type"], e["role"], str(e["statement_id"]))
            for e in edge_rows
            if str(e["application_id"]) not in decided and e["statement_id"] is not None
        )
    )
    return relations


def evaluated_pipelines(*, argument_map) -> list[str]:
    """Names of the pipelines that sent a batch for this map, alphabetically: what can be evaluated here."""
    return sorted(
        set(SuggestionBatch.objects.filter(map=argument_map).values_list("pipeline__name", flat=True).distinct())
    )
