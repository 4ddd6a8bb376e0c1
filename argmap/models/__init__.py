from .anchor import Anchor, AnchorStatus
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
from .history import Change, ChangeAction
from .interchange import DialogueEdge, DialogueNode, ExternalId, NodeFamily
from .scheme import CriticalQuestion, Scheme
from .tag import Tag
from .workspace import Membership, Role, Workspace

__all__ = [
    "Anchor",
    "AnchorStatus",
    "ArgumentMap",
    "Change",
    "ChangeAction",
    "CriticalQuestion",
    "DialogueEdge",
    "DialogueNode",
    "Document",
    "Edge",
    "EdgeRole",
    "EvidenceLink",
    "ExternalId",
    "Membership",
    "NodeFamily",
    "ReviewStatus",
    "Role",
    "Scheme",
    "SchemeApplication",
    "SchemeType",
    "Source",
    "Statement",
    "StatementKind",
    "Tag",
    "Visibility",
    "Workspace",
]
