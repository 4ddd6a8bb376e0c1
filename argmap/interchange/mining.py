"""Argument-mining corpus exports: brat standoff (``.txt`` + ``.ann`` per document) and JSON Lines.

What mining pipelines train on (AAEC / SciArg style): statements anchored in a
document become text-bound annotations (``T``) labelled with their kind;
inferences and conflicts between two anchored statements of the same document
become ``supports`` / ``attacks`` relations (``R``), premise → conclusion and
attacker → target.

Offsets are those argmap stores: Unicode code points of the document's text,
which is also what brat counts (its server slices Python ``str``). A statement
anchored at several places of a document is one discontinuous annotation
(fragments joined with ``;``), and a fragment never crosses a line break,
since an ``.ann`` line cannot hold one. Anchors a revision left orphaned or
ambiguous are left out: their offsets no longer point at their quote.

Not expressible in these formats and so left out (counted in the JSON Lines
header): undercuts and attacks on conflicts (relations between relations),
rephrases, preferences, and relations whose ends are not both anchored in one
document.

Training sets are chosen with a :class:`MiningFilter` (:func:`mining_filter` parses the doors' strings):
pipelines' pending suggestions are left out unless asked for, and statements and relations can be kept by
review status and by provenance (made by a person, or by a pipeline ``name`` at a ``version``).
"""

from __future__ import annotations

import io
import json
import re
import zipfile
from dataclasses import dataclass

from argmap.errors import InvalidInput
from argmap.models import ReviewStatus
from argmap.selectors.suggestions import include_requested

SUGGESTED = ReviewStatus.SUGGESTED.value
PERSON = "person"

KIND_LABELS = {"claim": "Claim", "premise": "Premise", "evidence": "Evidence", "rebuttal": "Rebuttal"}
RELATION_LABELS = {"inference": "supports", "conflict": "attacks"}
ANNOTATION_CONF = """[entities]
{entities}

[relations]
supports\tArg1:<ENTITY>, Arg2:<ENTITY>
attacks\tArg1:<ENTITY>, Arg2:<ENTITY>

[events]

[attributes]
"""


@dataclass(frozen=True)
class MiningFilter:
    """Which statements and relations a training export keeps.

    ``include_suggestions``: pipelines' pending suggestions too (left out by default; whether a caller may
    have them is :func:`argmap.selectors.suggestions.suggestions_asked`'s decision, applied by the export).
    ``statuses``: only these review statuses (``None``: every status, suggestions as above).
    ``provenance``: only nodes made by these agents, each ``("person",)``, ``("pipeline", name)`` (any version)
    or ``("pipeline", name, version)`` (``None``: anyone's)."""

    include_suggestions: bool = False
    statuses: frozenset[str] | None = None
    provenance: frozenset[tuple[str, ...]] | None = None

    @property
    def is_default(self) -> bool:
        return self == MiningFilter()

    def keeps(self, row: dict, pipeline: tuple[str, str] | None) -> bool:
        """Whether a statement or scheme-application row stays; ``pipeline`` is its (name, version) or None."""
        if row.get("status") == SUGGESTED and not self.include_suggestions:
            return False
        if self.statuses is not None and row.get("status") not in self.statuses:
            return False
        if self.provenance is None:
            return True
        if pipeline is None:
            return (PERSON,) in self.provenance
        return ("pipeline", pipeline[0]) in self.provenance or ("pipeline", *pipeline) in self.provenance

    def describe(self) -> dict:
        return {
            "include_suggestions": self.include_suggestions,
            "status": sorted(self.statuses) if self.statuses is not None else None,
            "provenance": sorted(_provenance_label(p) for p in self.provenance)
            if self.provenance is not None
            else None,
        }


def _provenance_label(agent: tuple[str, ...]) -> str:
    return PERSON if agent == (PERSON,) else "pipeline:" + "@".join(agent[1:])


def provenance_of(pipeline: tuple[str, str] | None) -> str:
    """``person`` or ``pipeline:name@version``: the same spelling the ``provenance`` filter takes."""
    return PERSON if pipeline is None else _provenance_label(("pipeline", *pipeline))


#: One agent of a ``provenance`` filter: a person, every version of a pipeline, or one version (after the last ``@``).
AGENT = r"person|pipeline:[^,@](?:[^,]*[^,@])?"
#: The ``provenance`` parameter as a whole (what :func:`mining_filter` accepts; the OpenAPI schema publishes it).
PROVENANCE_LIST_PATTERN = rf"^(?:{AGENT})(?:,(?:{AGENT}))*$"
#: The ``status`` parameter as a whole: review statuses, comma-separated.
STATUS_LIST_PATTERN = "^(?:{0})(?:,(?:{0}))*$".format("|".join(ReviewStatus.values))


def mining_filter(
    *, include: str | None = None, status: str | None = None, provenance: str | None = None
) -> MiningFilter:
    """A :class:`MiningFilter` from the doors' strings: ``include=suggestions`` (read as every door reads it),
    ``status=accepted,draft``
    (comma-separated review statuses), ``provenance=person,pipeline:name@version`` (``pipeline:name`` for every
    version; a name's last ``@`` starts the version). Anything else is refused, naming the parameter."""
    include_suggestions = bool(include) and include_requested(include)
    statuses = None
    if status is not None:
        statuses = frozenset(status.split(","))
        unknown = sorted(statuses - set(ReviewStatus.values))
        if unknown:
            raise InvalidInput(
                f"Unknown status {', '.join(map(repr, unknown))}: use {', '.join(sorted(ReviewStatus.values))}, "
                "comma-separated.",
                field="status",
                rule="invalid",
            )
        # naming the status asks for the rows that have it (still for members only: suggestions_asked)
        include_suggestions = include_suggestions or SUGGESTED in statuses
    agents = None
    if provenance is not None:
        agents = frozenset(_agent(part) for part in provenance.split(","))
    return MiningFilter(include_suggestions=include_suggestions, statuses=statuses, provenance=agents)


def _agent(text: str) -> tuple[str, ...]:
    if re.fullmatch(AGENT, text):
        if text == PERSON:
            return (PERSON,)
        name, _, version = text.removeprefix("pipeline:").rpartition("@")
        if not name:
            name, version = version, ""
        return ("pipeline", name, version) if version else ("pipeline", name)
    raise InvalidInput(
        f"provenance {text!r} is neither 'person' nor 'pipeline:<name>' / 'pipeline:<name>@<version>'.",
        field="provenance",
        rule="invalid",
    )


def filter_graph(graph: dict, mining: MiningFilter) -> dict:
    """``graph`` with the statements and scheme applications ``mining`` leaves out removed, and the anchors and
    edges that hang on them. Rows' provenance is ``graph["pipelines"]``: ``{node id: (name, version)}``."""
    pipelines = graph.get("pipelines", {})
    statements = [row for row in graph["statements"] if mining.keeps(row, pipelines.get(row["id"]))]
    applications = [row for row in graph["scheme_applications"] if mining.keeps(row, pipelines.get(row["id"]))]
    kept = {row["id"] for row in statements} | {row["id"] for row in applications}
    return {
        **graph,
        "statements": statements,
        "scheme_applications": applications,
        "anchors": [row for row in graph["anchors"] if row["statement_id"] in kept],
        "edges": [
            row
            for row in graph["edges"]
            if row["application_id"] in kept and (row["statement_id"] is None or row["statement_id"] in kept)
        ],
    }


def _label(kind: str) -> str:
    return KIND_LABELS.get(kind, kind.capitalize())


def _fragments(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """``[start, end)`` split at line breaks, each piece trimmed of surrounding white space, empty pieces dropped."""
    pieces, cursor = [], start
    for line in text[start:end].split("\n"):
        left, right = cursor, cursor + len(line)
        while left < right and text[left].isspace():
            left += 1
        while right > left and text[right - 1].isspace():
            right -= 1
        if right > left:
            pieces.append((left, right))
        cursor += len(line) + 1
    return pieces


def mining_corpus(graph: dict) -> dict:
    """Per document, the spans and relations both formats write: ``{"documents": [{id, title, key, text,
    spans: [{statement, kind, label, fragments}], relations: [{label, application, source, target}]}],
    "skipped": {reason: count}}``, documents in title order, spans by first offset."""
    statements = {row["id"]: row for row in graph["statements"]}
    pipelines = graph.get("pipelines", {})
    documents = []
    located: dict = {}  # (document id, statement id) → span
    for document in graph["documents"]:
        text = graph["document_texts"].get(document["id"], "")
        spans: dict = {}
        for anchor in graph["anchors"]:
            statement = statements.get(anchor["statement_id"])
            if anchor["document_id"] != document["id"] or statement is None or anchor["status"] != "anchored":
                continue
            span = spans.setdefault(
                statement["id"],
                {
                    "statement": statement["id"],
                    "kind": statement["kind"],
                    "label": _label(statement["kind"]),
                    "speaker": (statement.get("speaker_name") or None) if statement.get("speaker_id") else None,
                    "illocution": statement.get("illocution") or "asserting",
                    "status": statement.get("status"),
                    "provenance": provenance_of(pipelines.get(statement["id"])),
                    "confidence": statement.get("confidence"),
                },
            )
            span.setdefault("fragments", []).extend(_fragments(text, anchor["start"], anchor["end"]))
        ordered = []
        for span in spans.values():
            span["fragments"] = sorted(set(span["fragments"]))
            if span["fragments"]:
                ordered.append(span)
                located[(document["id"], span["statement"])] = span
        ordered.sort(key=lambda s: (s["fragments"][0], str(s["statement"])))
        documents.append({**document, "text": text, "spans": ordered, "relations": []})
    by_document = {d["id"]: d for d in documents}
    ends: dict = {}
    for edge in graph["edges"]:
        ends.setdefault(edge["application_id"], {"antecedent": [], "consequent": []})[edge["role"]].append(edge)
    skipped: dict[str, int] = {}
    for application in graph["scheme_applications"]:
        label = RELATION_LABELS.get(application["type"])
        if label is None:
            skipped[application["type"]] = skipped.get(application["type"], 0) + 1
            continue
        joined = ends.get(application["id"], {"antecedent": [], "consequent": []})
        targets = [e["statement_id"] for e in joined["consequent"]]
        if not targets or targets[0] is None:
            reason = "undercut" if application["type"] == "conflict" else "inference without a statement conclusion"
            skipped[reason] = skipped.get(reason, 0) + 1
            continue
        for edge in joined["antecedent"]:
            source = edge["statement_id"]
            shared = [
                d
                for d in documents
                if (d["id"], source) in located and (d["id"], targets[0]) in located and source is not None
            ]
            if not shared:
                skipped["not anchored in one document"] = skipped.get("not anchored in one document", 0) + 1
                continue
            for document in shared:
                by_document[document["id"]]["relations"].append(
                    {
                        "label": label,
                        "application": application["id"],
                        "source": source,
                        "target": targets[0],
                        "status": application.get("status"),
                        "provenance": provenance_of(pipelines.get(application["id"])),
                        "confidence": application.get("confidence"),
                    }
                )
    return {"documents": documents, "skipped": skipped}


def _file_stem(index: int, document: dict) -> str:
    name = document.get("key") or str(document["id"])
    return f"{index:02d}-" + "".join(c if c.isascii() and (c.isalnum() or c in "-_") else "-" for c in name)


def brat_files(corpus: dict) -> dict[str, str]:
    """File name → content: ``NN-<document>.txt`` (the text exactly) and ``.ann`` per document, plus brat's
    ``annotation.conf`` declaring the labels used."""
    files = {}
    labels = set(KIND_LABELS.values())
    for index, document in enumerate(corpus["documents"], start=1):
        stem = _file_stem(index, document)
        text = document["text"]
        lines, numbers = [], {}
        for number, span in enumerate(document["spans"], start=1):
            numbers[span["statement"]] = number
            labels.add(span["label"])
            offsets = ";".join(f"{start} {end}" for start, end in span["fragments"])
            covered = " ".join(text[start:end] for start, end in span["fragments"])
            lines.append(f"T{number}\t{span['label']} {offsets}\t{covered}")
        notes = [
            f"#{number}\tAnnotatorNotes T{number}\turn:uuid:{span['statement']}{_voice_note(span)}"
            for number, span in enumerate(document["spans"], start=1)
        ]
        relations = [
            f"R{number}\t{relation['label']} Arg1:T{numbers[relation['source']]} Arg2:T{numbers[relation['target']]}"
            for number, relation in enumerate(document["relations"], start=1)
        ]
        files[f"{stem}.txt"] = text
        files[f"{stem}.ann"] = "".join(f"{line}\n" for line in lines + relations + notes)
    files["annotation.conf"] = ANNOTATION_CONF.format(entities="\n".join(sorted(labels)))
    return files


def _voice_note(span: dict) -> str:
    """`` speaker: KCNA (reporting)`` in a span's brat note; nothing for the author's assertion.

    A note is the rest of its line, so a name's tabs and line breaks become single spaces."""
    if span.get("speaker") is None and span.get("illocution", "asserting") == "asserting":
        return ""
    speaker = " ".join(str(span.get("speaker") or "author").split())
    return f" speaker: {speaker} ({span.get('illocution', 'asserting')})"


def export_brat(graph: dict) -> bytes:
    """:func:`brat_files` as a zip archive (UTF-8 names and contents, fixed timestamps: same map, same bytes)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, content in brat_files(mining_corpus(graph)).items():
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, content.encode("utf-8"))
    return buffer.getvalue()


def _offsets(text: str, start: int, end: int) -> dict:
    byte_start = len(text[:start].encode("utf-8"))
    return {
        "start": start,
        "end": end,
        "byte_start": byte_start,
        "byte_end": byte_start + len(text[start:end].encode("utf-8")),
        "text": text[start:end],
    }


def export_jsonl(graph: dict, mining: MiningFilter | None = None) -> str:
    """One JSON object per line: a ``corpus`` header (what was left out and why), then per document a
    ``document`` line (with its text), its ``span`` lines and its ``relation`` lines. Every fragment has
    code-point offsets (``start``/``end``, as Python and brat count) and UTF-8 byte offsets
    (``byte_start``/``byte_end``, as Rust, Go and byte-level tokenisers count)."""
    corpus = mining_corpus(graph)
    lines = [
        {
            "type": "corpus",
            "map": str(graph["map"]["id"]),
            "name": graph["map"]["name"],
            "skipped": corpus["skipped"],
            "filter": (mining or MiningFilter()).describe(),
        }
    ]
    for document in corpus["documents"]:
        text = document["text"]
        lines.append(
            {
                "type": "document",
                "id": str(document["id"]),
                "key": document.get("key") or "",
                "title": document.get("title") or "",
                "language": document.get("language") or "und",
                "text": text,
            }
        )
        for span in document["spans"]:
            lines.append(
                {
                    "type": "span",
                    "id": str(span["statement"]),
                    "document": str(document["id"]),
                    "label": span["label"],
                    "speaker": span["speaker"],
                    "illocution": span["illocution"],
                    "status": span["status"],
                    "provenance": span["provenance"],
                    "confidence": span["confidence"],
                    "fragments": [_offsets(text, start, end) for start, end in span["fragments"]],
                }
            )
        for relation in document["relations"]:
            lines.append(
                {
                    "type": "relation",
                    "label": relation["label"],
                    "document": str(document["id"]),
                    "source": str(relation["source"]),
                    "target": str(relation["target"]),
                    "via": str(relation["application"]),
                    "status": relation["status"],
                    "provenance": relation["provenance"],
                    "confidence": relation["confidence"],
                }
            )
    return "".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines)
