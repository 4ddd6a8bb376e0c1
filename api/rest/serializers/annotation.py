"""Team annotation over REST: passages, discussion, assessments, critical questions, the annotation state, reverts.

The read shapes (state, discussion, history) are rendered from selector rows; the serializers here
describe them for OpenAPI, with the APIs' field names (foreign keys without ``_id``).
"""

from rest_framework import serializers

from argmap.models import Agreement, AnchorStatus, ChangeAction, EdgeRole, ReviewStatus, Role, SchemeType, StatementKind

from .anchors import OFFSETS, AnchorOutput
from .common import AuthoredOutput, StrictInputSerializer
from .statements import StatementOutput

CONFLICT_KINDS = ["rebut", "undermine", "undercut"]


class NodeReference(StrictInputSerializer):
    """Exactly one of ``statement`` and ``application``: the node a comment or an assessment is about."""

    exactly_one_of = ("statement", "application")

    statement = serializers.UUIDField(required=False, allow_null=True, default=None)
    application = serializers.UUIDField(
        required=False, allow_null=True, default=None, help_text="A scheme application (e.g. an inference)."
    )

    def validate(self, attrs):
        if (attrs.get("statement") is None) == (attrs.get("application") is None):
            raise serializers.ValidationError({"statement": ["Name either a statement or a scheme application."]})
        return attrs


# ---------------------------------------------------------------- passages


class PassageCreate(StrictInputSerializer):
    document = serializers.UUIDField(help_text="A document of the map.")
    kind = serializers.ChoiceField(choices=StatementKind.choices)
    exact = serializers.CharField(trim_whitespace=False, help_text="The selected text; must equal text[start:end].")
    start = serializers.IntegerField(min_value=0, help_text=OFFSETS)
    end = serializers.IntegerField(min_value=0, help_text=OFFSETS)
    text = serializers.CharField(
        trim_whitespace=False, required=False, allow_blank=True, default="", help_text="Defaults to exact."
    )
    gloss = serializers.CharField(required=False, allow_blank=True, default="", help_text="English gloss.")
    confirm_repeat = serializers.BooleanField(
        required=False,
        default=False,
        help_text="Anchor even though a statement you can see is anchored to exactly this passage (409 otherwise).",
    )


class PassageCreated(serializers.Serializer):
    statement = StatementOutput()
    anchor = AnchorOutput()


# ---------------------------------------------------------------- comments and assessments


class CommentOutput(AuthoredOutput):
    id = serializers.UUIDField(read_only=True)
    workspace = serializers.UUIDField(source="workspace_id", read_only=True)
    map = serializers.UUIDField(source="map_id", read_only=True)
    statement = serializers.UUIDField(source="statement_id", read_only=True, allow_null=True)
    application = serializers.UUIDField(source="application_id", read_only=True, allow_null=True)
    body = serializers.CharField(read_only=True)


class CommentCreate(NodeReference):
    body = serializers.CharField(help_text="The message.")


class AssessmentOutput(AuthoredOutput):
    id = serializers.UUIDField(read_only=True)
    workspace = serializers.UUIDField(source="workspace_id", read_only=True)
    map = serializers.UUIDField(source="map_id", read_only=True)
    statement = serializers.UUIDField(source="statement_id", read_only=True, allow_null=True)
    application = serializers.UUIDField(source="application_id", read_only=True, allow_null=True)
    assessor = serializers.IntegerField(source="assessor_id", read_only=True)
    agreement = serializers.ChoiceField(choices=Agreement.choices, read_only=True)
    strength = serializers.IntegerField(read_only=True, allow_null=True, help_text="1 (weak) – 5 (strong).")


class AssessmentCreate(NodeReference):
    agreement = serializers.ChoiceField(choices=Agreement.choices)
    strength = serializers.IntegerField(
        min_value=1, max_value=5, required=False, allow_null=True, default=None, help_text="1 (weak) – 5 (strong)."
    )


class OwnAssessment(serializers.Serializer):
    agreement = serializers.ChoiceField(choices=Agreement.choices)
    strength = serializers.IntegerField(allow_null=True)


class AssessmentSpread(serializers.Serializer):
    count = serializers.IntegerField()
    agreement = serializers.DictField(child=serializers.IntegerField(), help_text="agree / disagree / unsure counts.")
    strength = serializers.DictField(child=serializers.IntegerField(), help_text='Counts per strength "1"–"5".')
    mean_strength = serializers.FloatField(allow_null=True)
    mine = OwnAssessment(allow_null=True, help_text="Your own assessment, if you made one.")


class DiscussionComment(serializers.Serializer):
    id = serializers.UUIDField()
    body = serializers.CharField()
    created_at = serializers.DateTimeField()
    created_by = serializers.IntegerField(allow_null=True)
    created_by_username = serializers.CharField(allow_null=True)


class DiscussionAssessment(serializers.Serializer):
    id = serializers.UUIDField()
    agreement = serializers.ChoiceField(choices=Agreement.choices)
    strength = serializers.IntegerField(allow_null=True)
    assessor = serializers.IntegerField()
    assessor_username = serializers.CharField()


class Discussion(serializers.Serializer):
    comments = DiscussionComment(many=True, help_text="Oldest first.")
    assessments = DiscussionAssessment(many=True)
    spread = AssessmentSpread()


class HistoryEntry(serializers.Serializer):
    id = serializers.IntegerField()
    batch = serializers.UUIDField(help_text="The write it belonged to: POST /changes/{batch}/revert/ undoes it.")
    at = serializers.DateTimeField()
    action = serializers.ChoiceField(choices=ChangeAction.choices)
    entity = serializers.CharField(help_text="statement, schemeapplication, anchor, …")
    entity_id = serializers.CharField()
    summary = serializers.CharField()
    actor = serializers.IntegerField(allow_null=True)
    actor_username = serializers.CharField(allow_null=True)
    before = serializers.JSONField(allow_null=True)
    after = serializers.JSONField(allow_null=True)


class RevertResult(serializers.Serializer):
    reverted = serializers.UUIDField(help_text="The batch undone.")
    batch = serializers.UUIDField(help_text="The new batch that undid it (itself revertible).")


# ---------------------------------------------------------------- critical questions


class CriticalQuestionState(serializers.Serializer):
    id = serializers.UUIDField()
    position = serializers.IntegerField()
    key = serializers.CharField()
    text = serializers.CharField()
    text_ja = serializers.CharField(allow_blank=True, help_text="The question in Japanese.")
    answered = serializers.BooleanField()
    answer = serializers.UUIDField(allow_null=True, help_text="The statement that answers it.")
    note = serializers.CharField(allow_blank=True)


class CriticalQuestionAnswerRequest(StrictInputSerializer):
    question = serializers.UUIDField(help_text="A critical question of the inference's scheme.")
    answered = serializers.BooleanField()
    answer = serializers.UUIDField(
        required=False, allow_null=True, default=None, help_text="A statement of the map that answers it."
    )
    note = serializers.CharField(required=False, allow_blank=True, default="")


# ---------------------------------------------------------------- the annotation state


class ScreenPermissions(serializers.Serializer):
    role = serializers.ChoiceField(choices=Role.choices, allow_null=True, help_text="Your role; null if none.")
    user = serializers.IntegerField(allow_null=True)
    username = serializers.CharField(allow_blank=True)
    create = serializers.BooleanField()
    review = serializers.BooleanField()
    discuss = serializers.BooleanField()
    manage = serializers.BooleanField()
    own_work_only = serializers.BooleanField(help_text="You may change and propose only what you created.")


class StatePipeline(serializers.Serializer):
    name = serializers.CharField()
    version = serializers.CharField()


class StateNode(serializers.Serializer):
    id = serializers.UUIDField()
    status = serializers.ChoiceField(choices=ReviewStatus.choices)
    status_reason = serializers.CharField(allow_blank=True)
    version = serializers.IntegerField()
    created_by = serializers.IntegerField(allow_null=True)
    created_by_username = serializers.CharField(allow_null=True)
    comments = serializers.IntegerField(help_text="Messages in its discussion.")
    assessment = AssessmentSpread(allow_null=True)
    pipeline = StatePipeline(allow_null=True, help_text="The pipeline that suggested it; null: made by a person.")
    confidence = serializers.FloatField(allow_null=True, help_text="The pipeline's confidence, 0–1.")


class StateStatement(StateNode):
    kind = serializers.ChoiceField(choices=StatementKind.choices)
    text = serializers.CharField()
    gloss = serializers.CharField(allow_blank=True)
    implicit = serializers.BooleanField()


class StateSchemeApplication(StateNode):
    type = serializers.ChoiceField(choices=SchemeType.choices)
    scheme = serializers.CharField(allow_null=True, help_text="The scheme's key.")
    scheme_name = serializers.CharField(allow_null=True)
    scheme_name_ja = serializers.CharField(allow_null=True, help_text="The scheme's name in Japanese.")
    note = serializers.CharField(allow_blank=True)
    antecedents = serializers.ListField(child=serializers.UUIDField(), help_text="Statement or application ids.")
    consequent = serializers.UUIDField(allow_null=True)
    conflict_kind = serializers.ChoiceField(choices=CONFLICT_KINDS, allow_null=True)
    critical_questions = CriticalQuestionState(many=True)


class StateEdge(serializers.Serializer):
    id = serializers.UUIDField()
    application = serializers.UUIDField()
    role = serializers.ChoiceField(choices=EdgeRole.choices)
    statement = serializers.UUIDField(allow_null=True)
    other_application = serializers.UUIDField(allow_null=True)


class StateAnchor(serializers.Serializer):
    id = serializers.UUIDField()
    statement = serializers.UUIDField()
    document = serializers.UUIDField()
    start = serializers.IntegerField(allow_null=True, help_text=OFFSETS)
    end = serializers.IntegerField(allow_null=True, help_text=OFFSETS)
    exact = serializers.CharField()
    status = serializers.ChoiceField(choices=AnchorStatus.choices)
    version = serializers.IntegerField()
    start_confidence = serializers.FloatField(allow_null=True, help_text="A pipeline's confidence in the start, 0–1.")
    end_confidence = serializers.FloatField(allow_null=True, help_text="A pipeline's confidence in the end, 0–1.")


class StateEvidenceLink(serializers.Serializer):
    id = serializers.UUIDField()
    statement = serializers.UUIDField()
    source = serializers.UUIDField()
    source_title = serializers.CharField()
    footnote = serializers.IntegerField(allow_null=True)
    locator = serializers.CharField(allow_blank=True)
    quote = serializers.CharField(allow_blank=True)
    version = serializers.IntegerField()


class StateSource(serializers.Serializer):
    id = serializers.UUIDField()
    title = serializers.CharField()
    footnote = serializers.IntegerField(allow_null=True)


class StateScheme(serializers.Serializer):
    id = serializers.UUIDField()
    key = serializers.CharField()
    name = serializers.CharField()
    name_ja = serializers.CharField(allow_blank=True, help_text="The scheme's name in Japanese.")


class StateIndependentAnnotation(serializers.Serializer):
    id = serializers.UUIDField()
    active = serializers.BooleanField(help_text="Annotators work blind to each other while true.")
    version = serializers.IntegerField()


class AnnotationState(serializers.Serializer):
    map = serializers.UUIDField()
    document = serializers.UUIDField(allow_null=True, help_text="The document named in the request, if any.")
    cursor = serializers.CharField(
        help_text="The change feed's position when this was read: `changes/?after=` it (or the event stream) "
        "brings what changed since."
    )
    permissions = ScreenPermissions()
    statements = StateStatement(many=True)
    scheme_applications = StateSchemeApplication(many=True)
    edges = StateEdge(many=True)
    anchors = StateAnchor(many=True, help_text="Into every document of the map.")
    evidence_links = StateEvidenceLink(many=True)
    sources = StateSource(many=True, help_text="The workspace's sources, to cite.")
    schemes = StateScheme(many=True, help_text="Schemes an inference can apply.")
    independent_annotation = StateIndependentAnnotation(allow_null=True)
