"""Evaluation per commitment: one speaker's sub-framework, and how a speaker's commitments fare in the whole map.

Definitions (docs/semantics.md, "Evaluation per commitment"):

* a speaker's **commitments** are the statements attributed to them with an illocution that commits
  (:func:`argmap.rules.commits_speaker`); the document's author speaks every statement without a speaker;
* the speaker's **sub-framework** is those statements plus every scheme application all of whose ends are in it
  (applications among them, undercuts of such applications included), evaluated as a map of its own;
* a speaker's **standing** in the map is the label each of their commitments gets when the whole map is
  evaluated: which of the author's claims survive the voices he cites, and which of a voice's survive the author.
"""

from __future__ import annotations

import uuid

from argmap.rules import commits_speaker
from argmap.selectors.speakers import AUTHOR


def speaker_key(row: dict) -> str:
    """A statement row's speaker as the evaluation names it: a participant's id, or ``author``."""
    return str(row["speaker_id"]) if row.get("speaker_id") else AUTHOR


def committed_ids(rows: dict, speaker: str | uuid.UUID) -> set:
    """The ids of ``speaker``'s commitments among :func:`map_graph`'s statement rows."""
    wanted = str(speaker)
    return {
        row["id"]
        for row in rows["statements"]
        if speaker_key(row) == wanted and commits_speaker(row.get("illocution") or "asserting")
    }


def commitment_rows(rows: dict, speaker: str | uuid.UUID) -> dict:
    """:func:`map_graph`'s rows cut down to ``speaker``'s sub-framework (see the module's definitions)."""
    statements = committed_ids(rows, speaker)
    applications = {row["id"] for row in rows["scheme_applications"]}
    ends: dict = {}
    for edge in rows["edges"]:
        ends.setdefault(edge["application_id"], []).append(edge)
    changed = True
    while changed:
        changed = False
        for ident in list(applications):
            if any(
                (edge["statement_id"] is not None and edge["statement_id"] not in statements)
                or (edge["other_application_id"] is not None and edge["other_application_id"] not in applications)
                for edge in ends.get(ident, [])
            ):
                applications.discard(ident)
                changed = True
    return {
        **rows,
        "statements": [row for row in rows["statements"] if row["id"] in statements],
        "scheme_applications": [row for row in rows["scheme_applications"] if row["id"] in applications],
        "edges": [row for row in rows["edges"] if row["application_id"] in applications],
        "anchors": [row for row in rows["anchors"] if row["statement_id"] in statements],
        "evidence_links": [row for row in rows["evidence_links"] if row["statement_id"] in statements],
    }


def standing(result: dict, rows: dict, speaker: str | uuid.UUID) -> dict:
    """``{"speaker", "statements": {id: label}, "counts"}``: ``speaker``'s commitments labelled by ``result``
    (an evaluation of the whole map)."""
    labels = {
        str(ident): result["statements"][str(ident)]
        for ident in committed_ids(rows, speaker)
        if str(ident) in result["statements"]
    }
    tally = {label: 0 for label in ("IN", "OUT", "UNDEC")}
    for label in labels.values():
        tally[label] += 1
    return {"speaker": str(speaker), "statements": labels, "counts": tally}


def speakers_of(rows: dict) -> list[tuple[str, str]]:
    """``[(speaker key, name)]``: the author first, then every participant who speaks in the map, by name.

    The implicit author (statements without a speaker) is listed only when some statement has no speaker: a map
    that names its author as a participant, as the report's does, would otherwise show an empty first row."""
    names = {speaker_key(row): row.get("speaker_name") or "" for row in rows["statements"] if row.get("speaker_id")}
    implicit = [(AUTHOR, "author")] if any(not row.get("speaker_id") for row in rows["statements"]) else []
    return [*implicit, *sorted(names.items(), key=lambda item: (item[1], item[0]))]
