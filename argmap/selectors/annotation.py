"""Reads for the annotation screen: one document's passages, the map's graph, the
discussion around each node, the review queue and the annotators' layers.

Every read starts from the access selectors, so the visibility rules (private
maps, blind independent annotation) apply here exactly as on the APIs. Each
function runs a fixed number of queries, however large the map.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from statistics import mean

from django.db.models import Q, QuerySet

from argmap.models import (
    Agreement,
    ArgumentMap,
    Assessment,
    Comment,
    CriticalQuestion,
    CriticalQuestionAnswer,
    Document,
    EdgeRole,
    IndependentAnnotation,
    ReviewStatus,
    Scheme,
    SchemeApplication,
    SchemeType,
    Statement,
)
from argmap.selectors.access import (
    ALLOWED,
    Action,
    is_superuser,
    roles_of,
    visible_anchors_for,
    visible_assessments_for,
    visible_changes_for,
    visible_comments_for,
    visible_edges_for,
    visible_evidence_links_for,
    visible_scheme_applications_for,
    visible_sources_for,
    visible_statements_for,
)
from argmap.selectors.agreement import Span
from argmap.selectors.graph import conflict_kinds, conflict_kinds_from_rows
from argmap.selectors.suggestions import SUGGESTION_PATHS, leave_out_suggestions, suggestions_on_screen

STATEMENT_VALUES = (
    "id",
    "kind",
    "text",
    "gloss",
    "status",
    "status_reason",
    "implicit",
    "version",
    "created_by_id",
    "created_by__username",
)
APPLICATION_VALUES = (
    "id",
    "type",
    "scheme_id",
    "scheme__key",
    "scheme__name",
    "scheme__name_ja",
    "note",
    "status",
    "status_reason",
    "version",
    "created_by_id",
    "created_by__username",
)


#: Provenance of a node on the screen: which pipeline suggested it, and how sure it was.
PROVENANCE_VALUES = ("confidence", "pipeline__name", "pipeline__version")


def _with_provenance(row: dict) -> dict:
    name, version = row.pop("pipeline__name"), row.pop("pipeline__version")
    row["pipeline"] = {"name": name, "version": version} if name is not None else None
    return row


def _ids(rows) -> set:
    return {row["id"] for row in rows}


def visible_map_graph(user, argument_map: ArgumentMap, *, include_suggestions: bool = False) -> dict:
    """The map's statements, scheme applications (conflicts classified) and edges, as the user may see them,
    each node with its provenance (``pipeline``: ``{name, version}`` or None, ``confidence``); pending
    suggestions only with ``include_suggestions``."""
    statements = [
        _with_provenance(row)
        for row in leave_out_suggestions(
            visible_statements_for(user).filter(map=argument_map), include=include_suggestions
        ).values(*STATEMENT_VALUES, *PROVENANCE_VALUES)
    ]
    applications = [
        _with_provenance(row)
        for row in leave_out_suggestions(
            visible_scheme_applications_for(user).filter(map=argument_map), include=include_suggestions
        ).values(*APPLICATION_VALUES, *PROVENANCE_VALUES)
    ]
    edges = list(
        leave_out_suggestions(
            visible_edges_for(user).filter(map=argument_map), *SUGGESTION_PATHS["edges"], include=include_suggestions
        ).values("id", "application_id", "role", "statement_id", "other_application_id")
    )
    kinds = conflict_kinds_from_rows(statements=statements, applications=applications, edges=edges)
    by_application = defaultdict(list)
    for edge in edges:
        by_application[edge["application_id"]].append(edge)
    for application in applications:
        mine = by_application.get(application["id"], [])
        application["antecedents"] = [
            e["statement_id"] or e["other_application_id"] for e in mine if e["role"] == EdgeRole.ANTECEDENT
        ]
        target = next((e for e in mine if e["role"] == EdgeRole.CONSEQUENT), None)
        application["consequent"] = (target["statement_id"] or target["other_application_id"]) if target else None
        application["conflict_kind"] = kinds.get(application["id"])
    return {"statements": statements, "applications": applications, "edges": edges}


def annotation_state(
    user, argument_map: ArgumentMap, document: Document | None = None, *, nodes: set | None = None
) -> dict:
    """Everything the annotation screen shows for one document of a map (anchors into all its documents).

    ``nodes`` (statement and scheme application ids) cuts the answer to those nodes, their anchors, edges and
    evidence and the sources these cite, with no schemes: what a screen that already holds the rest needs after
    a change, a few hundred bytes instead of the whole map. Conflict kinds are still classified on the whole graph.
    Pending suggestions are shown to those who may take them up (:func:`suggestions_on_screen`), as ghosts
    with ``status: "suggested"``; anchors carry their boundary confidences.
    """
    graph = visible_map_graph(user, argument_map, include_suggestions=suggestions_on_screen(user, argument_map))
    statement_ids = _ids(graph["statements"])
    application_ids = _ids(graph["applications"])
    anchors = list(
        visible_anchors_for(user)
        .filter(map=argument_map)
        .values(
            "id",
            "statement_id",
            "document_id",
            "start",
            "end",
            "exact",
            "status",
            "version",
            "start_confidence",
            "end_confidence",
        )
    )
    evidence = list(
        visible_evidence_links_for(user)
        .filter(map=argument_map)
        .values("id", "statement_id", "source_id", "source__title", "footnote", "locator", "quote", "version")
    )
    comment_counts = Counter()
    for row in Comment.objects.filter(map=argument_map).values("statement_id", "application_id"):
        comment_counts[row["statement_id"] or row["application_id"]] += 1
    spreads = assessment_spreads(
        Assessment.objects.filter(map=argument_map).values(
            "statement_id", "application_id", "agreement", "strength", "assessor_id"
        ),
        user,
    )
    questions = critical_questions(graph["applications"])
    for node in (*graph["statements"], *graph["applications"]):
        node["comments"] = comment_counts.get(node["id"], 0)
        node["assessment"] = spreads.get(node["id"])
    for application in graph["applications"]:
        application["critical_questions"] = questions.get(application["id"], [])
    blind = IndependentAnnotation.objects.filter(map=argument_map).values("id", "active", "version").first()
    sources = visible_sources_for(user).filter(workspace_id=argument_map.workspace_id)
    schemes = Scheme.objects.filter(applies_to=SchemeType.INFERENCE)
    if nodes is not None:
        graph = {
            "statements": [s for s in graph["statements"] if s["id"] in nodes],
            "applications": [a for a in graph["applications"] if a["id"] in nodes],
            "edges": [e for e in graph["edges"] if e["application_id"] in nodes],
        }
        statement_ids &= nodes
        evidence = [e for e in evidence if e["statement_id"] in statement_ids]
        sources = sources.filter(pk__in={e["source_id"] for e in evidence})
        schemes = schemes.none()
    return {
        **graph,
        "anchors": [a for a in anchors if a["statement_id"] in statement_ids],
        "evidence": [e for e in evidence if e["statement_id"] in statement_ids],
        "sources": list(sources.values("id", "title", "footnote").order_by("footnote", "title", "id")),
        "schemes": list(schemes.values("id", "key", "name", "name_ja")),
        "independent_annotation": blind,
        "document_id": document.pk if document is not None else None,
        "visible_application_ids": application_ids,
    }


def critical_questions(applications: list[dict]) -> dict:
    """``{application_id: [question with its answer]}`` for inferences that apply a scheme (two queries)."""
    with_scheme = {
        a["id"]: a["scheme_id"] for a in applications if a["scheme_id"] and a["type"] == SchemeType.INFERENCE
    }
    if not with_scheme:
        return {}
    questions = defaultdict(list)
    for q in CriticalQuestion.objects.filter(scheme_id__in=set(with_scheme.values())).values(
        "id", "scheme_id", "position", "key", "text", "text_ja"
    ):
        questions[q["scheme_id"]].append(q)
    answers = {
        (row["application_id"], row["question_id"]): row
        for row in CriticalQuestionAnswer.objects.filter(application_id__in=with_scheme).values(
            "application_id", "question_id", "answered", "answer_id", "note", "version"
        )
    }
    result = {}
    for application_id, scheme_id in with_scheme.items():
        result[application_id] = [
            {
                **q,
                "answered": answers.get((application_id, q["id"]), {}).get("answered", False),
                "answer_id": answers.get((application_id, q["id"]), {}).get("answer_id"),
                "note": answers.get((application_id, q["id"]), {}).get("note", ""),
            }
            for q in sorted(questions[scheme_id], key=lambda q: q["position"])
        ]
    return result


def assessment_spreads(rows, user=None) -> dict:
    """``{node_id: spread}``: how many agree / disagree / are unsure, strengths 1–5, mean strength, and the user's own."""
    grouped = defaultdict(list)
    for row in rows:
        grouped[row["statement_id"] or row["application_id"]].append(row)
    return {node_id: spread(items, user) for node_id, items in grouped.items()}


def spread(rows: list[dict], user=None) -> dict:
    agreement = Counter(row["agreement"] for row in rows)
    strengths = [row["strength"] for row in rows if row["strength"] is not None]
    own = next((row for row in rows if user is not None and row["assessor_id"] == getattr(user, "pk", None)), None)
    return {
        "count": len(rows),
        "agreement": {choice: agreement.get(choice, 0) for choice in Agreement.values},
        "strength": {str(n): strengths.count(n) for n in range(1, 6)},
        "mean_strength": round(mean(strengths), 2) if strengths else None,
        "mine": {"agreement": own["agreement"], "strength": own["strength"]} if own else None,
    }


def node_discussion(user, node: Statement | SchemeApplication) -> dict:
    """The discussion thread and the assessments (with their spread) of one node the user can see (two queries)."""
    field = "statement" if isinstance(node, Statement) else "application"
    comments = list(
        visible_comments_for(user)
        .filter(**{field: node})
        .order_by("created_at", "id")
        .values("id", "body", "created_at", "created_by_id", "created_by__username")
    )
    assessments = list(
        visible_assessments_for(user)
        .filter(**{field: node})
        .order_by("assessor__username", "id")
        .values("id", "agreement", "strength", "assessor_id", "assessor__username")
    )
    return {"comments": comments, "assessments": assessments, "spread": spread(assessments, user)}


def node_history(user, node: Statement | SchemeApplication, limit: int = 50) -> list[dict]:
    """The recorded changes of a node, and of the anchors of a statement, that the user may read,
    newest first (one query)."""
    condition = Q(entity=node._meta.model_name, entity_id=str(node.pk))
    if isinstance(node, Statement):
        condition |= Q(entity="anchor", after__statement_id=str(node.pk)) | Q(
            entity="anchor", before__statement_id=str(node.pk)
        )
    return list(
        visible_changes_for(user)
        .filter(condition)
        .order_by("-id")
        .values(
            "id",
            "batch",
            "at",
            "action",
            "entity",
            "entity_id",
            "summary",
            "actor_id",
            "actor__username",
            "before",
            "after",
        )[:limit]
    )


def reviewable_workspace_ids(user) -> list | None:
    """Workspaces where the user may accept and reject; ``None`` means all (superuser)."""
    if is_superuser(user):
        return None
    return [ws for ws, role in roles_of(user).items() if role in ALLOWED[Action.REVIEW]]


def review_queue(user, argument_map: ArgumentMap | None = None, status: str = ReviewStatus.PROPOSED) -> dict:
    """What awaits review (by default: proposed nodes) in the maps the user reviews (two queries)."""
    workspaces = reviewable_workspace_ids(user)
    statements: QuerySet = visible_statements_for(user).filter(status=status)
    applications: QuerySet = visible_scheme_applications_for(user).filter(status=status)
    if workspaces is not None:
        statements = statements.filter(workspace_id__in=workspaces)
        applications = applications.filter(workspace_id__in=workspaces)
    if argument_map is not None:
        statements = statements.filter(map=argument_map)
        applications = applications.filter(map=argument_map)
    return {
        "statements": list(
            statements.order_by("map__name", "created_at", "id").values(
                *STATEMENT_VALUES, "map_id", "map__name", "updated_at"
            )
        ),
        "applications": list(
            applications.order_by("map__name", "created_at", "id").values(
                *APPLICATION_VALUES, "map_id", "map__name", "updated_at"
            )
        ),
    }


def own_rejections(user, argument_map: ArgumentMap) -> list[dict]:
    """The user's rejected statements in a map, with the reviewers' reasons."""
    return list(
        visible_statements_for(user)
        .filter(map=argument_map, status=ReviewStatus.REJECTED, created_by=user)
        .values("id", "text", "kind", "status_reason", "updated_by__username")
    )


def annotator_layers(
    user, argument_map: ArgumentMap, document: Document, *, include_suggestions: bool = False
) -> dict[str, list[Span]]:
    """Each annotator's anchored statements in the document (their layer), as agreement spans.

    Read through the visibility rules, so an annotator working blind cannot use
    this to see another layer; curators (reviewers, owners) see every layer.
    Statements nobody annotated here (a loaded dataset, an import by a command)
    are the reference the team works on, not an annotator's layer. Pending suggestions are left out unless
    ``include_suggestions``: then each pipeline's account is one more layer.
    """
    layers: dict[str, list[Span]] = defaultdict(list)
    rows = (
        leave_out_suggestions(visible_anchors_for(user), *SUGGESTION_PATHS["anchors"], include=include_suggestions)
        .filter(map=argument_map, document=document, statement__implicit=False, statement__created_by__isnull=False)
        .order_by("start", "end", "id")
        .values("start", "end", "statement_id", "statement__kind", "statement__created_by__username")
    )
    for row in rows:
        annotator = row["statement__created_by__username"]
        layers[annotator].append(
            Span(row["start"], row["end"], row["statement__kind"], str(row["statement_id"]), annotator)
        )
    return dict(layers)


def review_in_context(user, queue: dict) -> dict:
    """The review queue with what a reviewer needs to judge each node: a statement's passages, an inference's
    premises and conclusion, a conflict's attacker, target and kind (rebut/undermine/undercut).

    Adds ``passages`` to each statement row and ``premises``/``conclusion`` (each a list of ``{"text",
    "passages"}``) and ``conflict_kind`` to each application row. Every neighbour is read through the access
    selectors, so a node the reviewer may not see stays out; seven queries however long the queue.
    """
    application_ids = [row["id"] for row in queue["applications"]]
    edges = list(
        visible_edges_for(user)
        .filter(application_id__in=application_ids)
        .order_by("created_at", "id")
        .values("application_id", "role", "statement_id", "other_application_id")
    )
    statement_ids = {e["statement_id"] for e in edges if e["statement_id"]} | {r["id"] for r in queue["statements"]}
    other_ids = {e["other_application_id"] for e in edges if e["other_application_id"]}
    texts = dict(visible_statements_for(user).filter(pk__in=statement_ids).values_list("id", "text"))
    others = {
        row["id"]: row
        for row in visible_scheme_applications_for(user).filter(pk__in=other_ids).values("id", "type", "scheme__name")
    }
    passages = defaultdict(list)
    for anchor in (
        visible_anchors_for(user)
        .filter(statement_id__in=statement_ids)
        .order_by("start", "id")
        .values("statement_id", "exact", "document__title")
    ):
        passages[anchor["statement_id"]].append({"exact": anchor["exact"], "document": anchor["document__title"]})
    kinds = conflict_kinds(
        [row["id"] for row in queue["applications"] if row["type"] == SchemeType.CONFLICT], user=user
    )

    def end(edge) -> dict | None:
        if edge["statement_id"] in texts:
            return {"text": texts[edge["statement_id"]], "passages": passages.get(edge["statement_id"], [])}
        other = others.get(edge["other_application_id"])
        if other is not None:
            scheme = f" ({other['scheme__name']})" if other["scheme__name"] else ""
            return {"text": f"{other['type']}{scheme}", "passages": []}
        return None

    for row in queue["statements"]:
        row["passages"] = passages.get(row["id"], [])
    by_application = defaultdict(list)
    for edge in edges:
        by_application[edge["application_id"]].append(edge)
    for row in queue["applications"]:
        ends = {role: [] for role in EdgeRole.values}
        for edge in by_application[row["id"]]:
            shown = end(edge)
            if shown is not None:
                ends[edge["role"]].append(shown)
        row["premises"] = ends[EdgeRole.ANTECEDENT]
        row["conclusion"] = ends[EdgeRole.CONSEQUENT]
        row["conflict_kind"] = kinds.get(row["id"], "")
    return queue
