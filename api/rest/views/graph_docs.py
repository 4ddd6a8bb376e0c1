"""OpenAPI descriptions of the graph and neighbourhood responses (rendered from selector dicts, not serializers)."""

from rest_framework import serializers

from ..serializers.anchors import AnchorOutput
from ..serializers.evidence import EvidenceLinkOutput, SourceOutput
from ..serializers.maps import MapOutput
from ..serializers.statements import StatementOutput
from ..serializers.structure import EdgeOutput, SchemeApplicationOutput
from ..serializers.suggestions import PipelineName

#: A boundary's confidence on an anchor a pipeline suggested.
BOUNDARY_CONFIDENCE = "A pipeline's confidence in the {} boundary, 0–1; null for people's anchors."


class Provenance(serializers.Serializer):
    """Who or what made a node, kept when a suggestion is accepted (as the annotation state and GraphQL name it)."""

    pipeline = PipelineName(allow_null=True, help_text="The pipeline that suggested it; null: made by a person.")
    confidence = serializers.FloatField(allow_null=True, help_text="The pipeline's confidence, 0–1; null for people.")


class GraphStatement(Provenance, StatementOutput):
    workspace = None
    speaker_name = serializers.CharField(allow_null=True, help_text="The speaker's name; null: the document's author.")


class GraphSchemeApplication(Provenance, SchemeApplicationOutput):
    workspace = None


class GraphEdge(EdgeOutput):
    workspace = None


class GraphAnchor(AnchorOutput):
    workspace = None
    start_confidence = serializers.FloatField(allow_null=True, help_text=BOUNDARY_CONFIDENCE.format("start"))
    end_confidence = serializers.FloatField(allow_null=True, help_text=BOUNDARY_CONFIDENCE.format("end"))


class GraphEvidenceLink(EvidenceLinkOutput):
    workspace = None


class GraphSource(SourceOutput):
    workspace = None
    created_at = None
    updated_at = None
    created_by = None
    updated_by = None


class GraphDocument(serializers.Serializer):
    id = serializers.UUIDField()
    key = serializers.CharField()
    title = serializers.CharField()
    title_en = serializers.CharField()
    language = serializers.CharField()
    sha256 = serializers.CharField()
    version = serializers.IntegerField()


class GraphSerializer(serializers.Serializer):
    map = MapOutput()
    statements = GraphStatement(many=True)
    scheme_applications = GraphSchemeApplication(many=True)
    edges = GraphEdge(many=True)
    anchors = GraphAnchor(many=True)
    evidence_links = GraphEvidenceLink(many=True)
    sources = GraphSource(many=True, help_text="The sources the map's evidence links cite.")
    documents = GraphDocument(many=True, help_text="The map's documents, without their text.")


class DepthMixin(serializers.Serializer):
    depth = serializers.IntegerField(help_text="Scheme applications passed on the shortest path from the origin.")


class NeighbourhoodStatement(DepthMixin, GraphStatement):
    tags = None
    speaker_name = None


class NeighbourhoodSchemeApplication(DepthMixin, GraphSchemeApplication):
    tags = None


class NeighbourhoodEdge(DepthMixin, GraphEdge):
    pass


class NeighbourhoodSerializer(serializers.Serializer):
    origin = serializers.UUIDField()
    depth = serializers.IntegerField()
    direction = serializers.ChoiceField(choices=["up", "down", "both"])
    statements = NeighbourhoodStatement(many=True)
    scheme_applications = NeighbourhoodSchemeApplication(many=True)
    edges = NeighbourhoodEdge(many=True)
