"""Evaluate a stored map: labels under a chosen semantics, acceptance, and diagnostics.

Reads the graph with :func:`argmap.selectors.graph.map_graph` plus one query
for critical questions, so the number of queries does not grow with the map.
Visibility is the caller's business: authorise the map first.
"""

from __future__ import annotations

from collections import Counter

from argmap.errors import InvalidInput, NotFound
from argmap.models import ArgumentMap, CriticalQuestion, CriticalQuestionAnswer
from argmap.selectors.graph import UNRESTRICTED, map_graph

from . import dung
from .commitment import commitment_rows, speakers_of, standing
from .diagnostics import diagnostics
from .framework import dung_framework
from .graph import APPLICATION, STATEMENT, ArgumentGraph
from .support import support_labelling

SEMANTICS = ("grounded", "complete", "preferred", "stable", "support")


def graph_of(rows: dict) -> ArgumentGraph:
    """An :class:`ArgumentGraph` from :func:`map_graph`'s rows."""
    return ArgumentGraph.from_rows(
        statements=rows["statements"],
        applications=rows["scheme_applications"],
        edges=rows["edges"],
        evidenced_statement_ids={link["statement_id"] for link in rows["evidence_links"]},
    )


def evaluate_map(
    *,
    argument_map: ArgumentMap,
    semantics: str,
    statement: object = None,
    user: object = UNRESTRICTED,
    rows: dict | None = None,
    commitment_of: object = None,
    claims_of: object = None,
    include_suggestions: bool = False,
) -> dict:
    """Labels (IN / OUT / UNDEC) of every statement, inference and conflict of the map, and diagnostics.

    ``semantics``: ``grounded``, ``complete``, ``preferred`` or ``stable`` (Dung, on the
    framework :func:`argmap.semantics.framework.dung_framework` derives) or
    ``support`` (Carneades-style, :mod:`argmap.semantics.support`). For
    preferred and stable a statement's label is IN when it is in every
    extension, OUT when every extension defeats it, UNDEC otherwise; the
    ``acceptance`` part says per statement whether it is credulously and
    sceptically accepted. ``statement`` (an id) adds that statement's
    acceptance under the chosen semantics as ``statement``. With ``user``,
    only what that user may see is evaluated (blind annotation hides layers).
    ``rows``: :func:`map_graph`'s result when the caller has read it already. Pending suggestions are not
    evaluated unless ``include_suggestions``.

    ``commitment_of`` (a participant's id, or ``"author"``) evaluates only that speaker's sub-framework and adds
    ``commitment`` (its size); ``claims_of`` adds ``claims_of``: that speaker's commitments with the labels this
    evaluation gives them (see :mod:`argmap.semantics.commitment`). Authorise the speaker first: both only filter.
    """
    if semantics not in SEMANTICS:
        raise InvalidInput(
            f"Unknown semantics {semantics!r}: use one of {', '.join(SEMANTICS)}.", field="semantics", rule="invalid"
        )
    if rows is None:
        rows = map_graph(argument_map=argument_map, user=user, include_suggestions=include_suggestions)
    whole = rows
    if commitment_of is not None:
        rows = commitment_rows(rows, commitment_of)
    graph = graph_of(rows)
    result = evaluate_graph(graph, semantics=semantics)
    if commitment_of is not None:
        result["commitment"] = {
            "speaker": str(commitment_of),
            "statements": len(rows["statements"]),
            "scheme_applications": len(rows["scheme_applications"]),
        }
    if claims_of is not None:
        result["claims_of"] = standing(result, whole, claims_of)
    if statement is not None:
        sid = str(statement)
        if sid not in graph.statements:
            raise NotFound(
                "statement: no such statement in what is evaluated (the map, or the speaker's commitments).",
                field="statement",
            )
        result["statement"] = {"id": sid, **result["acceptance"][sid]}
    used_schemes = {row["scheme"] for row in rows["scheme_applications"] if row.get("scheme")}
    questions: dict[str, list[dict]] = {}
    for row in (
        CriticalQuestion.objects.filter(scheme__key__in=used_schemes)
        .order_by("scheme__key", "position")
        .values("scheme__key", "key", "text")
    ):
        questions.setdefault(row["scheme__key"], []).append({"key": row["key"], "text": row["text"]})
    tags = {str(row["id"]): row.get("tags", []) for row in rows["scheme_applications"]}
    recorded: dict[str, set[str]] = {}
    for application_id, key in CriticalQuestionAnswer.objects.filter(map_id=argument_map.pk, answered=True).values_list(
        "application_id", "question__key"
    ):
        recorded.setdefault(str(application_id), set()).add(key)
    result["map"] = str(argument_map.pk)
    result["diagnostics"] = diagnostics(
        graph, critical_questions=questions, application_tags=tags, recorded_answers=recorded
    )
    return result


def evaluate_graph(graph: ArgumentGraph, *, semantics: str) -> dict:
    """The database-free part of :func:`evaluate_map`."""
    result: dict = {"semantics": semantics, "excluded": graph.excluded}
    if semantics == "support":
        labels = support_labelling(graph)
        statement_labels = {ident: str(lab) for (family, ident), lab in labels.items() if family == STATEMENT}
        by_type = {"inference": {}, "conflict": {}, "rephrase": {}}
        for (family, ident), lab in labels.items():
            if family == APPLICATION:
                by_type[graph.applications[ident]["type"]][ident] = str(lab)
        result.update(
            statements=statement_labels,
            inferences=by_type["inference"],
            conflicts=by_type["conflict"],
            rephrases=by_type["rephrase"],
            extensions=None,
            acceptance={
                sid: {"credulous": lab == "IN", "sceptical": lab == "IN"} for sid, lab in statement_labels.items()
            },
        )
    else:
        mapped = dung_framework(graph)
        framework = mapped.framework
        found = dung.extensions(framework, semantics)
        labels = (
            dung.grounded_labelling(framework) if semantics == "grounded" else dung.summary_labelling(framework, found)
        )
        statement_ids = list(graph.statements)
        result.update(
            statements=mapped.statement_labels(labels),
            inferences=mapped.inference_labels(labels),
            conflicts=mapped.conflict_labels(labels),
            rephrases={},
            extensions=[sorted(arg[1] for arg in e if arg[0] == STATEMENT) for e in found],
            acceptance={
                sid: {
                    "credulous": any((STATEMENT, sid) in e for e in found),
                    "sceptical": bool(found) and all((STATEMENT, sid) in e for e in found),
                }
                for sid in statement_ids
            },
            framework={"arguments": len(framework.arguments), "attacks": len(framework.attacks)},
        )
    tally = Counter(result["statements"].values())
    result["counts"] = {label: tally[label] for label in ("IN", "OUT", "UNDEC")}
    return result


def commitment_table(
    *, argument_map: ArgumentMap, semantics: str, user: object = UNRESTRICTED, include_suggestions: bool = False
) -> list[dict]:
    """Per speaker (the author first): how many statements commit them, the labels of their own sub-framework,
    and the labels their commitments get in the whole map. One read of the map; one evaluation per speaker."""
    rows = map_graph(argument_map=argument_map, user=user, include_suggestions=include_suggestions)
    whole = evaluate_graph(graph_of(rows), semantics=semantics)
    table = []
    for speaker, name in speakers_of(rows):
        own = evaluate_graph(graph_of(commitment_rows(rows, speaker)), semantics=semantics)
        in_map = standing(whole, rows, speaker)
        table.append(
            {
                "speaker": speaker,
                "name": name,
                "commitments": len(in_map["statements"]),
                "own": own["counts"],
                "in_map": in_map["counts"],
                "statements": in_map["statements"],
            }
        )
    return table
