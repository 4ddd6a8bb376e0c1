"""Reads of machine suggestions: the pending ones, what the team did with them, and the one rule that
keeps them out of every other read unless a caller asks for them.

**The rule.** A suggested node is a pipeline's guess, not the team's annotation: evaluation, agreement,
graph reads and exports leave it out unless the caller asks (``?include=suggestions`` /
``includeSuggestions: true``) and is a member of the map's workspace. :func:`leave_out_suggestions` (for
querysets) and :func:`suggestions_asked` (the decision itself) are the only place this is decided.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import QuerySet

from argmap.errors import InvalidInput
from argmap.models import (
    Anchor,
    ArgumentMap,
    Document,
    Edge,
    EdgeRole,
    Outcome,
    Pipeline,
    ReviewStatus,
    SchemeApplication,
    Statement,
    SuggestionDecision,
)

from .access import ALLOWED, Action, role_in, suggestion_filter

#: The query-string value (``?include=suggestions``) that asks for suggestions on REST reads.
INCLUDE_SUGGESTIONS = "suggestions"


def suggestions_asked(user, scope, asked: bool) -> bool:
    """Whether a read in ``scope`` (a map, or a statement of one) includes suggested nodes: only when asked, and
    only for members of its workspace (suggestions are the team's working material, not part of a published map).

    ``scope`` may be a function that reads it, called only when asked: a read that asks for no suggestions
    (most) does not read its scope for this."""
    if not asked:
        return False
    if callable(scope):
        scope = scope()
    return scope is not None and role_in(user, scope.workspace_id) in ALLOWED[Action.SEE_SUGGESTIONS]


def suggestions_on_screen(user, argument_map: ArgumentMap) -> bool:
    """Whether the annotation screen shows ``user`` the map's pending suggestions (as ghosts to accept or
    dismiss): for those who may take them up."""
    return role_in(user, argument_map.workspace_id) in ALLOWED[Action.TAKE_UP]


def include_requested(values: Iterable[str] | str | None) -> bool:
    """Whether a REST ``include`` parameter (comma-separated, possibly repeated) names suggestions; a name it does
    not know is refused (400), so a misspelt ``?include=`` never silently reads without what was asked for."""
    if values is None:
        return False
    if isinstance(values, str):
        values = [values]
    names = [part.strip() for value in values for part in value.split(",")]
    unknown = [name for name in names if name != INCLUDE_SUGGESTIONS]
    if unknown:
        raise InvalidInput(
            f"include: {unknown[0]!r} is not something a read can include (known: {INCLUDE_SUGGESTIONS}).",
            field="include",
        )
    return bool(names)


#: For each kind of graph row, the paths to the nodes it depends on: a row goes with a suggestion it touches.
SUGGESTION_PATHS = {
    "statements": ("",),
    "scheme_applications": ("",),
    "edges": ("application__", "statement__", "other_application__"),
    "anchors": ("statement__",),
    "evidence_links": ("statement__",),
}


def leave_out_suggestions(queryset: QuerySet, *node_paths: str, include: bool = False) -> QuerySet:
    """``queryset`` without rows on a pending suggestion, unless ``include`` (see :func:`suggestions_asked`).

    ``node_paths`` as :func:`suggestion_filter`; default: the row itself is the node."""
    if include:
        return queryset
    return queryset.filter(suggestion_filter(queryset.model, *(node_paths or ("",))))


def pending_suggestions(
    model: type,
    *,
    argument_map: ArgumentMap,
    pipeline: str | None = None,
    version: str | None = None,
    min_confidence: float | None = None,
) -> QuerySet:
    """Suggested statements or scheme applications of the map still waiting for a person, most confident first."""
    rows = model.objects.filter(map=argument_map, status=ReviewStatus.SUGGESTED)
    if pipeline:
        rows = rows.filter(pipeline__name=pipeline)
    if version:
        rows = rows.filter(pipeline__version=version)
    if min_confidence is not None:
        rows = rows.filter(confidence__gte=min_confidence)
    return rows.order_by("-confidence", "created_at", "id")


def suggestions_of(
    *,
    argument_map: ArgumentMap,
    pipeline: str | None = None,
    version: str | None = None,
    min_confidence: float | None = None,
) -> dict:
    """The map's pending suggestions as plain rows: statements with their anchors, relations with their ends.

    Four queries whatever the number of suggestions."""
    filters = {"argument_map": argument_map, "pipeline": pipeline, "version": version, "min_confidence": min_confidence}
    statements = list(
        pending_suggestions(Statement, **filters).values(
            "id", "kind", "text", "confidence", "pipeline__name", "pipeline__version", "created_at"
        )
    )
    applications = list(
        pending_suggestions(SchemeApplication, **filters).values(
            "id", "type", "scheme__key", "confidence", "pipeline__name", "pipeline__version", "created_at"
        )
    )
    anchors: dict = {}
    for anchor in Anchor.objects.filter(statement_id__in=[s["id"] for s in statements]).values(
        "id", "statement_id", "document_id", "start", "end", "exact", "start_confidence", "end_confidence"
    ):
        anchors.setdefault(anchor["statement_id"], []).append(_anchor_row(anchor))
    ends = _ends_of([a["id"] for a in applications])
    return {
        "statements": [
            {
                "id": str(s["id"]),
                "status": ReviewStatus.SUGGESTED.value,
                "kind": s["kind"],
                "text": s["text"],
                "confidence": s["confidence"],
                "pipeline": {"name": s["pipeline__name"], "version": s["pipeline__version"]},
                "anchors": anchors.get(s["id"], []),
                "created_at": s["created_at"],
            }
            for s in statements
        ],
        "scheme_applications": [
            {
                "id": str(a["id"]),
                "status": ReviewStatus.SUGGESTED.value,
                "confidence": a["confidence"],
                "pipeline": {"name": a["pipeline__name"], "version": a["pipeline__version"]},
                **_relation(a["type"], a["scheme__key"], ends.get(a["id"])),
                "created_at": a["created_at"],
            }
            for a in applications
        ],
    }


def provenance_of(model: type, node_ids: Iterable) -> dict:
    """``{node id: {"pipeline": {name, version, parameters} or None, "confidence": …}}`` of statements or scheme
    applications (``model``) already found visible, in one query: for reads whose rows lack these columns."""
    rows = model.objects.filter(pk__in=list(node_ids)).values(
        "id", "confidence", "pipeline__name", "pipeline__version", "pipeline__parameters"
    )
    return {
        row["id"]: {
            "confidence": row["confidence"],
            "pipeline": None
            if row["pipeline__name"] is None
            else {
                "name": row["pipeline__name"],
                "version": row["pipeline__version"],
                "parameters": row["pipeline__parameters"],
            },
        }
        for row in rows
    }


def dismissed_spans(*, pipeline: Pipeline, document: Document) -> set[tuple[int, int]]:
    """The (start, end) spans of ``document`` people dismissed from this pipeline version: never offered again."""
    return set(
        SuggestionDecision.objects.filter(
            pipeline=pipeline, document=document, outcome=Outcome.DISMISSED, start__isnull=False
        ).values_list("start", "end")
    )


def prediction_of(node: Statement | SchemeApplication) -> dict:
    """A suggested node as its pipeline predicted it: what a decision keeps, and what later edits are measured
    against. A statement: ``kind``, ``text``, ``document``/``start``/``end`` (code points) and confidences; a
    relation: ``type`` (``support``/``attack``), ``from``/``to`` statement ids, ``scheme``, ``confidence``."""
    pipeline = {"name": node.pipeline.name, "version": node.pipeline.version} if node.pipeline_id else None
    if isinstance(node, Statement):
        anchor = node.anchors.order_by("start", "id").first()
        return {
            "pipeline": pipeline,
            "kind": node.kind,
            "text": node.text,
            "confidence": node.confidence,
            **_span(anchor),
        }
    return {
        "pipeline": pipeline,
        "confidence": node.confidence,
        **_relation(node.type, node.scheme.key if node.scheme_id else None, _ends_of([node.pk]).get(node.pk)),
    }


def suggestion_outcomes(
    *, argument_map: ArgumentMap, pipeline: str | None = None, version: str | None = None
) -> list[dict]:
    """What the team did with each suggestion of the map: ``accepted``, ``edited`` (accepted, and its content
    changed since: ``edits`` says from what to what; a node deleted since counts as edited),
    ``dismissed`` or ``pending`` — the training signal a pipeline reads back. A constant number of queries."""
    decisions = SuggestionDecision.objects.filter(map=argument_map).select_related("pipeline", "created_by")
    if pipeline:
        decisions = decisions.filter(pipeline__name=pipeline)
    if version:
        decisions = decisions.filter(pipeline__version=version)
    decisions = list(decisions.order_by("created_at", "id"))
    accepted = [d for d in decisions if d.outcome == Outcome.ACCEPTED]
    statement_ids = [d.statement_id for d in accepted if d.statement_id]
    application_ids = [d.application_id for d in accepted if d.application_id]
    statements = {
        s["id"]: s for s in Statement.objects.filter(pk__in=statement_ids).values("id", "kind", "text", "status")
    }
    spans: dict = {}
    for anchor in (
        Anchor.objects.filter(statement_id__in=statement_ids)
        .order_by("start", "id")
        .values("statement_id", "document_id", "start", "end", "start_confidence", "end_confidence")
    ):
        spans.setdefault(anchor["statement_id"], _span(anchor))
    applications = {
        a["id"]: a
        for a in SchemeApplication.objects.filter(pk__in=application_ids).values("id", "type", "scheme__key", "status")
    }
    ends = _ends_of(application_ids)
    rows = []
    for decision in decisions:
        row = {
            "id": str(decision.node_id),
            "node_type": decision.node_type,
            "pipeline": {"name": decision.pipeline.name, "version": decision.pipeline.version},
            "outcome": decision.outcome,
            "decided_by": decision.created_by.get_username() if decision.created_by else None,
            "decided_at": decision.created_at,
            "prediction": decision.prediction,
            "current": None,
            "edits": {},
        }
        if decision.outcome == Outcome.ACCEPTED:
            if decision.node_type == "statement":
                current = statements.get(decision.statement_id)
                if current is not None:
                    current = {
                        "kind": current["kind"],
                        "text": current["text"],
                        "status": current["status"],
                        **spans.get(decision.statement_id, _span(None)),
                    }
            else:
                current = applications.get(decision.application_id)
                if current is not None:
                    current = {
                        "status": current["status"],
                        **_relation(current["type"], current["scheme__key"], ends.get(decision.application_id)),
                    }
            row["current"] = current
            row["edits"] = _edits(decision.prediction, current)
            if row["edits"]:
                row["outcome"] = "edited"
        rows.append(row)
    rows.extend(_pending_rows(argument_map, pipeline, version))
    return rows


#: What of a prediction counts as its content when telling an accepted suggestion from an edited one.
COMPARED = ("kind", "text", "document", "start", "end", "type", "scheme", "premises", "to")


def _edits(prediction: dict, current: dict | None) -> dict:
    if current is None:
        return {"deleted": {"from": False, "to": True}}
    return {
        name: {"from": prediction[name], "to": current.get(name)}
        for name in COMPARED
        if name in prediction and prediction[name] != current.get(name)
    }


def _pending_rows(argument_map, pipeline, version) -> list[dict]:
    pending = suggestions_of(argument_map=argument_map, pipeline=pipeline, version=version)
    rows = []
    for node in pending["statements"]:
        first = node["anchors"][0] if node["anchors"] else _span(None)
        prediction = {
            "pipeline": node["pipeline"],
            "kind": node["kind"],
            "text": node["text"],
            "confidence": node["confidence"],
            **{k: first[k] for k in _span(None)},
        }
        rows.append(_pending_row(node, "statement", prediction))
    for node in pending["scheme_applications"]:
        prediction = {
            "pipeline": node["pipeline"],
            "confidence": node["confidence"],
            **{k: node[k] for k in ("type", "scheme_type", "scheme", "from", "premises", "to")},
        }
        rows.append(_pending_row(node, "scheme_application", prediction))
    return rows


def _pending_row(node: dict, node_type: str, prediction: dict) -> dict:
    return {
        "id": node["id"],
        "node_type": node_type,
        "pipeline": node["pipeline"],
        "outcome": "pending",
        "decided_by": None,
        "decided_at": None,
        "prediction": prediction,
        "current": None,
        "edits": {},
    }


def _span(anchor) -> dict:
    """Where a node sits: its (first) anchor's document and code-point offsets, with the boundary confidences."""
    if anchor is None:
        return dict.fromkeys(("document", "start", "end", "start_confidence", "end_confidence"))
    get = anchor.get if isinstance(anchor, dict) else lambda name: getattr(anchor, name)
    return {
        "document": str(get("document_id")),
        "start": get("start"),
        "end": get("end"),
        "start_confidence": get("start_confidence"),
        "end_confidence": get("end_confidence"),
    }


def _relation(scheme_type: str, scheme: str | None, ends: dict | None) -> dict:
    """A scheme application as a pipeline names it: ``support``/``attack`` from one statement to another
    (``premises``: every antecedent, for an inference a person gave more than one)."""
    ends = ends or {"from": [], "to": None}
    return {
        "type": {"inference": "support", "conflict": "attack"}.get(scheme_type, scheme_type),
        "scheme_type": scheme_type,
        "scheme": scheme,
        "from": ends["from"][0] if ends["from"] else None,
        "premises": ends["from"],
        "to": ends["to"],
    }


def _anchor_row(anchor: dict) -> dict:
    return {
        "id": str(anchor["id"]),
        **_span(anchor),
        "exact": anchor["exact"],
    }


def _ends_of(application_ids: list) -> dict:
    """``{application id: {"from": [statement ids], "to": statement id}}`` in one query."""
    ends: dict = {}
    if not application_ids:
        return ends
    for edge in Edge.objects.filter(application_id__in=application_ids).values(
        "application_id", "role", "statement_id", "other_application_id"
    ):
        far = str(edge["statement_id"] or edge["other_application_id"])
        entry = ends.setdefault(edge["application_id"], {"from": [], "to": None})
        if edge["role"] == EdgeRole.ANTECEDENT:
            entry["from"].append(far)
        else:
            entry["to"] = far
    for entry in ends.values():
        entry["from"].sort()
    return ends
