"""Read a document over GraphQL, propose units and relations, write them back as one suggestion batch."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass

from .client import GraphQLClient, global_id
from .segment import Proposal, propose

NAME = "argmap-reference-markers"

READ_DOCUMENTS = """
query MiningDocuments($map: ID!) {
  map(id: $map) { id name documents { id key title language text } }
}
"""

SUGGEST = """
mutation Suggest($input: SuggestAnnotationsInput!) {
  suggestAnnotations(input: $input) {
    batch
    created
    statements { key id }
    schemeApplications { key id }
    skipped { key reason }
    errors { code message field }
  }
}
"""


@dataclass
class RunResult:
    document: dict
    proposal: Proposal
    answer: dict


def read_document(client: GraphQLClient, map_ref: str, document_ref: str | None) -> tuple[str, dict]:
    """``(the map's global id, the document)``; the document by raw id, global id or key, or the map's only one."""
    data = client.execute(READ_DOCUMENTS, {"map": global_id("Map", map_ref)})
    argument_map = data.get("map")
    if argument_map is None:
        raise SystemExit(f"No map {map_ref!r} visible with this token.")
    documents = argument_map["documents"]
    if document_ref is None:
        if len(documents) != 1:
            raise SystemExit(f"The map has {len(documents)} documents: name one with --document.")
        return argument_map["id"], documents[0]
    wanted = {document_ref, global_id("Document", document_ref)}
    for document in documents:
        if document["id"] in wanted or document["key"] == document_ref:
            return argument_map["id"], document
    raise SystemExit(f"The map has no document {document_ref!r}.")


def batch_input(map_id: str, document: dict, proposal: Proposal, *, version: str, parameters: dict) -> dict:
    """``suggestAnnotations``' input. The batch key is a hash of the pipeline version and the document's text, so
    running the same version on the same text again is a retry the server answers without writing."""
    text = document["text"]
    digest = hashlib.sha256(f"{NAME}\0{version}\0{json.dumps(parameters, sort_keys=True)}\0{text}".encode())
    return {
        "mapId": map_id,
        "documentId": document["id"],
        "pipeline": {"name": NAME, "version": version, "parameters": parameters},
        "key": digest.hexdigest()[:32],
        "spans": [
            {
                "key": unit.key,
                "kind": unit.kind,
                "start": unit.start,
                "end": unit.end,
                "confidence": unit.confidence,
                "startConfidence": unit.start_confidence,
                "endConfidence": unit.end_confidence,
            }
            for unit in proposal.units
        ],
        "relations": [
            {
                "key": relation.key,
                "type": relation.type,
                "from": relation.source,
                "to": relation.target,
                "confidence": relation.confidence,
            }
            for relation in proposal.relations
        ],
    }


def run(
    *, url: str, token: str, map_ref: str, document_ref: str | None, version: str, dry_run: bool = False
) -> RunResult:
    client = GraphQLClient(url, token)
    map_id, document = read_document(client, map_ref, document_ref)
    proposal = propose(document["text"])
    if dry_run:
        return RunResult(document, proposal, {})
    parameters = {"segmenter": "sudachipy", "split_mode": "C", "dictionary": "core", "markers": "v1"}
    data = client.execute(
        SUGGEST, {"input": batch_input(map_id, document, proposal, version=version, parameters=parameters)}
    )
    return RunResult(document, proposal, data["suggestAnnotations"])
