"""Mutations of suggestions: a pipeline's batch, and a person's accept or dismiss."""

from __future__ import annotations

import graphene

from argmap.errors import InvalidInput
from argmap.models import StatementKind
from argmap.selectors.access import Action, authorize, visible_documents_for
from argmap.services.suggestions import accept_suggestions, dismiss_suggestions, write_suggestion_batch

from ..core.context import current_user
from ..core.errors import DomainMutation
from ..core.lookup import find
from ..core.node import split_global_id
from ..core.readers import ARGUMENT_NODE, DOCUMENT, MAP
from ..core.scalars import JSON

OFFSETS = "Unicode code points of the document's text (not UTF-16 units)."


class PipelineInput(graphene.InputObjectType):
    name = graphene.String(required=True)
    version = graphene.String(required=True)
    parameters = graphene.Field(JSON, description="A JSON object, kept on the version's first batch.")


class SuggestedSpanInput(graphene.InputObjectType):
    key = graphene.String(required=True, description="The client's key for the span, unique in the batch.")
    kind = graphene.String(required=True, description=f"One of: {', '.join(StatementKind.values)}.")
    start = graphene.Int(required=True, description=OFFSETS)
    end = graphene.Int(required=True, description=OFFSETS)
    confidence = graphene.Float()
    start_confidence = graphene.Float()
    end_confidence = graphene.Float()


class SuggestedRelationInput(graphene.InputObjectType):
    key = graphene.String(required=True, description="The client's key for the relation, unique in the batch.")
    type = graphene.String(required=True, description="support or attack.")
    from_ = graphene.String(
        name="from", required=True, description="A span key of this batch, or a Statement id of the map."
    )
    to = graphene.String(required=True, description="A span key of this batch, or a Statement id of the map.")
    confidence = graphene.Float()
    scheme = graphene.String(description="An inference scheme's key (supports only).")


class SuggestAnnotationsInput(graphene.InputObjectType):
    map_id = graphene.ID(required=True)
    document_id = graphene.ID(required=True)
    pipeline = graphene.Field(PipelineInput, required=True)
    key = graphene.String(required=True, description="The same (pipeline, version, document, key) writes once.")
    spans = graphene.List(graphene.NonNull(SuggestedSpanInput), required=True)
    relations = graphene.List(graphene.NonNull(SuggestedRelationInput))


class KeyedNode(graphene.ObjectType):
    key = graphene.String(required=True, description="The client's key.")
    id = graphene.ID(required=True, description="The node's id (a global id, as everywhere in this API).")


class SkippedSuggestion(graphene.ObjectType):
    key = graphene.String(required=True)
    reason = graphene.String(required=True, description="dismissed, already_suggested or endpoint_skipped.")


def _global(type_name: str, pk: str) -> str:
    from graphql_relay import to_global_id

    return to_global_id(type_name, pk)


class SuggestAnnotations(DomainMutation):
    """A pipeline's batch of suggested spans and relations for one document, with its own token (role
    `pipeline`): all written, or (one invalid) none. The same pipeline, version, document and `key` again writes
    nothing and answers the first call's payload with `created: false`."""

    class Arguments:
        input = SuggestAnnotationsInput(required=True)

    batch = graphene.ID(description="The batch's id (a UUID).")
    created = graphene.Boolean(description="False when this was a retry of a batch already written.")
    statements = graphene.List(graphene.NonNull(KeyedNode), description="Span key → Statement id.")
    scheme_applications = graphene.List(graphene.NonNull(KeyedNode), description="Relation key → SchemeApplication id.")
    skipped = graphene.List(graphene.NonNull(SkippedSuggestion))

    @classmethod
    def perform(cls, info, input):
        user = current_user(info)
        argument_map = find(info, input["map_id"], MAP, field="mapId")
        authorize(user, Action.SUGGEST, argument_map)
        document = find(info, input["document_id"], DOCUMENT, field="documentId")
        if not visible_documents_for(user).filter(pk=document.pk, maps=argument_map).exists():
            raise InvalidInput("documentId: not a document of this map.", field="documentId")
        relations = []
        for relation in input.get("relations") or []:
            relation = dict(relation)
            relation["from"] = _statement_or_key(relation.pop("from_"))
            relation["to"] = _statement_or_key(relation["to"])
            relations.append(relation)
        pipeline = input["pipeline"]
        result = write_suggestion_batch(
            actor=user,
            argument_map=argument_map,
            document=document,
            pipeline_name=pipeline["name"],
            pipeline_version=pipeline["version"],
            parameters=pipeline.get("parameters"),
            key=input["key"],
            spans=[dict(span) for span in input["spans"]],
            relations=relations,
        )
        return cls(
            batch=str(result.batch.pk),
            created=result.created,
            statements=[KeyedNode(key=k, id=_global("Statement", v)) for k, v in result.statements.items()],
            scheme_applications=[
                KeyedNode(key=k, id=_global("SchemeApplication", v)) for k, v in result.scheme_applications.items()
            ],
            skipped=[SkippedSuggestion(**row) for row in result.skipped],
            errors=[],
        )


def _statement_or_key(value: str) -> str:
    """A relation end: a Statement's global id becomes its UUID (what the service takes); a span key stays."""
    parsed = split_global_id(value)
    if parsed is not None and parsed[0] == "Statement":
        return str(parsed[1])
    return value


class SuggestionChoiceInput(graphene.InputObjectType):
    map_id = graphene.ID(required=True)
    ids = graphene.List(graphene.NonNull(graphene.ID), description="Statement / SchemeApplication ids.")
    min_confidence = graphene.Float(description="Instead of ids: every pending one at least this confident.")
    pipeline = graphene.String(description="With minConfidence: only this pipeline's (by name).")
    version = graphene.String(description="With minConfidence: only this model version's.")


class SuggestionDecisionPayload(DomainMutation):
    class Meta:
        abstract = True

    class Arguments:
        input = SuggestionChoiceInput(required=True)

    statements = graphene.List(graphene.NonNull("api.graphql.statement.types.Statement"))
    scheme_applications = graphene.List(graphene.NonNull("api.graphql.scheme_application.types.SchemeApplication"))
    ids = graphene.List(graphene.NonNull(graphene.ID), description="Every node taken up (global ids).")
    count = graphene.Int()

    decide = None

    @classmethod
    def perform(cls, info, input):
        from argmap.models import SchemeApplication, Statement

        user = current_user(info)
        argument_map = find(info, input["map_id"], MAP, field="mapId")
        authorize(user, Action.TAKE_UP, argument_map)
        ids = input.get("ids")
        if ids is not None:
            ids = [_node_uuid(value) for value in ids]
        result = cls.decide(
            actor=user,
            argument_map=argument_map,
            node_ids=ids,
            min_confidence=input.get("min_confidence"),
            pipeline=input.get("pipeline"),
            version=input.get("version"),
        )
        statements = Statement.objects.filter(pk__in=result.statements)
        applications = SchemeApplication.objects.filter(pk__in=result.scheme_applications)
        return cls(
            ids=[_global("Statement", pk) for pk in result.statements]
            + [_global("SchemeApplication", pk) for pk in result.scheme_applications],
            statements=list(statements),
            scheme_applications=list(applications),
            count=len(result.statements) + len(result.scheme_applications),
            errors=[],
        )


def _node_uuid(value: str) -> str:
    parsed = split_global_id(value)
    if parsed is None or parsed[0] not in ARGUMENT_NODE:
        raise InvalidInput("`ids` must hold Statement or SchemeApplication ids.", field="ids")
    return str(parsed[1])


class AcceptSuggestions(SuggestionDecisionPayload):
    """Accept suggestions: each becomes your draft, its pipeline and confidences kept. By `ids` (a relation brings
    the suggested statements it joins), or every pending one at or above `minConfidence`."""

    decide = staticmethod(accept_suggestions)


class DismissSuggestions(SuggestionDecisionPayload):
    """Dismiss suggestions: they leave the map (the decision is kept) and the same model version never offers
    those spans again. By `ids` or `minConfidence`. `ids` names what went; `statements` and
    `schemeApplications` are empty (the nodes are gone)."""

    decide = staticmethod(dismiss_suggestions)
