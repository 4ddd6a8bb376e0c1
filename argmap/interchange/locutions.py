"""Who says what in AIF: locutions (L), illocutionary connections (YA), transitions (TA) and participants.

Export writes, for a statement that no imported locution anchors, the pattern AIFdb/IAT corpora use:

* asserted, conceded or questioned: ``L "Speaker: text" → YA (Asserting | Conceding | Pure Questioning) → I``;
* reported or quoted (the author reports a voice's assertion): the author's locution whose content is the
  reported locution, ``L "Author: text" → YA Asserting → L "Voice: text" → YA Asserting → I`` (IAT's reported
  speech: the reported L-node stands where an I-node would, as the content of the reporter's locution);
* ``TA "Default Transitioning"`` between consecutive locutions where their order is known (document order of the
  statements' anchors), and the speakers in the ``participants`` list with their ``locutions``.

Import reads the same shapes back (and AIFdb's older ``"Speaker says '…'"`` L-nodes), giving each I-node a
speaker and an illocution; the L/YA/TA nodes themselves stay dialogue nodes so a re-export writes them as the
file had them. See docs/interchange.md, "Speakers and locutions".
"""

from __future__ import annotations

import itertools
import re

#: illocution → the YA node's text (AIFdb's names of illocutionary connections).
YA_TEXT = {
    "asserting": "Asserting",
    "conceding": "Conceding",
    "questioning": "Pure Questioning",
    "reporting": "Asserting",
    "quoting": "Asserting",
}
#: AIFdb YA texts → illocution; anything else (``Default Illocuting``, Araucaria's ``YA_<hash>``) is asserting.
ILLOCUTION_OF_YA = {
    "conceding": "conceding",
    "popular concession": "conceding",
    "pure questioning": "questioning",
    "assertive questioning": "questioning",
    "rhetorical questioning": "questioning",
    "pure challenging": "questioning",
    "assertive challenging": "questioning",
    "rhetorical challenging": "questioning",
    "reporting": "reporting",
    "quoting": "quoting",
}
TRANSITION_TEXT = "Default Transitioning"
AUTHOR_ID = "author"
AUTHOR_NAME = "Author"
REPORTED = ("reporting", "quoting")
_SPEAKER_COLON = re.compile(r"^\s*(?P<name>[^:\n]{1,200}?)\s*:\s+\S")
_SPEAKER_SAYS = re.compile(r"^\s*(?P<name>.{1,200}?) says '")


def speaker_in_text(text: str) -> str:
    """The speaker an L-node's text names: ``"Kim : …"`` (AIFdb), ``"Kim: …"`` or ``"Kim says '…'"`` (Araucaria)."""
    match = _SPEAKER_COLON.match(text) or _SPEAKER_SAYS.match(text)
    return match.group("name").strip() if match else ""


def illocution_of_ya(node: dict) -> str:
    extension = node.get("argmap")
    if isinstance(extension, dict) and extension.get("illocution") in YA_TEXT:
        return extension["illocution"]
    return ILLOCUTION_OF_YA.get(str(node.get("text", "")).strip().lower(), "asserting")


# --- import -------------------------------------------------------------------------------------------------------


def read_speakers(
    *,
    nodes: dict[str, dict],
    types: dict[str, str],
    arcs: list[tuple[str, str]],
    locutions: dict[str, dict],
    participants: dict[str, dict],
) -> tuple[dict[str, tuple[str | None, str]], list[dict]]:
    """``({I-node id: (participant key or None for the author, illocution)}, participant rows)``.

    ``nodes`` and ``types`` are the file's nodes by id, ``arcs`` its edges as ``(from, to)`` ids. A participant
    key is the file's ``participantID`` or, without a locution record, ``name:<speaker>`` from the L-node's text.
    An I-node several locutions anchor takes the first in file order (the one that introduces it).
    """
    into: dict[str, list[str]] = {}
    for source, target in arcs:
        into.setdefault(target, []).append(source)
    voices: dict[str, dict] = {}

    def voice(l_id: str) -> str | None:
        locution = locutions.get(l_id) or {}
        person = participants.get(str(locution.get("personID"))) if locution else None
        if person is not None:
            extension = person.get("argmap") if isinstance(person.get("argmap"), dict) else {}
            if extension.get("author"):
                return None
            key = f"id:{person.get('participantID')}"
            name = " ".join(str(person.get(part) or "").strip() for part in ("firstname", "surname")).strip()
            voices.setdefault(key, {"name": name or str(person.get("participantID")), "extension": extension})
            return key
        name = speaker_in_text(str(nodes[l_id].get("text", "")))
        if not name:
            return None
        voices.setdefault(f"name:{name}", {"name": name, "extension": {}})
        return f"name:{name}"

    found: dict[str, tuple[str | None, str]] = {}
    for target, sources in into.items():
        if types.get(target) != "I":
            continue
        for ya in sources:
            if types.get(ya) != "YA":
                continue
            speakers = [s for s in into.get(ya, []) if types.get(s) == "L"]
            if not speakers:
                continue
            spoken = speakers[0]
            illocution = illocution_of_ya(nodes[ya])
            reporting = [
                outer
                for reporter in into.get(spoken, [])
                if types.get(reporter) == "YA"
                for outer in [illocution_of_ya(nodes[reporter])]
                if any(types.get(s) == "L" for s in into.get(reporter, []))
            ]
            if reporting:
                illocution = reporting[0] if reporting[0] in REPORTED else "reporting"
            found.setdefault(target, (voice(spoken), illocution))
            break
    rows = []
    for key, data in voices.items():
        extension = data["extension"]
        rows.append(
            {
                "key": key,
                "name": str(extension.get("name") or data["name"])[:300],
                "kind": extension.get("kind")
                if extension.get("kind") in ("person", "organisation", "collective")
                else "person",
                "argmap_id": extension.get("id") if isinstance(extension.get("id"), str) else None,
                "participant_key": extension.get("key") if isinstance(extension.get("key"), str) else "",
            }
        )
    return found, rows


# --- export -------------------------------------------------------------------------------------------------------


def locution_pattern(graph: dict, node_id, timestamp) -> dict:
    """The L/YA/TA nodes, edges, locutions and participants AIF gains from the statements' speakers.

    ``node_id(family, id)`` and ``timestamp(family, row)`` are the exporter's. Statements an imported YA node
    already anchors are left to those nodes. Nothing is written for a map in which no statement has a speaker
    or an illocution other than asserting; where some do, every statement gets its locution (the author's
    included) unless the map's locutions came from a file, where only the attributed ones do."""
    statements = graph["statements"]
    if not has_voices(graph):
        return {"nodes": [], "edges": [], "locutions": [], "participants": []}
    dialogue_types = {row["id"]: row["aif_type"] for row in graph["dialogue_nodes"]}
    anchored = {
        row["to_id"]
        for row in graph["dialogue_edges"]
        if row["to_family"] == "statement" and dialogue_types.get(row["from_id"]) == "YA"
    }
    from_file = "L" in dialogue_types.values()
    people = {row["id"]: row for row in graph.get("participants", [])}
    author_name = ", ".join(str(name) for name in graph.get("map_authors") or []) or AUTHOR_NAME
    nodes, edges, locutions, participants = [], [], [], {}
    outer_of: dict = {}

    def person(participant_id) -> str:
        if participant_id is None:
            participants.setdefault(
                AUTHOR_ID,
                {"participantID": AUTHOR_ID, "firstname": author_name, "surname": "", "argmap": {"author": True}},
            )
            return AUTHOR_ID
        ident = str(participant_id)
        row = people.get(participant_id) or {}
        extension = {"id": ident, "kind": row.get("kind", "person")}
        if row.get("key"):
            extension["key"] = row["key"]
        participants.setdefault(
            ident, {"participantID": ident, "firstname": row.get("name", ident), "surname": "", "argmap": extension}
        )
        return ident

    def name_of(participant_id) -> str:
        return author_name if participant_id is None else (people.get(participant_id) or {}).get("name", "")

    def add(node_id_: str, kind: str, text: str, stamp: str, extension: dict | None = None) -> None:
        node = {"nodeID": node_id_, "text": text, "type": kind, "timestamp": stamp}
        if extension:
            node["argmap"] = extension
        nodes.append(node)

    def arc(source: str, target: str) -> None:
        edges.append({"edgeID": f"{source}>{target}", "fromID": source, "toID": target, "formEdgeID": None})

    def locution(l_id: str, speaker, text: str, stamp: str) -> None:
        add(l_id, "L", f"{name_of(speaker)}: {text}", stamp)
        locutions.append(
            {
                "nodeID": l_id,
                "personID": person(speaker),
                "timestamp": stamp,
                "start": None,
                "end": None,
                "source": None,
            }
        )

    for row in statements:
        speaker, illocution = row.get("speaker_id"), row.get("illocution") or "asserting"
        if row["id"] in anchored:
            continue
        if from_file and speaker is None and illocution == "asserting":
            continue
        i_node = node_id("statement", row["id"])
        stamp = timestamp("statement", row)
        l_id, ya_id = f"{i_node}:L", f"{i_node}:YA"
        if illocution in REPORTED and speaker is not None:
            reported_l, reported_ya = f"{i_node}:L:reported", f"{i_node}:YA:reported"
            locution(l_id, None, row["text"], stamp)
            add(ya_id, "YA", YA_TEXT[illocution], stamp, {"illocution": illocution})
            locution(reported_l, speaker, row["text"], stamp)
            add(reported_ya, "YA", YA_TEXT["asserting"], stamp)
            for source, target in (
                (l_id, ya_id),
                (ya_id, reported_l),
                (reported_l, reported_ya),
                (reported_ya, i_node),
            ):
                arc(source, target)
        else:
            locution(l_id, speaker, row["text"], stamp)
            add(ya_id, "YA", YA_TEXT[illocution], stamp, {"illocution": illocution} if illocution in REPORTED else None)
            arc(l_id, ya_id)
            arc(ya_id, i_node)
        outer_of[row["id"]] = (l_id, stamp)
    order = turns(graph)
    spoken = sorted((order[sid], sid) for sid in outer_of if sid in order)
    for (_, before), (_, after) in itertools.pairwise(spoken):
        (first, stamp), (second, _) = outer_of[before], outer_of[after]
        ta_id = f"{first}>TA"
        add(ta_id, "TA", TRANSITION_TEXT, stamp)
        arc(first, ta_id)
        arc(ta_id, second)
    return {"nodes": nodes, "edges": edges, "locutions": locutions, "participants": list(participants.values())}


def has_voices(graph: dict) -> bool:
    """Whether some statement has a speaker or an illocution other than asserting (then locutions are written)."""
    return any(
        row.get("speaker_id") or row.get("illocution", "asserting") != "asserting" for row in graph["statements"]
    )


def turns(graph: dict) -> dict:
    """Statement id → its turn (1, 2, …): the order in which the statements' locutions are spoken.

    A statement's turn is its first anchor's place in the map's documents (title order, then offset). Formats
    without anchors (Argdown) carry the turn in the statement's data as ``turn``; a statement with no anchor
    but such a turn comes after the anchored ones, in turn order. Empty for a map without voices, whose
    locutions are not written."""
    if not has_voices(graph):
        return {}
    documents = {row["id"]: i for i, row in enumerate(graph.get("documents", []))}
    place: dict = {}
    for anchor in graph.get("anchors", []):
        at = (0, documents.get(anchor["document_id"], len(documents)), anchor["start"], anchor["end"])
        sid = anchor["statement_id"]
        if sid not in place or at < place[sid]:
            place[sid] = at
    for row in graph["statements"]:
        turn = stated_turn(row.get("data") or {})
        if row["id"] not in place and turn is not None:
            place[row["id"]] = (1, turn, 0, 0)
    return {sid: n for n, sid in enumerate(sorted(place, key=lambda sid: (place[sid], str(sid))), start=1)}


def stated_turn(data: dict) -> int | None:
    """The dialogue turn a statement's interchange data gives it (Argdown's ``{turn: 3}``), if it is a whole number."""
    turn = data.get("turn")
    return turn if isinstance(turn, int) and not isinstance(turn, bool) else None
