"""The plain shape of a graph to import, shared by the parsers, the generators and the bulk importer."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class GraphPayload:
    """Plain dicts, one list per kind of row. Ids are optional (generated when absent).

    statements: ``{id, kind, text, gloss, implicit, status, key, tags: [slug], data: {…}, speaker: participant id|None,
    illocution}``
    participants: ``{id, name, kind, key, description, source: source id|None}``
    applications: ``{id, type, scheme: key|None, note, key, status, data: {…}}``
    edges: ``{id, application, role, statement | other_application}``
    anchors: ``{id, statement, document, exact, start, end, prefix, suffix}``
    sources: ``{id, title, …Source fields}``
    evidence_links: ``{id, statement, source, locator, quote, footnote}``
    dialogue_nodes: ``{id, aif_type, text, scheme_name, timestamp, properties}``
    dialogue_edges: ``{id, from_family, from_id, to_family, to_id}``
    external_ids: ``{scheme, external_id, family, node_id, text, timestamp}`` (text and timestamp verbatim from the file)
    """

    statements: list[dict] = field(default_factory=list)
    applications: list[dict] = field(default_factory=list)
    edges: list[dict] = field(default_factory=list)
    anchors: list[dict] = field(default_factory=list)
    sources: list[dict] = field(default_factory=list)
    evidence_links: list[dict] = field(default_factory=list)
    dialogue_nodes: list[dict] = field(default_factory=list)
    dialogue_edges: list[dict] = field(default_factory=list)
    external_ids: list[dict] = field(default_factory=list)
    participants: list[dict] = field(default_factory=list)
