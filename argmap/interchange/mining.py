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
"""

from __future__ import annotations

import io
import json
import zipfile

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
                    {"label": label, "application": application["id"], "source": source, "target": targets[0]}
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


def export_jsonl(graph: dict) -> str:
    """One JSON object per line: a ``corpus`` header (what was left out and why), then per document a
    ``document`` line (with its text), its ``span`` lines and its ``relation`` lines. Every fragment has
    code-point offsets (``start``/``end``, as Python and brat count) and UTF-8 byte offsets
    (``byte_start``/``byte_end``, as Rust, Go and byte-level tokenisers count)."""
    corpus = mining_corpus(graph)
    lines = [
        {"type": "corpus", "map": str(graph["map"]["id"]), "name": graph["map"]["name"], "skipped": corpus["skipped"]}
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
                }
            )
    return "".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines)
