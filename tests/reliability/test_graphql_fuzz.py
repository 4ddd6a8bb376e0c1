"""Fuzz GraphQL from its own schema (schemathesis's GraphQL support), in-process over WSGI on PostgreSQL.

Every query and mutation field gets generated documents, sent with an editor's token. The answer
must always be JSON with ``data`` or ``errors`` and never a 5xx; an error is fine when the service
meant it (a domain refusal, a validation or limit error) and a defect when a resolver crashed —
which the test tells apart by the exception behind each error, recorded as the view formats it.
"""

from __future__ import annotations

import json
import os

import pytest
import schemathesis
from django.conf import settings as django_settings
from django.core.handlers.wsgi import WSGIHandler
from graphql import GraphQLError
from hypothesis import HealthCheck, settings
from schemathesis.checks import positive_data_acceptance
from schemathesis.config import SchemathesisConfig

from api.graphql.views import ArgmapGraphQLView
from argmap.errors import DomainError

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "8"))
#: The configuration ``schemathesis run`` uses too: every check but one. GraphQL's type system cannot say
#: "the id of a map you may see", "a cursor this list gave out" or "1 to 500", so a well-typed document may
#: be refused; those refusals are documented in the field descriptions and carry a BAD_REQUEST/FORBIDDEN
#: classification, and ``positive_data_acceptance`` (which calls every such refusal a failure) is left out.
CONFIG = SchemathesisConfig.from_path(django_settings.BASE_DIR / "schemathesis.toml")

schema = schemathesis.graphql.from_wsgi("/graphql/", WSGIHandler(), config=CONFIG)


@pytest.fixture
def crashes(monkeypatch) -> list[BaseException]:
    """Exceptions behind GraphQL errors that no one meant to raise (not a domain or GraphQL error)."""
    seen: list[BaseException] = []
    format_error = ArgmapGraphQLView.format_error

    def recording(error):
        original = getattr(error, "original_error", None)
        if original is not None and not isinstance(original, DomainError | GraphQLError):
            seen.append(original)
        return format_error(error)

    monkeypatch.setattr(ArgmapGraphQLView, "format_error", staticmethod(recording))
    return seen


@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=not os.environ.get("FUZZ_RANDOM"),
)
def test_no_unhandled_errors(case, fuzz_team, wsgi_app, crashes):
    response = case.call_and_validate(
        headers={"Authorization": f"Token {fuzz_team['tokens']['editor']}"}, excluded_checks=[positive_data_acceptance]
    )
    assert response.status_code < 500, response.text
    body = json.loads(response.content)
    assert isinstance(body, dict) and ("data" in body or body.get("errors")), body
    for error in body.get("errors") or []:
        assert error["message"].strip(), body
    assert not crashes, f"{case.body['query']!r} crashed a resolver: {crashes[0]!r}"


def test_the_crash_detector_sees_a_crashing_resolver(fuzz_team, crashes, monkeypatch):
    """The fuzz's oracle works: an exception escaping a resolver is caught as a crash, not taken as a refusal."""

    def broken(**kwargs):
        raise KeyError("boom")

    monkeypatch.setattr("api.graphql.search.queries.search", broken)
    body = _post(fuzz_team, '{ search(q: "核") { title } }')
    assert body["errors"] and crashes and isinstance(crashes[0], KeyError)


# --- limits: documents built to break each one, refused before any resolver reads a table ---

CYCLE = ("statements(first: 1)", "edges", "node", "map")


def _post(team: dict, query, variables=None, **body_extra):
    from django.test import Client

    payload = query if isinstance(query, list) else {"query": query, **body_extra}
    if variables is not None:
        payload["variables"] = variables
    response = Client().post(
        "/graphql/",
        json.dumps(payload),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Token {team['tokens']['editor']}",
    )
    assert response.status_code < 500, response.content
    body = response.json()
    body["status"] = response.status_code
    return body


def _deep_map_query(team: dict, depth: int) -> str:
    """``map`` then fields cycling Map → statements → edges → node → map, ``depth`` object levels in all."""
    inner = "id"
    for level in reversed(range(depth - 1)):
        inner = f"{CYCLE[level % len(CYCLE)]} {{ {inner} }}"
    from graphql_relay import to_global_id

    return f'{{ map(id: "{to_global_id("Map", str(team["private"].pk))}") {{ {inner} }} }}'


def _refused_without_reading(team: dict, query, **kwargs) -> tuple[bool, list[str]]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        body = _post(team, query, **kwargs)
    messages = [error["message"] for error in body.get("errors") or []]
    refused = body.get("data") is None and bool(messages)
    if refused:
        # Authentication reads the token, its user and their roles (one query); nothing of the graph may follow.
        read = [
            q["sql"]
            for q in queries.captured_queries
            if '"argmap_' in q["sql"] and not q["sql"].startswith('SELECT "authtoken_token"')
        ]
        assert not read, f"refused only after reading the graph: {read[:2]}"
    return refused, messages


@pytest.mark.parametrize("depth", [1, 4, 12, 13, 40])
def test_depth_limit(fuzz_team, depth):
    from api.graphql.core.limits import MAX_DEPTH

    refused, messages = _refused_without_reading(fuzz_team, _deep_map_query(fuzz_team, depth))
    assert refused == (depth > MAX_DEPTH), messages
    if refused:
        assert any("levels deep" in m for m in messages), messages


@pytest.mark.parametrize("aliases", [1, 30, 31, 500])
def test_alias_limit(fuzz_team, aliases):
    from api.graphql.core.limits import MAX_ALIASES

    query = "{ " + " ".join(f"a{i}: viewer {{ username }}" for i in range(aliases)) + " }"
    refused, messages = _refused_without_reading(fuzz_team, query)
    assert refused == (aliases > MAX_ALIASES), messages


@pytest.mark.parametrize("operations", [1, 5, 6, 50])
def test_operations_per_document_limit(fuzz_team, operations):
    from api.graphql.core.limits import MAX_OPERATIONS

    query = " ".join(f"query q{i} {{ viewer {{ username }} }}" for i in range(operations))
    refused, messages = _refused_without_reading(fuzz_team, query, operationName="q0")
    assert refused == (operations > MAX_OPERATIONS), messages


@pytest.mark.parametrize("page", [10, 1000])
def test_cost_limit(fuzz_team, page):
    """Nested pages multiply: 1000 maps × 1000 statements is refused, 10 × 10 runs."""
    query = f"{{ maps(first: {page}) {{ edges {{ node {{ statements(first: {page}) {{ edges {{ node {{ id }} }} }} }} }} }} }}"
    refused, messages = _refused_without_reading(fuzz_team, query)
    assert refused == (page == 1000), messages
    if refused:
        assert any("could return" in m for m in messages), messages


def test_batched_requests_are_refused_clearly(fuzz_team):
    """A JSON list of operations (batching) is not accepted: one clear 4xx, nothing run."""
    body = _post(fuzz_team, [{"query": "{ viewer { username } }"}] * 50)
    assert 400 <= body["status"] < 500 and body["errors"][0]["message"], body


def test_oversized_documents_and_variables_are_refused(fuzz_team):
    from api.graphql.core.limits import MAX_LIST_ITEMS, MAX_QUERY_LENGTH

    padding = "#" + "x" * MAX_QUERY_LENGTH + "\n"
    refused, messages = _refused_without_reading(fuzz_team, padding + "{ viewer { username } }")
    assert refused and "limit" in messages[0]
    ids = ["U3RhdGVtZW50Ong="] * (MAX_LIST_ITEMS + 1)
    refused, messages = _refused_without_reading(
        fuzz_team, "query($ids: [ID!]!) { nodes(ids: $ids) { id } }", variables={"ids": ids}
    )
    assert refused and any("at most" in m for m in messages), messages
