"""Which ``visible_*_for`` selector reads each node type a mutation may name."""

from __future__ import annotations

from argmap.selectors import access

MAP = {"Map": access.visible_maps_for}
WORKSPACE = {"Workspace": access.visible_workspaces_for}
STATEMENT = {"Statement": access.visible_statements_for}
SCHEME_APPLICATION = {"SchemeApplication": access.visible_scheme_applications_for}
ARGUMENT_NODE = {**STATEMENT, **SCHEME_APPLICATION}
ANCHOR = {"Anchor": access.visible_anchors_for}
DOCUMENT = {"Document": access.visible_documents_for}
SOURCE = {"Source": access.visible_sources_for}
EVIDENCE_LINK = {"EvidenceLink": access.visible_evidence_links_for}
TAG = {"Tag": access.visible_tags_for}
PARTICIPANT = {"Participant": access.visible_participants_for}
