"""``GET /api/v1/maps/{id}/evaluation/``: labels under a chosen semantics, acceptance and diagnostics."""

from __future__ import annotations

import uuid

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from argmap.errors import InvalidInput
from argmap.selectors.access import Action, visible_maps_for
from argmap.selectors.speakers import SPEAKER_PATTERN, speaker_in_map
from argmap.semantics import SEMANTICS, evaluate_map

from .base import ArgmapView
from .suggestions import INCLUDE_PARAMETER, include_suggestions

LABELS = serializers.DictField(child=serializers.ChoiceField(choices=["IN", "OUT", "UNDEC"]))


class AcceptanceSerializer(serializers.Serializer):
    credulous = serializers.BooleanField()
    sceptical = serializers.BooleanField()


class StatementAcceptanceSerializer(AcceptanceSerializer):
    id = serializers.CharField()


class CommitmentSerializer(serializers.Serializer):
    speaker = serializers.CharField(help_text="A participant's id, or author.")
    statements = serializers.IntegerField(help_text="Statements in the speaker's sub-framework.")
    scheme_applications = serializers.IntegerField(help_text="Scheme applications among them.")


class StandingSerializer(serializers.Serializer):
    speaker = serializers.CharField(help_text="A participant's id, or author.")
    statements = LABELS
    counts = serializers.DictField(child=serializers.IntegerField(), help_text="The speaker's commitments per label.")


class EvaluationSerializer(serializers.Serializer):
    """Labels keyed by node id; see docs/semantics.md for the exact rules."""

    map = serializers.CharField()
    semantics = serializers.ChoiceField(choices=SEMANTICS)
    statements = LABELS
    inferences = LABELS
    conflicts = LABELS
    rephrases = LABELS
    extensions = serializers.ListField(
        child=serializers.ListField(child=serializers.CharField()),
        allow_null=True,
        help_text="Grounded / complete / preferred / stable extensions as lists of statement ids; null for support "
        "semantics.",
    )
    acceptance = serializers.DictField(child=AcceptanceSerializer())
    counts = serializers.DictField(child=serializers.IntegerField(), help_text="Statements per label.")
    framework = serializers.DictField(
        child=serializers.IntegerField(), required=False, help_text="Size of the derived Dung framework."
    )
    excluded = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()), help_text="Rejected nodes left out."
    )
    diagnostics = serializers.DictField(child=serializers.ListField(child=serializers.DictField()))
    statement = StatementAcceptanceSerializer(required=False)
    commitment = CommitmentSerializer(required=False, help_text="With `speaker`: the sub-framework evaluated.")
    claims_of = StandingSerializer(
        required=False,
        help_text="With `claims_of`: that speaker's commitments and the labels this evaluation gives them.",
    )


class MapEvaluationView(ArgmapView, APIView):
    object_etag = False

    @extend_schema(
        tags=["evaluation"],
        operation_id="maps_evaluation",
        parameters=[
            OpenApiParameter(
                "semantics", OpenApiTypes.STR, enum=list(SEMANTICS), default="grounded", description="Which semantics."
            ),
            OpenApiParameter(
                "statement",
                OpenApiTypes.UUID,
                required=False,
                description="Add this statement's acceptance. 404 when it is not among what is evaluated.",
            ),
            OpenApiParameter(
                "speaker",
                OpenApiTypes.STR,
                required=False,
                pattern=SPEAKER_PATTERN,
                description="Evaluate only this speaker's commitments (a participant's id, or `author`): the "
                "statements that commit them and the scheme applications among them. 404 for a participant "
                "you may not see.",
            ),
            OpenApiParameter(
                "claims_of",
                OpenApiTypes.STR,
                required=False,
                pattern=SPEAKER_PATTERN,
                description="Report the labels this evaluation gives to this speaker's commitments (a "
                "participant's id, or `author`): which of them survive the other voices.",
            ),
            INCLUDE_PARAMETER,
        ],
        responses={200: EvaluationSerializer},
    )
    def get(self, request, pk):
        """Evaluate the map: IN / OUT / UNDEC per statement, inference and conflict under grounded, complete,
        preferred or stable semantics (on the Dung framework the map's conflicts define) or support-aware (Carneades-style)
        semantics; credulous and sceptical acceptance; and diagnostics for annotators. Preferred and stable
        refuse (400, rule ``framework_too_large``) maps whose undecided part is too large to search."""
        argument_map = self.referenced(visible_maps_for(request.user), pk, field="id", noun="map")
        self.authorize(Action.READ, argument_map)
        semantics = request.query_params.get("semantics", "grounded")
        statement = request.query_params.get("statement") or None
        if statement is not None:
            try:
                statement = uuid.UUID(statement)
            except ValueError:
                raise InvalidInput("statement must be a statement's id (UUID).", field="statement") from None
        if semantics not in SEMANTICS:
            raise InvalidInput(
                f"semantics must be one of {', '.join(SEMANTICS)} (got {semantics!r}).", field="semantics"
            )
        speakers = {
            name: speaker_in_map(request.user, argument_map, request.query_params[name], field=name)
            for name in ("speaker", "claims_of")
            if request.query_params.get(name)
        }
        result = evaluate_map(
            argument_map=argument_map,
            semantics=semantics,
            statement=statement,
            user=request.user,
            commitment_of=speakers.get("speaker"),
            claims_of=speakers.get("claims_of"),
            include_suggestions=include_suggestions(request, argument_map),
        )
        return Response(result, headers={"Vary": "Authorization, Cookie"})
