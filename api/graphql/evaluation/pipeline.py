"""``Map.pipelineEvaluation``: a mining pipeline's predictions against the team's accepted annotations."""

from __future__ import annotations

import graphene

from argmap.selectors.access import Action, authorize
from argmap.selectors.pipeline_evaluation import pipeline_evaluation

from ..core.context import current_user


class PipelineScores(graphene.ObjectType):
    true_positives = graphene.Int(required=True)
    predicted = graphene.Int(required=True)
    gold = graphene.Int(required=True)
    precision = graphene.Float(description="Null without predictions.")
    recall = graphene.Float(description="Null without gold units.")
    f1 = graphene.Float()


class PipelineCriteria(graphene.ObjectType):
    exact = graphene.Field(PipelineScores, required=True, description="Same start and end (code points).")
    overlap = graphene.Field(
        PipelineScores, required=True, description="Shared code points at least 0.5 of the longer span."
    )


class PipelineOutcomeCounts(graphene.ObjectType):
    pending = graphene.Int(required=True)
    accepted = graphene.Int(required=True)
    dismissed = graphene.Int(required=True)


class PipelineVersionEvaluation(graphene.ObjectType):
    version = graphene.String(required=True)
    parameters = graphene.JSONString(required=True)
    documents = graphene.List(
        graphene.NonNull(graphene.ID), required=True, description="Raw ids of the documents this version ran on."
    )
    predicted_statements_by_outcome = graphene.Field(PipelineOutcomeCounts, required=True)
    spans = graphene.Field(PipelineCriteria, required=True)
    labelled_spans = graphene.Field(PipelineCriteria, required=True, description="Spans whose kind also agrees.")
    relations = graphene.Field(
        PipelineCriteria, required=True, description="Support/attack with both ends matched by the span criterion."
    )


class PipelineEvaluation(graphene.ObjectType):
    pipeline = graphene.String(required=True)
    overlap_threshold = graphene.Float(required=True)
    overlap = graphene.String(required=True)
    gold = graphene.String(required=True, description="What counts as the team's annotation.")
    predictions = graphene.String(required=True, description="What counts as the pipeline's prediction.")
    versions = graphene.List(graphene.NonNull(PipelineVersionEvaluation), required=True)


def _criteria(block: dict) -> PipelineCriteria:
    return PipelineCriteria(exact=PipelineScores(**block["exact"]), overlap=PipelineScores(**block["overlap"]))


class MapPipelineEvaluationFields:
    """Mixed into the Map type."""

    pipeline_evaluation = graphene.Field(
        PipelineEvaluation,
        required=True,
        pipeline=graphene.String(required=True, description="The pipeline's name."),
        version=graphene.String(description="One model version (default: every one)."),
        description="Precision, recall and F1 of a pipeline's spans (exact, overlap ≥ 0.5), kinds and relations "
        "against what the team accepted, per model version (docs/mining.md). Members of the map's workspace only.",
    )

    @staticmethod
    def resolve_pipeline_evaluation(root, info, pipeline, version=None):
        user = current_user(info)
        authorize(user, Action.SEE_SUGGESTIONS, root)
        result = pipeline_evaluation(argument_map=root, pipeline=pipeline.strip(), version=version or None, user=user)
        return PipelineEvaluation(
            pipeline=result["pipeline"],
            overlap_threshold=result["overlap_threshold"],
            overlap=result["overlap"],
            gold=result["gold"],
            predictions=result["predictions"],
            versions=[
                PipelineVersionEvaluation(
                    version=row["version"],
                    parameters=row["parameters"],
                    documents=row["documents"],
                    predicted_statements_by_outcome=PipelineOutcomeCounts(**row["predicted_statements_by_outcome"]),
                    spans=_criteria(row["spans"]),
                    labelled_spans=_criteria(row["labelled_spans"]),
                    relations=_criteria(row["relations"]),
                )
                for row in result["versions"]
            ],
        )
