"""Evaluation types and the per-request cache that makes ``Statement.label`` cost one evaluation per map."""

from __future__ import annotations

import graphene

from argmap import models
from argmap.selectors.graph import map_graph
from argmap.semantics import evaluate_map

from ..core.context import current_user
from ..core.rows import instances


class Semantics(graphene.Enum):
    """How to evaluate a map (docs/semantics.md has the exact rules)."""

    GROUNDED = "grounded"
    COMPLETE = "complete"
    PREFERRED = "preferred"
    STABLE = "stable"
    SUPPORT = "support"

    @property
    def description(self):
        return {
            Semantics.GROUNDED: "Dung's grounded semantics on the attack graph the map's conflicts define.",
            Semantics.COMPLETE: "Dung's complete semantics: every complete extension is listed; a label is the one all of them agree on.",
            Semantics.PREFERRED: "Dung's preferred semantics: IN in every preferred extension, OUT in none.",
            Semantics.STABLE: "Dung's stable semantics: IN in every stable extension, OUT in none.",
            Semantics.SUPPORT: "Support-aware (Carneades-style): conclusions stand only on acceptable premises.",
        }[self]


class EvaluationLabel(graphene.Enum):
    """IN: acceptable; OUT: defeated; UNDEC: neither can be settled (cycles, or extensions disagree)."""

    IN = "IN"
    OUT = "OUT"
    UNDEC = "UNDEC"


def semantics_argument() -> graphene.Argument:
    return graphene.Argument(Semantics, default_value=Semantics.GROUNDED.value, description="Which semantics.")


class LabelCounts(graphene.ObjectType):
    in_ = graphene.Int(name="in", required=True)
    out = graphene.Int(required=True)
    undec = graphene.Int(required=True)


class StatementEvaluation(graphene.ObjectType):
    statement = graphene.Field("api.graphql.statement.types.Statement", required=True)
    label = graphene.Field(EvaluationLabel, required=True)
    credulous = graphene.Boolean(required=True, description="In at least one extension.")
    sceptical = graphene.Boolean(required=True, description="In every extension (and there is one).")


class ApplicationEvaluation(graphene.ObjectType):
    scheme_application = graphene.Field("api.graphql.scheme_application.types.SchemeApplication", required=True)
    label = graphene.Field(EvaluationLabel, required=True, description="Inference: applies; conflict: holds.")


class MapEvaluation(graphene.ObjectType):
    """A whole map evaluated under one semantics, with diagnostics for annotators."""

    semantics = graphene.Field(Semantics, required=True)
    counts = graphene.Field(LabelCounts, required=True, description="Statements per label.")
    statements = graphene.List(graphene.NonNull(StatementEvaluation), required=True)
    inferences = graphene.List(graphene.NonNull(ApplicationEvaluation), required=True)
    conflicts = graphene.List(graphene.NonNull(ApplicationEvaluation), required=True)
    extensions = graphene.List(
        graphene.NonNull(graphene.List(graphene.NonNull("api.graphql.statement.types.Statement"))),
        description="Dung semantics: each extension's statements. Null for support semantics.",
    )
    diagnostics = graphene.JSONString(
        required=True,
        description="unsupported_claims, premises_without_evidence, unanswered_attacks, open_critical_questions, cycles.",
    )


def evaluation_of(info, map_id, semantics: str) -> tuple[dict, dict]:
    """``(map_graph rows, evaluate_map result)`` for this request's user, computed once per map and semantics."""
    cache = getattr(info.context, "argmap_evaluations", None)
    if cache is None:
        cache = info.context.argmap_evaluations = {}
    key = (str(map_id), semantics)
    if key not in cache:
        argument_map = models.ArgumentMap.objects.get(pk=map_id)
        user = current_user(info)
        rows = map_graph(argument_map=argument_map, user=user)
        cache[key] = (rows, evaluate_map(argument_map=argument_map, semantics=semantics, user=user, rows=rows))
    return cache[key]


def map_evaluation(info, argument_map: models.ArgumentMap, semantics: str) -> MapEvaluation:
    rows, result = evaluation_of(info, argument_map.pk, semantics)
    statements = {str(s.pk): s for s in instances(models.Statement, rows["statements"])}
    applications = {str(a.pk): a for a in instances(models.SchemeApplication, rows["scheme_applications"])}
    return MapEvaluation(
        semantics=semantics,
        counts=LabelCounts(in_=result["counts"]["IN"], out=result["counts"]["OUT"], undec=result["counts"]["UNDEC"]),
        statements=[
            StatementEvaluation(statement=statements[sid], label=label, **result["acceptance"][sid])
            for sid, label in result["statements"].items()
        ],
        inferences=[
            ApplicationEvaluation(scheme_application=applications[aid], label=label)
            for aid, label in result["inferences"].items()
        ],
        conflicts=[
            ApplicationEvaluation(scheme_application=applications[aid], label=label)
            for aid, label in result["conflicts"].items()
        ],
        extensions=None
        if result["extensions"] is None
        else [[statements[sid] for sid in extension] for extension in result["extensions"]],
        diagnostics=result["diagnostics"],
    )


class StatementEvaluationFields:
    """Mixed into the Statement type: its label under a chosen semantics."""

    label = graphene.Field(
        EvaluationLabel,
        semantics=semantics_argument(),
        description="IN / OUT / UNDEC under `semantics`; null when the statement was rejected (left out). "
        "Every statement of a map asked in one request shares one evaluation.",
    )

    @staticmethod
    def resolve_label(root, info, semantics=Semantics.GROUNDED.value):
        _, result = evaluation_of(info, root.map_id, getattr(semantics, "value", semantics))
        return result["statements"].get(str(root.pk))


class MapEvaluationFields:
    """Mixed into the Map type: the whole map's evaluation."""

    evaluation = graphene.Field(
        MapEvaluation,
        required=True,
        semantics=semantics_argument(),
        description="Labels, acceptance and diagnostics under `semantics` (docs/semantics.md).",
    )

    @staticmethod
    def resolve_evaluation(root, info, semantics=Semantics.GROUNDED.value):
        return map_evaluation(info, root, getattr(semantics, "value", semantics))
