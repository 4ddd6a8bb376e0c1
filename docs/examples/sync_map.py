#!/usr/bin/env python3
"""Keep a local copy of an argmap map in sync from its change feed (httpx only).

    python docs/examples/sync_map.py https://argmap.example.org MAP_ID --token KEY --state map.json
    python docs/examples/sync_map.py ... --once     # catch up over REST and exit (cron, CI)

The copy is every row of the map as the feed last described it, keyed by
``(entity, id)`` (statements, scheme applications, edges, anchors, evidence
links, comments, the map itself), plus the cursor of the last event applied.
It starts from the beginning of the feed (a member sees the map's whole
history; anyone else sees a public map's writes since it was made public),
catches up page by page over ``GET /api/v1/maps/{id}/changes/``, then follows
the Server-Sent Events stream ``/api/v1/maps/{id}/events/`` and resumes with
``Last-Event-ID`` after a drop, so no event is applied twice or skipped. The
state file is written after every event: a killed client restarts where it
stopped.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

import httpx


class MapCopy:
    def __init__(self, map_id: str, state: dict | None = None):
        state = state or {}
        self.map_id = map_id
        self.cursor: str | None = state.get("cursor")
        self.rows: dict[str, dict] = state.get("rows", {})

    def apply(self, event: dict) -> None:
        """One event: creations and updates store the row's new state, deletions drop it."""
        for change in event["changes"]:
            key = f"{change['entity']}:{change['entity_id']}"
            if change["action"] == "delete":
                self.rows.pop(key, None)
            else:
                self.rows[key] = change["after"]
        self.cursor = event["cursor"]

    def of(self, entity: str) -> list[dict]:
        return [row for key, row in self.rows.items() if key.split(":", 1)[0] == entity]

    def to_json(self) -> dict:
        return {"map": self.map_id, "cursor": self.cursor, "rows": self.rows}


def catch_up(client: httpx.Client, copy: MapCopy, *, save=lambda copy: None) -> int:
    """Apply every event after the copy's cursor, page by page; returns how many were applied."""
    applied = 0
    while True:
        params = {"limit": 200, **({"after": copy.cursor} if copy.cursor else {})}
        response = client.get(f"/api/v1/maps/{copy.map_id}/changes/", params=params)
        response.raise_for_status()
        page = response.json()
        for event in page["results"]:
            copy.apply(event)
            applied += 1
        save(copy)
        if not page["next"]:
            return applied


def follow(client: httpx.Client, copy: MapCopy, *, save=lambda copy: None, until=lambda copy: False) -> None:
    """Apply events as they are pushed; reconnect from the last cursor after any drop. Returns once
    ``until(copy)`` is true after an event (never, by default)."""
    delay = 1.0
    while True:
        headers = {"Accept": "text/event-stream", **({"Last-Event-ID": copy.cursor} if copy.cursor else {})}
        try:
            with client.stream(
                "GET", f"/api/v1/maps/{copy.map_id}/events/", headers=headers, timeout=httpx.Timeout(10, read=60)
            ) as response:
                response.raise_for_status()
                delay = 1.0
                data = []
                for line in response.iter_lines():
                    if line.startswith("data:"):
                        data.append(line[5:].lstrip())
                    elif line == "" and data:
                        copy.apply(json.loads("\n".join(data)))
                        save(copy)
                        print(f"{copy.cursor}: {len(copy.rows)} rows", file=sys.stderr)
                        data = []
                        if until(copy):
                            return
        except httpx.HTTPStatusError as exc:
            if exc.response.status_code in (401, 403, 404):
                raise  # no access (any more): retrying will not help
        except httpx.TransportError:
            pass
        time.sleep(delay)
        delay = min(delay * 2, 30.0)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("base_url")
    parser.add_argument("map_id")
    parser.add_argument("--token", default=os.environ.get("ARGMAP_TOKEN"))
    parser.add_argument("--state", type=Path, default=Path("map-copy.json"))
    parser.add_argument("--once", action="store_true", help="catch up and exit")
    args = parser.parse_args()
    state = json.loads(args.state.read_text()) if args.state.exists() else None
    copy = MapCopy(args.map_id, state)

    def save(copy: MapCopy) -> None:
        partial = args.state.with_suffix(".tmp")
        partial.write_text(json.dumps(copy.to_json(), ensure_ascii=False))
        partial.replace(args.state)

    headers = {"Authorization": f"Token {args.token}"} if args.token else {}
    with httpx.Client(base_url=args.base_url, headers=headers, timeout=30) as client:
        print(f"caught up: {catch_up(client, copy, save=save)} events, {len(copy.rows)} rows", file=sys.stderr)
        if not args.once:
            follow(client, copy, save=save)


if __name__ == "__main__":
    main()
