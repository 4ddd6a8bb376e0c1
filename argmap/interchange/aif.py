"""AIF JSON: AIFdb's flat form and OVA's wrapped form, to and from argmap's graph.

Import maps I-nodes to statements, RA / CA / MA / PA nodes to inference /
conflict / rephrase / preference scheme applications, and keeps every other
node (L, YA, TA, …) as a dialogue node with its edges, locution and
participant. Every node's AIF id is kept as an external id (scheme ``aifdb``)
so an export gives the same ids back. See docs/interchange.md for the rules.
"""

from __future__ import annotations

import re
import uuid
from collections import defaultdict
from dataclasses import dataclass, field

from argmap.errors import RuleViolation
from argmap.models import EdgeRole, Scheme
from argmap.payload import GraphPayload
from argmap.rules import AIF_NODE_TYPES, check_far_end, may_join
from argmap.schemes_data import WALTON_SCHEMES

from .locutions import locution_pattern, read_speakers
from .safety import MAX_ELEMENTS, MAX_ID_LENGTH, clean_tags, load_json, located, refuse

ID_SCHEME = "aifdb"
AIF_TYPE = {str(kind): aif_type for kind, aif_type in AIF_NODE_TYPES.items()}
ARGUMENT_TYPES = {aif_type: kind for kind, aif_type in AIF_TYPE.items()}
DEFAULT_TEXT = {
    "inference": "Default Inference",
    "conflict": "Default Conflict",
    "rephrase": "Default Rephrase",
    "preference": "Default Preference",
}
#: AIFdb's scheme ids, only those checked against OVA3's source (its defaults, and scheme 15 whose
#: form edges carry the expert-opinion critical questions); other schemes are written by name alone.
DEFAULT_SCHEME_IDS = {"inference": "72", "conflict": "71", "rephrase": "144", "preference": "161"}
AIFDB_SCHEME_IDS = {"expert_opinion": "15"}
AIFDB_KEYS = {ident: key for key, ident in AIFDB_SCHEME_IDS.items()}
NOTE_SCHEME = re.compile(r"^AIF scheme: (?P<name>.+)$", re.MULTILINE)
NOTE_SCHEME_ID = re.compile(r"^AIF schemeID: (?P<id>.+)$", re.MULTILINE)
TIME_FORMAT = "%Y-%m-%d %H:%M:%S"
KNOWN_NODE_KEYS = {"nodeID", "text", "type", "timestamp", "scheme", "schemeID", "argmap"}


@dataclass
class ParsedImport:
    payload: GraphPayload
    name: str = ""
    text: str = ""
    counts: dict = field(default_factory=dict)
    #: payload element → per row, where it came from in the file: ``(element, index, id)``
    origins: dict[str, list[tuple]] = field(default_factory=dict)
    #: payload participant id → ``(argmap id the file gave it or None, name)``: who to look for in the workspace
    #: before creating the participant anew (see :func:`argmap.interchange.imports.import_map`)
    participant_matches: dict = field(default_factory=dict)

    def locate(self, element: str | None, index: int | None) -> tuple | None:
        rows = self.origins.get(element or "")
        return rows[index] if rows is not None and index is not None and 0 <= index < len(rows) else None


def scheme_aif_name(key: str) -> str:
    """``cause_to_effect`` → ``Cause To Effect``: AIFdb's scheme name (``CauseToEffect``) as OVA writes it
    into a node's text and ``scheme``, and the spelling arguebuf and other AIFdb readers look up."""
    return " ".join(part.capitalize() for part in key.split("_"))


def normalised_scheme_name(name: str) -> str:
    words = re.sub(r"(?<=[a-z])(?=[A-Z])", " ", name).replace("-", " ").replace("_", " ").lower().split()
    for prefix in (["argument", "from"], ["argument"], ["from"]):
        if words[: len(prefix)] == prefix:
            words = words[len(prefix) :]
            break
    return "_".join(words)


_SHIPPED_SCHEMES = {
    normalised: data["key"]
    for data in WALTON_SCHEMES
    for normalised in (normalised_scheme_name(data["key"]), normalised_scheme_name(data["name"]))
}


def scheme_lookup() -> dict[str, tuple[str, str]]:
    """Normalised AIF scheme names → (argmap scheme key, type it applies to)."""
    lookup = {}
    for key, name, applies_to in Scheme.objects.values_list("key", "name", "applies_to"):
        lookup[normalised_scheme_name(key)] = (key, applies_to)
        lookup[normalised_scheme_name(name)] = (key, applies_to)
    return lookup


def _text_field(node: dict, name: str, index: int, ident: object, *, element: str = "nodes") -> str:
    value = node.get(name, "")
    if value is None:
        return ""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    if not isinstance(value, str):
        raise refuse(f"{name} must be text, not {type(value).__name__}.", element=element, index=index, ident=ident)
    return value


def _ident(item: dict, key: str, element: str, index: int) -> str:
    value = item.get(key)
    if isinstance(value, bool) or not isinstance(value, str | int) or str(value) == "":
        raise refuse(f"{key} must be a non-empty string or integer.", element=element, index=index, ident=value)
    if len(str(value)) > MAX_ID_LENGTH:
        raise refuse(f"{key} is longer than {MAX_ID_LENGTH} characters.", element=element, index=index)
    return str(value)


def parse_aif(raw: bytes | str | dict) -> ParsedImport:
    """An AIF or OVA document → a :class:`GraphPayload` for :func:`argmap.services.import_graph`.

    Refuses (``InvalidInput``) anything that is not AIF: wrong types, dangling
    edge ids, duplicate ids, I → I edges; an S → S edge the rules of
    :mod:`argmap.rules.edges` forbid is refused with their rule. The message
    names the element. The graph rules on the payload as a whole (complete
    S-nodes, antecedent counts, …) are the bulk importer's, whose refusals
    :func:`argmap.interchange.imports.import_map` re-aims at the file.
    """
    document = load_json(raw)
    if not isinstance(document, dict):
        raise refuse("an AIF file is a JSON object with nodes and edges.", element="file")
    text = ""
    if "AIF" in document:
        text = document.get("text")
        if isinstance(text, dict):  # OVA3 also writes {"txt": …} or {"url": …}
            text = text.get("txt")
        text = text if isinstance(text, str) else ""
        document = document["AIF"]
        if not isinstance(document, dict):
            raise refuse("AIF must be an object with nodes and edges.", element="AIF")
    nodes = document.get("nodes")
    edges = document.get("edges")
    if not isinstance(nodes, list) or not isinstance(edges, list):
        raise refuse("an AIF file needs a nodes list and an edges list.", element="file")
    if len(nodes) > MAX_ELEMENTS or len(edges) > MAX_ELEMENTS:
        raise refuse(f"at most {MAX_ELEMENTS} nodes and {MAX_ELEMENTS} edges per import.", element="file")
    return _Parser(document, nodes, edges, text).parse()


class _Parser:
    def __init__(self, document: dict, nodes: list, edges: list, text: str):
        self.document = document
        self.nodes = nodes
        self.edges = edges
        self.text = text
        self.payload = GraphPayload()
        self.by_aif_id: dict[str, tuple[str, uuid.UUID, str, int]] = {}  # aif id → (family, uuid, type, index)
        self.schemes = scheme_lookup()
        self.statement_roles: dict[uuid.UUID, set] = defaultdict(set)
        self.types: dict[uuid.UUID, str] = {}
        self.origins: dict[str, list[tuple]] = defaultdict(list)
        self.arcs: list[tuple[str, str]] = []
        self.speakers: dict[str, tuple] = {}
        self.participant_matches: dict = {}

    def parse(self) -> ParsedImport:
        locutions = self._keyed_list("locutions", "nodeID")
        participants = self._keyed_list("participants", "participantID")
        fulfilments = self._keyed_list("schemefulfillments", "nodeID")
        for i, node in enumerate(self.nodes):
            self._node(i, node)
        self._edges()
        self._participants(locutions, participants)
        self._statements()
        self._applications(fulfilments)
        self._dialogue(locutions, participants)
        return ParsedImport(
            payload=self.payload,
            text=self.text,
            counts=self._counts(),
            origins=self.origins,
            participant_matches=self.participant_matches,
        )

    def _participants(self, locutions: dict, participants: dict) -> None:
        """The speakers the file's locutions name, and each I-node's speaker and illocution."""
        found, rows = read_speakers(
            nodes={aif_id: self.nodes[i] for aif_id, (_f, _u, _t, i) in self.by_aif_id.items()},
            types={aif_id: kind for aif_id, (_f, _u, kind, _i) in self.by_aif_id.items()},
            arcs=self.arcs,
            locutions=locutions,
            participants=participants,
        )
        ids = {}
        for row in rows:
            ident = uuid.uuid4()
            ids[row["key"]] = ident
            self.payload.participants.append(
                {"id": ident, "name": row["name"], "kind": row["kind"], "key": row["participant_key"]}
            )
            self.participant_matches[ident] = (row["argmap_id"], row["name"])
            self.origins["participants"].append(("participants", None, row["key"]))
        self.speakers = {
            aif_id: (ids[key] if key is not None else None, illocution) for aif_id, (key, illocution) in found.items()
        }

    def _keyed_list(self, name: str, key: str) -> dict[str, dict]:
        value = self.document.get(name, [])
        if value is None:
            return {}
        if not isinstance(value, list):
            raise refuse(f"{name} must be a list.", element=name)
        result = {}
        for i, item in enumerate(value):
            if not isinstance(item, dict):
                raise refuse("must be an object.", element=name, index=i)
            result[_ident(item, key, name, i)] = item
        return result

    def _node(self, i: int, node: object) -> None:
        if not isinstance(node, dict):
            raise refuse("a node must be an object.", element="nodes", index=i)
        aif_id = _ident(node, "nodeID", "nodes", i)
        if aif_id in self.by_aif_id:
            raise refuse("this nodeID is used twice.", element="nodes", index=i, ident=aif_id)
        kind = node.get("type")
        if not isinstance(kind, str) or not kind.strip() or len(kind) > 16:
            raise refuse(
                "type must be a short string such as I, RA, CA, L or YA.", element="nodes", index=i, ident=aif_id
            )
        for name in ("text", "timestamp", "scheme"):
            _text_field(node, name, i, aif_id)
        extension = node.get("argmap")
        if extension is not None and not isinstance(extension, dict):
            raise refuse("argmap must be an object.", element="nodes", index=i, ident=aif_id)
        family = "statement" if kind == "I" else "application" if kind in ARGUMENT_TYPES else "dialogue"
        self.by_aif_id[aif_id] = (family, uuid.uuid4(), kind, i)
        self.types[self.by_aif_id[aif_id][1]] = kind
        record = {"scheme": ID_SCHEME, "external_id": aif_id, "family": family, "node_id": self.by_aif_id[aif_id][1]}
        if family != "dialogue":  # dialogue nodes keep text and timestamp in their own columns
            record["timestamp"] = _text_field(node, "timestamp", i, aif_id)
            if family == "application":
                record["text"] = _text_field(node, "text", i, aif_id)
        self.payload.external_ids.append(record)
        self.origins["external_ids"].append(("nodes", i, aif_id))

    def _edges(self) -> None:
        """Sort edges into argument-graph edges (with their role) and dialogue edges, checking AIF's rules."""
        seen_ids = set()
        for i, edge in enumerate(self.edges):
            if not isinstance(edge, dict):
                raise refuse("an edge must be an object.", element="edges", index=i)
            edge_id = edge.get("edgeID")
            if edge_id is not None:
                edge_id = _ident(edge, "edgeID", "edges", i)
                if edge_id in seen_ids:
                    raise refuse("this edgeID is used twice.", element="edges", index=i, ident=edge_id)
                seen_ids.add(edge_id)
            ends = []
            for side in ("fromID", "toID"):
                aif_id = _ident(edge, side, "edges", i)
                if aif_id not in self.by_aif_id:
                    raise refuse(
                        f"{side} {aif_id} is not a node of this file.", element="edges", index=i, ident=edge_id
                    )
                ends.append(aif_id)
            source, target = ends
            self.arcs.append((source, target))
            if source == target and self.by_aif_id[source][0] != "application":
                raise refuse("an edge cannot join a node to itself.", element="edges", index=i, ident=edge_id)
            source_family, source_uuid, _source_type, _ = self.by_aif_id[source]
            target_family, target_uuid, _target_type, _ = self.by_aif_id[target]
            if "dialogue" in (source_family, target_family):
                self.payload.dialogue_edges.append(
                    {
                        "from_family": source_family,
                        "from_id": source_uuid,
                        "to_family": target_family,
                        "to_id": target_uuid,
                    }
                )
                self.origins["dialogue_edges"].append(("edges", i, edge_id))
                continue
            if source_family == target_family == "statement":
                raise refuse(
                    "AIF forbids an edge from one I-node straight to another; it must pass through an S-node.",
                    element="edges",
                    index=i,
                    ident=edge_id,
                )
            edge_row = self._structural_edge(i, edge_id, source, target)
            self.payload.edges.append(edge_row)
            self.origins["edges"].append(("edges", i, edge_id))
            if edge_row.get("statement"):
                self.statement_roles[edge_row["statement"]].add((edge_row["role"], edge_row["application"]))

    def _structural_edge(self, i: int, edge_id: object, source: str, target: str) -> dict:
        source_family, source_uuid, source_type, _ = self.by_aif_id[source]
        target_family, target_uuid, target_type, _ = self.by_aif_id[target]
        if source_family == "statement":
            return {"application": target_uuid, "role": "antecedent", "statement": source_uuid}
        if target_family == "statement":
            return {"application": source_uuid, "role": "consequent", "statement": target_uuid}
        if source == target:  # refused by the graph rules (no_self_edge) with the rest of the payload
            return {"application": source_uuid, "role": "consequent", "other_application": target_uuid}
        source_kind, target_kind = ARGUMENT_TYPES[source_type], ARGUMENT_TYPES[target_type]
        if may_join(target_kind, EdgeRole.ANTECEDENT, source_kind):  # the preferred side of a PA
            return {"application": target_uuid, "role": "antecedent", "other_application": source_uuid}
        try:
            check_far_end(source_kind, EdgeRole.CONSEQUENT, target_kind)
        except RuleViolation as error:
            raise located(error, element="edges", index=i, ident=edge_id) from None
        return {"application": source_uuid, "role": "consequent", "other_application": target_uuid}

    def _statements(self) -> None:
        for aif_id, (family, ident, _kind, i) in self.by_aif_id.items():
            if family != "statement":
                continue
            node = self.nodes[i]
            extension = node.get("argmap") or {}
            roles = self.statement_roles[ident]
            concluded = any(role == "consequent" and self.types[app] in ("RA", "MA") for role, app in roles)
            used = any(role == "antecedent" for role, _ in roles)
            kind = "claim" if concluded and not used else "premise"
            row = {"id": ident, "kind": kind, "text": _text_field(node, "text", i, aif_id)}
            for name in ("kind", "gloss", "status", "key"):
                if isinstance(extension.get(name), str):
                    row[name] = extension[name]
            if isinstance(extension.get("implicit"), bool):
                row["implicit"] = extension["implicit"]
            if isinstance(extension.get("tags"), list):
                row["tags"] = clean_tags(extension["tags"], element="nodes", index=i, ident=aif_id)
            if aif_id in self.speakers:
                row["speaker"], row["illocution"] = self.speakers[aif_id]
            self.payload.statements.append(row)
            self.origins["statements"].append(("nodes", i, aif_id))

    def _applications(self, fulfilments: dict) -> None:
        for aif_id, (family, ident, aif_type, i) in self.by_aif_id.items():
            if family != "application":
                continue
            node = self.nodes[i]
            kind = ARGUMENT_TYPES[aif_type]
            extension = node.get("argmap") or {}
            name = _text_field(node, "scheme", i, aif_id).strip()
            text = _text_field(node, "text", i, aif_id).strip()
            if not name and text and text not in (aif_type, DEFAULT_TEXT[kind]):
                name = text
            scheme_id = node.get("schemeID") or (fulfilments.get(aif_id) or {}).get("schemeID")
            scheme_key = None
            notes = [extension["note"]] if isinstance(extension.get("note"), str) and extension["note"] else []
            if not name and str(scheme_id or "") in AIFDB_KEYS:
                name = scheme_aif_name(AIFDB_KEYS[str(scheme_id)])
            if name and name != DEFAULT_TEXT[kind]:
                match = self.schemes.get(normalised_scheme_name(name))
                if match and match[1] == kind:
                    scheme_key = match[0]
                if scheme_key is None and not NOTE_SCHEME.search("\n".join(notes)):
                    notes.append(f"AIF scheme: {name}")
            known_id = AIFDB_SCHEME_IDS.get(scheme_key or "") or (None if scheme_key else DEFAULT_SCHEME_IDS[kind])
            if (
                scheme_id not in (None, "")
                and str(scheme_id) != known_id
                and not NOTE_SCHEME_ID.search("\n".join(notes))
            ):
                notes.append(f"AIF schemeID: {scheme_id}")
            row = {"id": ident, "type": kind, "scheme": scheme_key, "note": "\n".join(notes)}
            for field_name in ("status", "key"):
                if isinstance(extension.get(field_name), str):
                    row[field_name] = extension[field_name]
            self.payload.applications.append(row)
            self.origins["applications"].append(("nodes", i, aif_id))

    def _dialogue(self, locutions: dict, participants: dict) -> None:
        for aif_id, (family, ident, aif_type, i) in self.by_aif_id.items():
            if family != "dialogue":
                continue
            node = self.nodes[i]
            properties = {k: v for k, v in node.items() if k not in KNOWN_NODE_KEYS}
            if "schemeID" in node:
                properties["schemeID"] = node["schemeID"]
            if "argmap" in node:  # e.g. a YA node's illocution, where AIF's text cannot tell it
                properties["argmap"] = node["argmap"]
            locution = locutions.get(aif_id)
            if locution is not None:
                properties["locution"] = locution
                participant = participants.get(str(locution.get("personID")))
                if participant is not None:
                    properties["participant"] = participant
            self.payload.dialogue_nodes.append(
                {
                    "id": ident,
                    "aif_type": aif_type,
                    "text": _text_field(node, "text", i, aif_id),
                    "scheme_name": _text_field(node, "scheme", i, aif_id),
                    "timestamp": _text_field(node, "timestamp", i, aif_id),
                    "properties": properties,
                }
            )
            self.origins["dialogue_nodes"].append(("nodes", i, aif_id))

    def _counts(self) -> dict:
        return {
            "statements": len(self.payload.statements),
            "applications": len(self.payload.applications),
            "edges": len(self.payload.edges),
            "dialogue_nodes": len(self.payload.dialogue_nodes),
            "dialogue_edges": len(self.payload.dialogue_edges),
        }


def aif_node_id(graph: dict, family: str, ident) -> str:
    """A node's AIF ``nodeID``: the id it had in an imported file, else argmap's own."""
    return graph["external_ids"].get((family, ident), {}).get(ID_SCHEME) or str(ident)


def export_aif(graph: dict) -> dict:
    """AIFdb's flat form of :func:`argmap.selectors.interchange.interchange_graph`'s graph."""
    records = graph.get("external_records", {})

    def node_id(family: str, ident) -> str:
        return aif_node_id(graph, family, ident)

    def record(family: str, ident) -> dict:
        return records.get((family, ident), {}).get(ID_SCHEME) or {}

    def timestamp(family: str, row: dict) -> str:
        return record(family, row["id"]).get("timestamp") or _timestamp(row.get("created_at"))

    nodes, edges, locutions, participants, fulfilments = [], [], [], {}, []
    for row in graph["statements"]:
        extension = {"kind": row["kind"], "status": row["status"]}
        for name in ("gloss", "key"):
            if row.get(name):
                extension[name] = row[name]
        if row.get("implicit"):
            extension["implicit"] = True
        if row.get("tags"):
            extension["tags"] = list(row["tags"])
        nodes.append(
            {
                "nodeID": node_id("statement", row["id"]),
                "text": row["text"],
                "type": "I",
                "timestamp": timestamp("statement", row),
                "argmap": extension,
            }
        )
    for row in graph["scheme_applications"]:
        note = row.get("note") or ""
        named = NOTE_SCHEME.search(note)
        key = row.get("scheme") or ""
        name = scheme_aif_name(key) if key else named.group("name") if named else ""
        node = {
            "nodeID": node_id("application", row["id"]),
            "text": _s_node_text(record("application", row["id"]).get("text", ""), row["type"], key, name),
            "type": AIF_TYPE[row["type"]],
            "timestamp": timestamp("application", row),
        }
        if name:
            node["scheme"] = name
        noted_id = NOTE_SCHEME_ID.search(note)
        scheme_id = (
            noted_id.group("id")
            if noted_id
            else AIFDB_SCHEME_IDS.get(key)
            if key
            else None
            if named
            else DEFAULT_SCHEME_IDS[row["type"]]
        )
        if scheme_id:
            node["schemeID"] = scheme_id
            fulfilments.append({"nodeID": node["nodeID"], "schemeID": scheme_id})
        own_note = "\n".join(
            line for line in note.splitlines() if not NOTE_SCHEME.match(line) and not NOTE_SCHEME_ID.match(line)
        )
        extension = {"status": row["status"]}
        if own_note:
            extension["note"] = own_note
        if row.get("key"):
            extension["key"] = row["key"]
        node["argmap"] = extension
        nodes.append(node)
    for row in graph["dialogue_nodes"]:
        properties = dict(row.get("properties") or {})
        locution = properties.pop("locution", None)
        participant = properties.pop("participant", None)
        node = {
            "nodeID": node_id("dialogue", row["id"]),
            "text": row["text"],
            "type": row["aif_type"],
            "timestamp": row.get("timestamp") or _timestamp(row.get("created_at")),
        }
        if row.get("scheme_name"):
            node["scheme"] = row["scheme_name"]
        node.update(properties)
        nodes.append(node)
        if locution is not None:
            locutions.append({**locution, "nodeID": node["nodeID"]})
        if participant is not None:
            participants[str(participant.get("participantID"))] = participant
    spoken = locution_pattern(graph, node_id, timestamp)
    nodes.extend(spoken["nodes"])
    locutions.extend(spoken["locutions"])
    for participant in spoken["participants"]:
        participants.setdefault(str(participant["participantID"]), participant)
    for row in graph["edges"]:
        application = node_id("application", row["application_id"])
        far = (
            node_id("statement", row["statement_id"])
            if row.get("statement_id")
            else node_id("application", row["other_application_id"])
        )
        source, target = (far, application) if row["role"] == "antecedent" else (application, far)
        edges.append({"edgeID": str(row["id"]), "fromID": source, "toID": target, "formEdgeID": None})
    present = {("statement", r["id"]) for r in graph["statements"]}
    present |= {("application", r["id"]) for r in graph["scheme_applications"]}
    present |= {("dialogue", r["id"]) for r in graph["dialogue_nodes"]}
    for row in graph["dialogue_edges"]:
        if (row["from_family"], row["from_id"]) not in present or (row["to_family"], row["to_id"]) not in present:
            continue  # an end the reader may not see (blind annotation)
        edges.append(
            {
                "edgeID": str(row["id"]),
                "fromID": node_id(row["from_family"], row["from_id"]),
                "toID": node_id(row["to_family"], row["to_id"]),
                "formEdgeID": None,
            }
        )
    edges.extend(spoken["edges"])
    return {
        "nodes": nodes,
        "edges": edges,
        "locutions": locutions,
        "participants": list(participants.values()),
        "schemefulfillments": fulfilments,
    }


def export_ova(graph: dict, positions: dict | None = None) -> dict:
    """OVA3's wrapped form: ``{"AIF": …, "OVA": {nodes with x/y, edges}, "text": the first document's text}``,
    with the AIF document's own keys repeated at the top level: OVA3 reads ``AIF``/``OVA``, while arguebuf
    (which has no OVA3 reader) takes any object with ``locutions`` at its top level for flat AIF.

    ``positions`` maps AIF node ids to ``(x, y)``; without it nodes are laid out by
    :func:`argmap.interchange.layout.layered_layout`. Positions the team placed on the annotation canvas
    (``graph["positions"]``, ``{(family, node id): (x, y)}``) win over both.
    """
    from .layout import aif_positions

    aif = export_aif(graph)
    positions = positions or aif_positions(aif)
    stored = graph.get("positions", {})
    if stored:
        positions = {**positions, **{aif_node_id(graph, *node): xy for node, xy in stored.items()}}
    ova_nodes = [
        {
            "nodeID": node["nodeID"],
            "visible": True,
            "x": round(positions.get(node["nodeID"], (0, 0))[0]),
            "y": round(positions.get(node["nodeID"], (0, 0))[1]),
            "timestamp": node.get("timestamp", ""),
        }
        for node in aif["nodes"]
    ]
    ova_edges = [{"fromID": e["fromID"], "toID": e["toID"], "visible": True} for e in aif["edges"]]
    texts = list(graph.get("document_texts", {}).values())
    return {
        **aif,
        "AIF": aif,
        "OVA": {"firstname": "", "surname": "", "url": "", "nodes": ova_nodes, "edges": ova_edges},
        "text": texts[0] if texts else "",
    }


def _s_node_text(stored: str, kind: str, key: str, name: str) -> str:
    """An S-node's text: as the file gave it while it still fits the scheme application, else its scheme's name
    (or AIF's default text). It fits if it is the bare type (``RA``), names the current scheme in any spelling,
    or — with no scheme set — names none of argmap's schemes; so a scheme changed in argmap is never contradicted."""
    if stored:
        if stored.strip() == AIF_TYPE[kind]:
            return stored
        named = _SHIPPED_SCHEMES.get(normalised_scheme_name(stored)) if stored.strip() else None
        if (key and named == key) or (not key and named is None and stored.strip() not in DEFAULT_TEXT.values()):
            return stored
        if not key and stored == DEFAULT_TEXT[kind]:
            return stored
    return name or DEFAULT_TEXT[kind]


def _timestamp(value) -> str:
    return value.strftime(TIME_FORMAT) if value is not None and hasattr(value, "strftime") else ""
