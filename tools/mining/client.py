"""A minimal GraphQL client over the standard library: what any third party would write against argmap."""

from __future__ import annotations

import base64
import json
import urllib.error
import urllib.request
import uuid


class ApiError(RuntimeError):
    """The server refused the request (HTTP error or GraphQL ``errors``)."""


def global_id(type_name: str, ident: str) -> str:
    """A Relay global id for a raw UUID; any other string (already a global id) is returned as it is."""
    try:
        uuid.UUID(ident)
    except ValueError:
        return ident
    return base64.b64encode(f"{type_name}:{ident}".encode()).decode()


class GraphQLClient:
    def __init__(self, url: str, token: str, *, timeout: float = 60.0):
        self.endpoint = url.rstrip("/") + "/graphql/"
        self.token = token
        self.timeout = timeout

    def execute(self, query: str, variables: dict | None = None) -> dict:
        body = json.dumps({"query": query, "variables": variables or {}}).encode()
        request = urllib.request.Request(
            self.endpoint,
            data=body,
            method="POST",
            headers={
                "Content-Type": "application/json",
                "Accept": "application/json",
                "Authorization": f"Token {self.token}",
            },
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                answer = json.loads(response.read().decode())
        except urllib.error.HTTPError as exc:
            detail = exc.read().decode(errors="replace")[:2000]
            raise ApiError(f"HTTP {exc.code} from {self.endpoint}: {detail}") from None
        if answer.get("errors"):
            raise ApiError("; ".join(e.get("message", str(e)) for e in answer["errors"]))
        return answer["data"]
