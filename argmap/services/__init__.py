"""Every write to argmap goes through these functions: one transaction each, history recorded."""

from .anchors import create_anchor, delete_anchor, locate_anchor, move_anchor
from .bulk import GraphPayload, import_graph
from .documents import create_document, revise_document_text, update_document_metadata
from .evidence import (
    cite_new_source,
    create_evidence_link,
    create_source,
    delete_evidence_link,
    delete_source,
    update_evidence_link,
    update_source,
)
from .history import recorded_write, revert_batch
from .layout import NodeMove, move_nodes
from .maps import attach_document, create_map, delete_map, update_map
from .participants import create_participant, delete_participant, update_participant
from .statements import create_statement, delete_statement, review_nodes, set_review_status, update_statement
from .structure import (
    create_argument,
    create_attack,
    create_edge,
    create_preference,
    create_rephrase,
    create_scheme_application,
    delete_edge,
    delete_scheme_application,
    update_scheme_application,
)
from .tags import create_tag, delete_tag, update_tag
from .webhooks import create_webhook, delete_webhook, rotate_webhook_secret, update_webhook
from .workspaces import add_member, change_member_role, create_workspace, remove_member, update_workspace

__all__ = [
    "GraphPayload",
    "NodeMove",
    "add_member",
    "attach_document",
    "change_member_role",
    "cite_new_source",
    "create_anchor",
    "create_argument",
    "create_attack",
    "create_document",
    "create_edge",
    "create_evidence_link",
    "create_map",
    "create_participant",
    "create_preference",
    "create_rephrase",
    "create_scheme_application",
    "create_source",
    "create_statement",
    "create_tag",
    "create_webhook",
    "create_workspace",
    "delete_anchor",
    "delete_edge",
    "delete_evidence_link",
    "delete_map",
    "delete_participant",
    "delete_scheme_application",
    "delete_source",
    "delete_statement",
    "delete_tag",
    "delete_webhook",
    "import_graph",
    "locate_anchor",
    "move_anchor",
    "move_nodes",
    "recorded_write",
    "remove_member",
    "revert_batch",
    "review_nodes",
    "revise_document_text",
    "rotate_webhook_secret",
    "set_review_status",
    "update_document_metadata",
    "update_evidence_link",
    "update_map",
    "update_participant",
    "update_scheme_application",
    "update_source",
    "update_statement",
    "update_tag",
    "update_webhook",
    "update_workspace",
]
