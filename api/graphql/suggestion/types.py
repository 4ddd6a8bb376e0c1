"""Suggestions from argument-mining pipelines over GraphQL: the pipeline type, the map's pending suggestions and
what the team did with them. Rules live in :mod:`argmap.services.suggestions` and
:mod:`argmap.selectors.suggestions`; REST serves the same reads."""

from __future__ import annotations

import graphene

from argmap import models
from argmap.selectors.access import Action, authorize
from argmap.selectors.suggestions import pending_suggestions, provenance_of, suggestion_outcomes

from ..core.context import current_user
from ..core.scalars import JSON
from ..core.types import load_one


class Pipeline(graphene.ObjectType):
    """A machine agent (an argument-mining model at one version) that suggested a node."""

    name = graphene.String(required=True)
    version = graphene.String(required=True)
    parameters = graphene.Field(JSON, required=True, description="The parameters it registered with.")


class PendingSuggestions(graphene.ObjectType):
    """Suggested nodes still waiting for a person, most confident first."""

    statements = graphene.List(graphene.NonNull("api.graphql.statement.types.Statement"), required=True)
    scheme_applications = graphene.List(
        graphene.NonNull("api.graphql.scheme_application.types.SchemeApplication"), required=True
    )


class SuggestionOutcome(graphene.ObjectType):
    """What the team did with one suggestion: the training signal."""

    id = graphene.ID(required=True, description="The suggested node's id (a UUID, kept when the node is gone).")
    node_type = graphene.String(required=True, description="statement or scheme_application.")
    pipeline = graphene.Field(JSON, required=True, description="{name, version}.")
    outcome = graphene.String(required=True, description="accepted, edited, dismissed or pending.")
    decided_by = graphene.String()
    decided_at = graphene.DateTime()
    prediction = graphene.Field(JSON, required=True, description="The node as the pipeline predicted it.")
    current = graphene.Field(JSON, description="Accepted: the node now (null if deleted since).")
    edits = graphene.Field(JSON, required=True, description="What changed since the acceptance: field → {from, to}.")


def pipeline_filters() -> dict:
    return {
        "pipeline": graphene.String(description="Only this pipeline's (by name)."),
        "version": graphene.String(description="Only this model version's."),
    }


class MapSuggestionFields:
    """Mixed into the Map type: its pending suggestions and their outcomes, for members of its workspace."""

    suggestions = graphene.Field(
        PendingSuggestions,
        required=True,
        min_confidence=graphene.Float(description="At least this confidence, 0–1."),
        **pipeline_filters(),
        description="Pending suggestions of argument-mining pipelines (members only).",
    )
    suggestion_outcomes = graphene.List(
        graphene.NonNull(SuggestionOutcome),
        required=True,
        **pipeline_filters(),
        description="What the team did with each suggestion: accepted, edited, dismissed or pending (members only).",
    )

    @staticmethod
    def resolve_suggestions(root, info, pipeline=None, version=None, min_confidence=None):
        authorize(current_user(info), Action.SEE_SUGGESTIONS, root)
        filters = {"argument_map": root, "pipeline": pipeline, "version": version, "min_confidence": min_confidence}
        return PendingSuggestions(
            statements=list(pending_suggestions(models.Statement, **filters)),
            scheme_applications=list(pending_suggestions(models.SchemeApplication, **filters)),
        )

    @staticmethod
    def resolve_suggestion_outcomes(root, info, pipeline=None, version=None):
        authorize(current_user(info), Action.SEE_SUGGESTIONS, root)
        return [
            SuggestionOutcome(**row)
            for row in suggestion_outcomes(argument_map=root, pipeline=pipeline, version=version)
        ]


def _provenance_reader(model: type, part: str):
    """A batched ``fetch(keys, *, user)`` of one part of the nodes' provenance (``pipeline`` or ``confidence``)."""

    def fetch(keys, *, user):
        return {pk: found[part] for pk, found in provenance_of(model, keys).items()}

    return fetch


PROVENANCE_READERS = {
    (model, part): _provenance_reader(model, part)
    for model in (models.Statement, models.SchemeApplication)
    for part in ("pipeline", "confidence")
}


class ProvenanceFields:
    """Mixed into Statement and SchemeApplication: who or what made the node, and how sure it was. Read in one
    batched query per request, since whole-graph rows do not carry these columns."""

    pipeline = graphene.Field(Pipeline, description="The pipeline that suggested it; null: made by a person.")
    confidence = graphene.Float(description="The pipeline's confidence, 0–1; null for people.")

    @staticmethod
    def resolve_pipeline(root, info):
        return load_one(info, PROVENANCE_READERS[(_model_of(root), "pipeline")], root.pk)

    @staticmethod
    def resolve_confidence(root, info):
        return load_one(info, PROVENANCE_READERS[(_model_of(root), "confidence")], root.pk)


def _model_of(root) -> type:
    model = getattr(root, "model", None) or type(root)
    return models.SchemeApplication if issubclass(model, models.SchemeApplication) else models.Statement
