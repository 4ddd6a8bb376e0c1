"""``python -m tools.mining --url … --token … --map … [--document …] --version …``"""

from __future__ import annotations

import argparse
import json
import sys

from .client import ApiError
from .pipeline import NAME, run


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m tools.mining",
        description=f"{NAME}: suggest argumentative units and relations for a Japanese document over GraphQL.",
    )
    parser.add_argument("--url", required=True, help="The server, e.g. http://127.0.0.1:8000")
    parser.add_argument("--token", required=True, help="The pipeline's API token (a member with the pipeline role).")
    parser.add_argument("--map", required=True, help="The map's id (UUID or GraphQL global id).")
    parser.add_argument("--document", help="The document's id or key (default: the map's only document).")
    parser.add_argument("--version", required=True, help="This pipeline's model version, e.g. 1.0.0.")
    parser.add_argument("--dry-run", action="store_true", help="Read and propose, print the counts, write nothing.")
    args = parser.parse_args(argv)
    try:
        result = run(
            url=args.url,
            token=args.token,
            map_ref=args.map,
            document_ref=args.document,
            version=args.version,
            dry_run=args.dry_run,
        )
    except ApiError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    summary = {
        "document": result.document["id"],
        "units": len(result.proposal.units),
        "relations": len(result.proposal.relations),
        "answer": result.answer,
    }
    print(json.dumps(summary, ensure_ascii=False, indent=1))
    errors = (result.answer or {}).get("errors") or []
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
