"""W3C Web Annotation (JSON-LD) export of a map's anchors.

One ``Annotation`` per anchor, gathered in an ``AnnotationCollection``. The
target is the document with a ``TextQuoteSelector`` (exact, prefix, suffix)
and a ``TextPositionSelector`` (start, end). Offsets count Unicode code
points, as the Web Annotation model says and as argmap stores them. An anchor
that a revision left orphaned or ambiguous keeps only its quote selector:
its positions no longer point at the quote. Bodies: the statement's text
(``describing``), its kind (``classifying``) and the statement itself
(``identifying``, as ``urn:uuid:…``).
"""

from __future__ import annotations

ANNO_CONTEXT = "http://www.w3.org/ns/anno.jsonld"


def _urn(ident) -> str:
    return f"urn:uuid:{ident}"


def _iso(value) -> str | None:
    return value.isoformat().replace("+00:00", "Z") if value is not None and hasattr(value, "isoformat") else None


def export_web_annotations(graph: dict) -> dict:
    statements = {s["id"]: s for s in graph["statements"]}
    languages = {d["id"]: d.get("language") or "und" for d in graph.get("documents", [])}
    urls = graph.get("document_urls", {})
    items = []
    for anchor in graph["anchors"]:
        statement = statements.get(anchor["statement_id"])
        if statement is None:
            continue
        selectors = [
            {
                "type": "TextQuoteSelector",
                "exact": anchor["exact"],
                "prefix": anchor.get("prefix", ""),
                "suffix": anchor.get("suffix", ""),
            }
        ]
        if anchor.get("status", "anchored") == "anchored":
            selectors.append({"type": "TextPositionSelector", "start": anchor["start"], "end": anchor["end"]})
        language = languages.get(anchor["document_id"], "und")
        text_body = {"type": "TextualBody", "value": statement["text"], "format": "text/plain", "purpose": "describing"}
        if language != "und":
            text_body["language"] = language
        annotation = {
            "id": _urn(anchor["id"]),
            "type": "Annotation",
            "motivation": "describing",
            "body": [
                text_body,
                {"type": "TextualBody", "value": statement["kind"], "purpose": "classifying"},
                {"type": "SpecificResource", "source": _urn(statement["id"]), "purpose": "identifying"},
            ],
            "target": {
                "type": "SpecificResource",
                "source": urls.get(anchor["document_id"]) or _urn(anchor["document_id"]),
                "selector": selectors if len(selectors) > 1 else selectors[0],
            },
        }
        for name, value in (("created", _iso(anchor.get("created_at"))), ("modified", _iso(anchor.get("updated_at")))):
            if value:
                annotation[name] = value
        items.append(annotation)
    map_id = graph["map"]["id"]
    return {
        "@context": ANNO_CONTEXT,
        "id": _urn(map_id),
        "type": "AnnotationCollection",
        "label": graph["map"]["name"],
        "total": len(items),
        "generator": {"id": "urn:argmap", "type": "Software", "name": "argmap"},
        "first": {"id": f"{_urn(map_id)}#page-1", "type": "AnnotationPage", "startIndex": 0, "items": items},
    }
