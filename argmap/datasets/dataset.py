"""Reproducible datasets: a reviewable YAML source → a built JSON fixture → a loaded map → an export.

Every id is a UUIDv5 of the row's stable key, so rebuilding never renumbers
anything, and every file is written canonically (sorted keys, fixed order,
UTF-8, LF) so that two loads of one dataset export to identical bytes.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import uuid
from pathlib import Path

import yaml
from django.db import transaction

from argmap import services
from argmap.datasets.report import OUTLINE_FILE, render_outline
from argmap.errors import DomainError, InvalidInput
from argmap.models import (
    Anchor,
    ArgumentMap,
    Edge,
    EvidenceLink,
    Illocution,
    Participant,
    ParticipantKind,
    SchemeApplication,
    Source,
    Statement,
    Workspace,
)
from argmap.selectors.graph import conflict_kind
from argmap.selectors.integrity import map_integrity_problems
from argmap.selectors.suggestions import SUGGESTION_PATHS, leave_out_suggestions
from argmap.services.bulk import GraphPayload
from argmap.text import context_around, normalise_document_text, occurrences

DATASET_NAMESPACE = uuid.UUID("0b3c0a55-8d6c-5d2e-a1f4-5a7f0e6b9c21")
BUILT_FORMAT = "argmap-dataset-built/2"
EXPORT_FORMAT = "argmap-map-export/1"
BUILT_FILE = "dataset.built.json"
SOURCE_FILE = "dataset.yaml"


def stable_id(kind: str, key: str) -> str:
    return str(uuid.uuid5(DATASET_NAMESPACE, f"{kind}:{key}"))


def sha256_file(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def canonical_json(data: dict) -> str:
    return json.dumps(data, ensure_ascii=False, sort_keys=True, indent=1) + "\n"


def content_checksum(built: dict) -> str:
    """SHA-256 of the built fixture's canonical JSON without its own ``checksum`` field: what a citation pins."""
    content = {k: v for k, v in built.items() if k != "checksum"}
    return hashlib.sha256(canonical_json(content).encode("utf-8")).hexdigest()


class DatasetError(InvalidInput):
    """The dataset's source files are inconsistent; the message says where."""


def build_dataset(directory: Path) -> dict:
    """Resolve keys to ids and quotes to code-point offsets; refuse anything inconsistent."""
    source = yaml.safe_load((directory / SOURCE_FILE).read_text(encoding="utf-8"))
    doc = source["document"]
    text_path = directory / doc["text_file"]
    text = text_path.read_text(encoding="utf-8")
    if normalise_document_text(text) != text:
        raise DatasetError(f"{text_path} is not normalised (NFC, LF).")
    statement_keys = _unique_keys(source.get("statements", []), "statements")
    application_rows = [
        *({"type": "inference", **r} for r in source.get("inferences", [])),
        *({"type": "conflict", **r} for r in source.get("conflicts", [])),
        *({"type": "rephrase", **r} for r in source.get("rephrases", []) or []),
        *({"type": "preference", **r} for r in source.get("preferences", []) or []),
    ]
    application_keys = _unique_keys(application_rows, "scheme applications")
    if statement_keys & application_keys:
        raise DatasetError(
            f"keys used for both a statement and a scheme application: {sorted(statement_keys & application_keys)}"
        )
    source_keys = _unique_keys(source.get("sources", []), "sources")
    participant_keys = _unique_keys(source.get("participants") or [], "participants")
    document_id = stable_id("document", doc["key"])

    def node_ref(key: str, where: str) -> dict:
        if key in statement_keys:
            return {"statement": stable_id("statement", key)}
        if key in application_keys:
            return {"other_application": stable_id("application", key)}
        raise DatasetError(f"{where}: no statement or scheme application has the key {key!r}.")

    participants = []
    for row in source.get("participants") or []:
        if row.get("kind", ParticipantKind.PERSON) not in ParticipantKind.values:
            raise DatasetError(f"participant {row['key']}: kind must be one of {ParticipantKind.values}.")
        if row.get("source") and row["source"] not in source_keys:
            raise DatasetError(f"participant {row['key']}: unknown source {row['source']!r}.")
        participants.append(
            {
                "id": stable_id("participant", row["key"]),
                "key": row["key"],
                "name": row["name"],
                "kind": row.get("kind", ParticipantKind.PERSON),
                "description": row.get("description") or "",
                "source": stable_id("source", row["source"]) if row.get("source") else None,
            }
        )

    statements, anchors, evidence = [], [], []
    for row in source.get("statements", []):
        sid = stable_id("statement", row["key"])
        speaker = row.get("speaker")
        if speaker is not None and speaker not in participant_keys:
            raise DatasetError(f"statement {row['key']}: unknown speaker {speaker!r}.")
        if row.get("illocution", Illocution.ASSERTING) not in Illocution.values:
            raise DatasetError(f"statement {row['key']}: illocution must be one of {Illocution.values}.")
        tags = (
            sorted({f"section-{row['section']}", *(row.get("tags") or [])})
            if row.get("section")
            else sorted(row.get("tags") or [])
        )
        statements.append(
            {
                "id": sid,
                "key": row["key"],
                "kind": row["kind"],
                "text": row["text"],
                "gloss": row.get("gloss", ""),
                "implicit": bool(row.get("implicit", False)),
                "status": row.get("status", "accepted"),
                "tags": tags,
                "speaker": stable_id("participant", speaker) if speaker else None,
                "illocution": row.get("illocution", Illocution.ASSERTING),
            }
        )
        if row.get("anchor"):
            anchors.append(_resolve_anchor(text, row, sid, document_id))
        for n, cite in enumerate(row.get("evidence") or []):
            if cite["source"] not in source_keys:
                raise DatasetError(f"statement {row['key']}: unknown source {cite['source']!r}.")
            evidence.append(
                {
                    "id": stable_id("evidence", f"{row['key']}/{cite['source']}/{n}"),
                    "statement": sid,
                    "source": stable_id("source", cite["source"]),
                    "footnote": cite.get("footnote"),
                    "locator": cite.get("locator") or "",
                    "quote": cite.get("quote") or "",
                }
            )

    applications, edges = [], []
    for row in application_rows:
        aid = stable_id("application", row["key"])
        applications.append(
            {
                "id": aid,
                "key": row["key"],
                "type": row["type"],
                "scheme": row.get("scheme"),
                "note": row.get("note") or "",
                "status": row.get("status", "accepted"),
            }
        )
        where = f"{row['type']} {row['key']}"
        ends = {
            "inference": (row.get("premises") or [], row.get("conclusion")),
            "conflict": ([row.get("attacker")], row.get("target")),
            "rephrase": ([row.get("original")], row.get("rephrase")),
            "preference": ([row.get("preferred")], row.get("dispreferred")),
        }[row["type"]]
        for role, keys in (("antecedent", ends[0]), ("consequent", [ends[1]])):
            for key in keys:
                if not key:
                    raise DatasetError(f"{where}: missing {role}.")
                edges.append(
                    {
                        "id": stable_id("edge", f"{row['key']}/{role}/{key}"),
                        "application": aid,
                        "role": role,
                        **node_ref(key, where),
                    }
                )

    _check_conflict_kinds(source, statement_keys)

    sources = []
    for row in source.get("sources", []):
        sources.append(
            {
                "id": stable_id("source", row["key"]),
                "key": row["key"],
                "title": row["title"],
                "authors": list(row.get("authors") or []),
                "container": row.get("container") or "",
                "publisher": row.get("publisher") or "",
                "published": str(row.get("published") or ""),
                "url": row.get("url") or "",
                "footnote": row.get("footnote"),
                "locator": row.get("locator") or "",
                "citation": row.get("citation") or "",
            }
        )

    workspace = source["workspace"]
    the_map = source["map"]
    built = {
        "format": BUILT_FORMAT,
        "version": str(source.get("version") or ""),
        "checksums": {SOURCE_FILE: sha256_file(directory / SOURCE_FILE), doc["text_file"]: sha256_file(text_path)},
        "workspace": {
            "id": stable_id("workspace", workspace["key"]),
            "slug": workspace["key"],
            "name": workspace["name"],
            "description": workspace.get("description") or "",
        },
        "document": {
            "id": document_id,
            "key": doc["key"],
            "title": doc["title"],
            "title_en": doc.get("title_en") or "",
            "authors": list(doc.get("authors") or []),
            "affiliation": doc.get("affiliation") or "",
            "publisher": doc.get("publisher") or "",
            "series": doc.get("series") or "",
            "published_on": str(doc.get("published_on") or ""),
            "url": doc.get("url") or "",
            "language": doc.get("language") or "und",
            "text_file": doc["text_file"],
            "sha256": hashlib.sha256(text.encode("utf-8")).hexdigest(),
            "sections": {str(k): v for k, v in (doc.get("sections") or {}).items()},
            "footnote_markers": _footnote_markers(text, doc.get("footnote_markers") or {}),
        },
        "map": {
            "id": stable_id("map", the_map["key"]),
            "key": the_map["key"],
            "name": the_map["name"],
            "description": the_map.get("description") or "",
            "visibility": the_map.get("visibility", "public"),
        },
        "sources": sources,
        "participants": participants,
        "statements": statements,
        "applications": applications,
        "edges": edges,
        "anchors": anchors,
        "evidence_links": evidence,
    }
    built["checksum"] = content_checksum(built)
    return built


def _check_conflict_kinds(source: dict, statement_keys: set[str]) -> None:
    """A conflict's ``kind`` in the source is the analyst's reading of the text; the build refuses it unless the
    kind argmap derives from the target's role (docs/decisions.md) agrees, so the map cannot say otherwise."""
    kind_of = {row["key"]: row["kind"] for row in source.get("statements", [])}
    concluded = {row.get("conclusion") for row in source.get("inferences", [])}
    for row in source.get("conflicts", []):
        expected = row.get("kind")
        if expected is None:
            continue
        target = row.get("target")
        derived = conflict_kind(
            targets_application=target not in statement_keys,
            target_is_conclusion=target in concluded,
            target_kind=kind_of.get(target),
        )
        if derived != expected:
            raise DatasetError(
                f"conflict {row['key']}: the text reads it as a {expected}, but its target makes it a {derived}."
            )


def _footnote_markers(text: str, markers: dict) -> list[dict]:
    """Where each footnote marker stood: ``document.txt`` drops the ``<sup>n</sup>`` markers, so the source gives
    the text each marker follows and the build resolves it to a code-point offset (the marker's position)."""
    resolved = []
    for footnote, after in sorted(markers.items()):
        starts = occurrences(text, after)
        if len(starts) != 1:
            raise DatasetError(f"footnote marker {footnote}: the text it follows occurs {len(starts)} times, not once.")
        resolved.append({"footnote": int(footnote), "offset": starts[0] + len(after)})
    return resolved


def _sentence_around(text: str, offset: int) -> tuple[int, int]:
    """The sentence holding the character before ``offset``: it ends at a 。 or a line end outside 「」 and （）."""
    bounds, depth, start = [], 0, 0
    for i, char in enumerate(text):
        if char in "「『（(":
            depth += 1
        elif char in "」』）)":
            depth = max(0, depth - 1)
        if (char == "。" and depth == 0) or char == "\n":
            bounds.append((start, i + 1))
            start, depth = i + 1, 0
    bounds.append((start, len(text)))
    return next(b for b in bounds if b[0] < offset <= b[1])


def footnote_marker_problems(built: dict, text: str) -> list[str]:
    """Evidence links whose statement lies neither in the sentence its footnote marker closes nor in the footnote."""
    markers = {m["footnote"]: m["offset"] for m in built["document"].get("footnote_markers", [])}
    anchors: dict[str, list[tuple[int, int]]] = {}
    for a in built["anchors"]:
        anchors.setdefault(a["statement"], []).append((a["start"], a["end"]))
    keys = {s["id"]: s["key"] for s in built["statements"]}
    problems = []
    for link in built["evidence_links"]:
        footnote = link.get("footnote")
        if footnote not in markers or link["statement"] not in anchors:
            continue
        sentence = _sentence_around(text, markers[footnote])
        note_line = text.find(f"\n注{footnote} ")
        note = (note_line + 1, text.find("\n", note_line + 1)) if note_line >= 0 else (-1, -1)
        if not any(
            (sentence[0] <= start and end <= sentence[1]) or (note[0] <= start and end <= note[1])
            for start, end in anchors[link["statement"]]
        ):
            problems.append(
                f"statement {keys[link['statement']]} cites footnote {footnote} outside the sentence of its marker"
            )
    return problems


def _unique_keys(rows: list[dict], what: str) -> set[str]:
    keys = [row.get("key") for row in rows]
    if any(not key for key in keys):
        raise DatasetError(f"every one of the {what} needs a key.")
    duplicates = sorted({k for k in keys if keys.count(k) > 1})
    if duplicates:
        raise DatasetError(f"duplicate keys among the {what}: {duplicates}")
    return set(keys)


def _resolve_anchor(text: str, row: dict, statement_id: str, document_id: str) -> dict:
    exact = row["anchor"]["exact"]
    starts = occurrences(text, exact)
    occurrence = row["anchor"].get("occurrence")
    if not starts:
        raise DatasetError(f"statement {row['key']}: its anchor's quote does not occur in the document.")
    if occurrence is None and len(starts) > 1:
        raise DatasetError(f"statement {row['key']}: its quote occurs {len(starts)} times; give occurrence.")
    index = (occurrence or 1) - 1
    if not 0 <= index < len(starts):
        raise DatasetError(f"statement {row['key']}: occurrence {occurrence} does not exist.")
    start = starts[index]
    prefix, suffix = context_around(text, start, start + len(exact))
    return {
        "id": stable_id("anchor", row["key"]),
        "statement": statement_id,
        "document": document_id,
        "exact": exact,
        "start": start,
        "end": start + len(exact),
        "prefix": prefix,
        "suffix": suffix,
    }


def write_built(directory: Path) -> Path:
    path = directory / BUILT_FILE
    path.write_text(canonical_json(build_dataset(directory)), encoding="utf-8")
    return path


def read_built(directory: Path) -> dict:
    return json.loads((directory / BUILT_FILE).read_text(encoding="utf-8"))


def load_dataset(directory: Path, *, actor=None, progress=None) -> ArgumentMap:
    """Create the dataset's workspace, document and map, then bulk-import the graph; all or nothing."""
    built = read_built(directory)
    if Workspace.objects.filter(pk=built["workspace"]["id"]).exists():
        raise InvalidInput(f"The dataset {built['map']['name']!r} is loaded already.", rule="dataset_loaded")
    text = (directory / built["document"]["text_file"]).read_text(encoding="utf-8")
    with transaction.atomic():
        w = built["workspace"]
        workspace = services.create_workspace(
            actor=actor, slug=w["slug"], name=w["name"], description=w["description"], workspace_id=w["id"]
        )
        d = built["document"]
        document = services.create_document(
            actor=actor,
            workspace=workspace,
            document_id=d["id"],
            key=d["key"],
            title=d["title"],
            title_en=d["title_en"],
            authors=d["authors"],
            affiliation=d["affiliation"],
            publisher=d["publisher"],
            series=d["series"],
            published_on=dt.date.fromisoformat(d["published_on"]) if d["published_on"] else None,
            url=d["url"],
            language=d["language"],
            text=text,
        )
        if document.sha256 != d["sha256"]:
            raise DatasetError("The document text does not match the built fixture's checksum: rebuild the dataset.")
        m = built["map"]
        argument_map = services.create_map(
            actor=actor,
            workspace=workspace,
            map_id=m["id"],
            key=m["key"],
            name=m["name"],
            description=m["description"],
            visibility=m["visibility"],
            documents=[document],
        )
        services.import_graph(
            actor=actor,
            argument_map=argument_map,
            may_review=True,  # the curated dataset was reviewed; loading it is an operator's command
            progress=progress,
            payload=GraphPayload(
                sources=built["sources"],
                participants=built["participants"],
                statements=built["statements"],
                applications=built["applications"],
                edges=built["edges"],
                anchors=built["anchors"],
                evidence_links=built["evidence_links"],
            ),
        )
    return argument_map


def verify_dataset(directory: Path) -> list[str]:
    """Everything that is wrong with a dataset directory; an empty list means it is sound.

    Checks that the built fixture is up to date with its sources (checksums
    and a fresh build), then loads it inside a transaction that is rolled
    back, so the services' own rules (AIF edges, anchors matching the text)
    judge it, and finally the map-level integrity checks.
    """
    problems = []
    try:
        fresh = build_dataset(directory)
    except (DomainError, KeyError, yaml.YAMLError) as exc:
        return [f"the source does not build: {exc}"]
    try:
        built = read_built(directory)
    except FileNotFoundError:
        return [f"{BUILT_FILE} is missing: run build_dataset"]
    if canonical_json(built) != canonical_json(fresh):
        problems.append(f"{BUILT_FILE} is out of date with {SOURCE_FILE} or the document text: run build_dataset")
    if built.get("checksum") != content_checksum(built):
        problems.append(f"{BUILT_FILE}'s checksum does not match its content: it was edited by hand; rebuild it")
    if not built.get("version"):
        problems.append(f"{SOURCE_FILE} gives no dataset version")
    problems += footnote_marker_problems(
        built, (directory / built["document"]["text_file"]).read_text(encoding="utf-8")
    )
    outline = directory / OUTLINE_FILE
    if not outline.exists() or outline.read_text(encoding="utf-8") != render_outline(built):
        problems.append(f"{OUTLINE_FILE} is missing or out of date: run outline_dataset")
    cited = {link["footnote"] for link in built["evidence_links"] if link.get("footnote")}
    footnotes = {s["footnote"] for s in built["sources"] if s.get("footnote")}
    problems += [f"footnote {n} is not cited by any evidence link" for n in sorted(footnotes - cited)]
    anchored = {a["statement"] for a in built["anchors"]}
    for s in built["statements"]:
        if not s["gloss"].strip():
            problems.append(f"statement {s['key']} has no English gloss")
        if not s["implicit"] and s["id"] not in anchored:
            problems.append(f"statement {s['key']} is not implicit but has no anchor")
        if not s.get("speaker"):
            problems.append(f"statement {s['key']} is not attributed to a participant (speaker)")
    try:
        with transaction.atomic():
            argument_map = load_dataset(directory)
            problems += map_integrity_problems(argument_map)
            transaction.set_rollback(True)
    except DomainError as exc:
        problems.append(f"the dataset does not load: {exc.message}")
    return problems


def export_map(argument_map: ArgumentMap, *, include_suggestions: bool = False) -> dict:
    """A map's full content in a canonical form: ids, fields and offsets, no timestamps or authors.

    Pending suggestions (and every edge, anchor, tag and evidence link on one) are left out unless
    ``include_suggestions``, as in every other export (:mod:`argmap.selectors.suggestions`)."""
    documents = list(
        argument_map.documents.order_by("id").values(
            "id",
            "key",
            "title",
            "title_en",
            "authors",
            "affiliation",
            "publisher",
            "series",
            "published_on",
            "url",
            "language",
            "sha256",
        )
    )
    workspace = Workspace.objects.values("id", "slug", "name", "description").get(pk=argument_map.workspace_id)

    def kept(queryset, kind: str):
        return leave_out_suggestions(queryset, *SUGGESTION_PATHS[kind], include=include_suggestions)

    def rows(queryset, *fields):
        return [_plain(r) for r in queryset.order_by("id").values(*fields)]

    statements = rows(
        kept(Statement.objects.filter(map=argument_map), "statements"),
        "id",
        "key",
        "kind",
        "text",
        "gloss",
        "implicit",
        "status",
        "speaker_id",
        "illocution",
    )
    tags: dict = {}
    tagged = leave_out_suggestions(
        Statement.tags.through.objects.filter(statement__map=argument_map), "statement__", include=include_suggestions
    )
    for statement_id, slug in tagged.values_list("statement_id", "tag__slug"):
        tags.setdefault(str(statement_id), []).append(slug)
    for s in statements:
        s["tags"] = sorted(tags.get(s["id"], []))
    evidence_links = kept(EvidenceLink.objects.filter(map=argument_map), "evidence_links")
    source_ids = evidence_links.values("source_id")
    return {
        "format": EXPORT_FORMAT,
        "workspace": _plain(workspace),
        "documents": [_plain(d) for d in documents],
        "map": _plain(
            ArgumentMap.objects.values("id", "key", "name", "description", "visibility").get(pk=argument_map.pk)
        ),
        "sources": rows(
            Source.objects.filter(pk__in=source_ids),
            "id",
            "key",
            "title",
            "authors",
            "container",
            "publisher",
            "published",
            "url",
            "footnote",
            "locator",
            "citation",
        ),
        "participants": rows(
            Participant.objects.filter(workspace_id=argument_map.workspace_id),
            "id",
            "key",
            "name",
            "kind",
            "description",
            "source_id",
        ),
        "statements": statements,
        "applications": rows(
            kept(SchemeApplication.objects.filter(map=argument_map), "scheme_applications"),
            "id",
            "key",
            "type",
            "scheme__key",
            "note",
            "status",
        ),
        "edges": rows(
            kept(Edge.objects.filter(map=argument_map), "edges"),
            "id",
            "application_id",
            "role",
            "statement_id",
            "other_application_id",
        ),
        "anchors": rows(
            kept(Anchor.objects.filter(map=argument_map), "anchors"),
            "id",
            "statement_id",
            "document_id",
            "exact",
            "prefix",
            "suffix",
            "start",
            "end",
            "status",
        ),
        "evidence_links": rows(
            evidence_links,
            "id",
            "statement_id",
            "source_id",
            "footnote",
            "locator",
            "quote",
        ),
    }


def _plain(row: dict) -> dict:
    return {k: (str(v) if isinstance(v, (uuid.UUID, dt.date)) else v) for k, v in row.items()}
