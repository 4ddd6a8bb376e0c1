from .anchor import Anchor, AnchorStatus
from .annotation import Agreement, Assessment, Comment, CriticalQuestionAnswer, IndependentAnnotation
from .argument_map import ArgumentMap, Visibility
from .document import Document
from .evidence import EvidenceLink, Source
from .graph import (
    Edge,
    EdgeRole,
    ReviewStatus,
    SchemeApplication,
    SchemeType,
    Statement,
    StatementKind,
)
from .history import Change, ChangeAction, FeedEntry
from .interchange import DialogueEdge, DialogueNode, ExternalId, NodeFamily
from .layout import NodePosition
from .participant import Illocution, Participant, ParticipantKind
from .scheme import CriticalQuestion, Scheme
from .suggestion import Outcome, Pipeline, SuggestionBatch, SuggestionDecision
from .tag import Tag
from .webhook import DeliveryStatus, Webhook, WebhookDelivery
from .workspace import Membership, Role, Workspace

__all__ = [
    "Agreement",
    "Anchor",
    "AnchorStatus",
    "ArgumentMap",
    "Assessment",
    "Change",
    "ChangeAction",
    "Comment",
    "CriticalQuestion",
    "CriticalQuestionAnswer",
    "DeliveryStatus",
    "DialogueEdge",
    "DialogueNode",
    "Document",
    "Edge",
    "EdgeRole",
    "EvidenceLink",
    "ExternalId",
    "FeedEntry",
    "Illocution",
    "IndependentAnnotation",
    "Membership",
    "NodeFamily",
    "NodePosition",
    "Outcome",
    "Participant",
    "ParticipantKind",
    "Pipeline",
    "ReviewStatus",
    "Role",
    "Scheme",
    "SchemeApplication",
    "SchemeType",
    "Source",
    "Statement",
    "StatementKind",
    "SuggestionBatch",
    "SuggestionDecision",
    "Tag",
    "Visibility",
    "Webhook",
    "WebhookDelivery",
    "Workspace",
]
