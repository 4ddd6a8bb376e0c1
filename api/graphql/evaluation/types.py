"""Evaluation types and the per-request cache that makes ``Statement.label`` cost one evaluation per map."""

from __future__ import annotations

import graphene

from argmap import models
from argmap.selectors.graph import map_graph
from argmap.selectors.speakers import AUTHOR, speaker_in_map
from argmap.selectors.suggestions import suggestions_asked
from argmap.semantics import evaluate_map

from ..core.context import current_user
from ..core.lookup import find
from ..core.readers import PARTICIPANT
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


class Commitment(graphene.ObjectType):
    """The sub-framework of one speaker's commitments (docs/semantics.md, "Evaluation per commitment")."""

    speaker = graphene.Field(
        "api.graphql.participant.types.Participant", description="The participant; null: the document's author."
    )
    statements = graphene.Int(required=True, description="Statements that commit the speaker.")
    scheme_applications = graphene.Int(required=True, description="Scheme applications among them.")


class StatementLabel(graphene.ObjectType):
    statement = graphene.Field("api.graphql.statement.types.Statement", required=True)
    label = graphene.Field(EvaluationLabel, required=True)


class Standing(graphene.ObjectType):
    """One speaker's commitments and the labels this evaluation gives them: which survive the other voices."""

    speaker = graphene.Field(
        "api.graphql.participant.types.Participant", description="The participant; null: the document's author."
    )
    statements = graphene.List(graphene.NonNull(StatementLabel), required=True)
    counts = graphene.Field(LabelCounts, required=True, description="The speaker's commitments per label.")


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
    commitment = graphene.Field(Commitment, description="With `commitmentOf`: the sub-framework evaluated.")
    claims_of = graphene.Field(Standing, description="With `claimsOf`: that speaker's commitments, labelled.")


def evaluation_of(
    info, map_id, semantics: str, commitment_of=None, claims_of=None, include_suggestions: bool = False
) -> tuple[dict, dict]:
    """``(map_graph rows, evaluate_map result)`` for this request's user, computed once per map, semantics and
    speakers asked for (already authorised: see :func:`speaker_argument`)."""
    cache = getattr(info.context, "argmap_evaluations", None)
    if cache is None:
        cache = info.context.argmap_evaluations = {}
    key = (str(map_id), semantics, str(commitment_of), str(claims_of), include_suggestions)
    if key not in cache:
        argument_map = models.ArgumentMap.objects.get(pk=map_id)
        user = current_user(info)
        include_suggestions = suggestions_asked(user, argument_map, include_suggestions)
        rows = map_graph(argument_map=argument_map, user=user, include_suggestions=include_suggestions)
        cache[key] = (
            rows,
            evaluate_map(
                argument_map=argument_map,
                semantics=semantics,
                user=user,
                rows=rows,
                commitment_of=commitment_of,
                claims_of=claims_of,
            ),
        )
    return cache[key]


def speaker_argument(info, argument_map: models.ArgumentMap, value, *, field: str):
    """``"author"`` or a Participant's global id → the speaker the evaluation takes; 404 for one the caller may
    not see (or of another workspace), as REST's ``speaker``."""
    if value is None:
        return None
    if value == AUTHOR:
        return AUTHOR
    participant = find(info, value, PARTICIPANT, field=field)
    return speaker_in_map(current_user(info), argument_map, participant.pk, field=field)


def _speaker(value):
    return None if value == AUTHOR else models.Participant.objects.get(pk=value)


def map_evaluation(
    info,
    argument_map: models.ArgumentMap,
    semantics: str,
    commitment_of=None,
    claims_of=None,
    include_suggestions=False,
) -> MapEvaluation:
    rows, result = evaluation_of(info, argument_map.pk, semantics, commitment_of, claims_of, include_suggestions)
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
        commitment=Commitment(
            speaker=_speaker(commitment_of),
            statements=result["commitment"]["statements"],
            scheme_applications=result["commitment"]["scheme_applications"],
        )
        if commitment_of is not None
        else None,
        claims_of=Standing(
            speaker=_speaker(claims_of),
            statements=[
                StatementLabel(statement=statements[sid], label=label)
                for sid, label in result["claims_of"]["statements"].items()
            ],
            counts=LabelCounts(
                in_=result["claims_of"]["counts"]["IN"],
                out=result["claims_of"]["counts"]["OUT"],
                undec=result["claims_of"]["counts"]["UNDEC"],
            ),
        )
        if claims_of is not None
        else None,
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
        commitment_of=graphene.ID(
            description="Evaluate only this speaker's commitments: a Participant's id, or `author` "
            '(docs/semantics.md, "Evaluation per commitment").'
        ),
        claims_of=graphene.ID(
            description="Report the labels this evaluation gives to this speaker's commitments: a Participant's id, "
            "or `author`."
        ),
        include_suggestions=graphene.Boolean(
            default_value=False,
            description="Evaluate pipelines' pending suggestions too (members only; ignored for others).",
        ),
        description="Labels, acceptance and diagnostics under `semantics` (docs/semantics.md).",
    )

    @staticmethod
    def resolve_evaluation(
        root, info, semantics=Semantics.GROUNDED.value, commitment_of=None, claims_of=None, include_suggestions=False
    ):
        return map_evaluation(
            info,
            root,
            getattr(semantics, "value", semantics),
            speaker_argument(info, root, commitment_of, field="commitmentOf"),
            speaker_argument(info, root, claims_of, field="claimsOf"),
            include_suggestions,
        )
