"""Faults in the middle of a write: the database errors out, or the connection is killed.

For a bulk import, ``create_argument`` and a bulk review, a failure after some rows were already
written leaves none of them (nor any history), and the service says clearly that nothing was
saved: REST answers 503 problem details (a database outage is not the client's fault), GraphQL
an error with code ``UNAVAILABLE`` — never a traceback, never the database's own message.
"""

from __future__ import annotations

import json
import threading

import psycopg
import pytest
from django.db import OperationalError, connection
from django.test import Client
from graphql_relay import to_global_id

from argmap import services
from argmap.models import Anchor, Change, Edge, SchemeApplication, Statement
from argmap.services.bulk import GraphPayload

COUNTED = (Statement, SchemeApplication, Edge, Anchor, Change)


def _counts() -> dict:
    return {model.__name__: model.objects.count() for model in COUNTED}


def _failing_on_call(real, fail_on: int, exc: BaseException):
    """``real``, except that its ``fail_on``-th call raises ``exc`` (the earlier calls have written rows)."""
    calls = {"n": 0}

    def wrapper(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] == fail_on:
            raise exc
        return real(*args, **kwargs)

    wrapper.calls = calls
    return wrapper


def _rest(team: dict, method: str, path: str, body: dict, **headers):
    key = team["tokens"]["editor"] if "token" not in headers else headers.pop("token")
    response = getattr(Client(), method)(
        path, json.dumps(body), content_type="application/json", HTTP_AUTHORIZATION=f"Token {key}", **headers
    )
    return response


def _assert_unavailable_problem(response) -> None:
    assert response.status_code == 503, response.content
    assert response["Content-Type"].startswith("application/problem+json")
    body = response.json()
    assert body["status"] == 503 and "nothing" in body["detail"].lower()
    assert "Traceback" not in response.content.decode() and "psycopg" not in response.content.decode()
    assert response["Retry-After"]


def _graph_payload(n: int) -> GraphPayload:
    statements = [{"id": f"00000000-0000-4000-8000-{i:012d}", "kind": "premise", "text": f"p{i}"} for i in range(n)]
    conclusion = {"id": "00000000-0000-4000-9000-000000000000", "kind": "claim", "text": "c"}
    inference = {"id": "00000000-0000-4000-a000-000000000000", "type": "inference"}
    edges = [{"application": inference["id"], "role": "antecedent", "statement": s["id"]} for s in statements]
    edges.append({"application": inference["id"], "role": "consequent", "statement": conclusion["id"]})
    return GraphPayload(statements=[*statements, conclusion], applications=[inference], edges=edges)


# --- a database error raised mid-way (monkeypatched step) ---


def test_import_failing_midway_leaves_nothing(fuzz_team, monkeypatch):
    import argmap.services.bulk as bulk

    before = _counts()
    failing = _failing_on_call(bulk.insert_rows, 3, OperationalError("server closed the connection unexpectedly"))
    monkeypatch.setattr(bulk, "insert_rows", failing)
    with pytest.raises(OperationalError):
        services.import_graph(
            actor=fuzz_team["users"]["editor"], argument_map=fuzz_team["private"], payload=_graph_payload(20)
        )
    assert failing.calls["n"] == 3, "the fault must strike after rows were written"
    assert _counts() == before


def test_create_argument_failing_midway_answers_503_and_leaves_nothing(fuzz_team, monkeypatch):
    import argmap.services.structure as structure

    team = fuzz_team
    before = _counts()
    failing = _failing_on_call(structure.save_new, 3, OperationalError("could not receive data from server"))
    monkeypatch.setattr(structure, "save_new", failing)
    body = {"premises": [str(team["premise"].pk), str(team["rebuttal"].pk)], "conclusion": str(team["claim"].pk)}
    response = _rest(team, "post", f"/api/v1/maps/{team['private'].pk}/arguments/", body)
    _assert_unavailable_problem(response)
    assert failing.calls["n"] == 3
    assert _counts() == before


def test_create_argument_over_graphql_failing_midway_is_unavailable(fuzz_team, monkeypatch):
    import argmap.services.structure as structure

    team = fuzz_team
    before = _counts()
    monkeypatch.setattr(
        structure, "save_new", _failing_on_call(structure.save_new, 2, OperationalError("SSL SYSCALL error: EOF"))
    )
    mutation = """mutation($p: [ID!]!, $c: ID!) { createArgument(premiseIds: $p, conclusionId: $c) {
        inference { id } errors { code message } } }"""
    variables = {
        "p": [to_global_id("Statement", str(team["premise"].pk))],
        "c": to_global_id("Statement", str(team["claim"].pk)),
    }
    response = Client().post(
        "/graphql/",
        json.dumps({"query": mutation, "variables": variables}),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Token {team['tokens']['editor']}",
    )
    assert response.status_code < 500
    errors = response.json()["errors"]
    assert errors[0]["extensions"]["code"] == "UNAVAILABLE" and "nothing" in errors[0]["message"].lower()
    assert "SSL" not in response.content.decode()
    assert _counts() == before


def test_bulk_review_failing_midway_answers_503_and_changes_no_node(fuzz_team, monkeypatch):
    import argmap.services.statements as statements

    team = fuzz_team
    nodes = [team["claim"], team["premise"], team["rebuttal"], team["inference"]]
    before = _counts()
    failing = _failing_on_call(statements.apply_update, 3, OperationalError("canceling statement due to conflict"))
    monkeypatch.setattr(statements, "apply_update", failing)
    body = {"status": "accepted", "reason": "", "nodes": [{"id": str(n.pk), "version": n.version} for n in nodes]}
    response = _rest(team, "post", "/api/v1/reviews/", body, token=team["tokens"]["reviewer"])
    _assert_unavailable_problem(response)
    assert failing.calls["n"] == 3
    assert _counts() == before
    assert set(Statement.objects.filter(pk__in=[n.pk for n in nodes]).values_list("status", "version")) == {
        ("draft", 1)
    }


# --- the connection itself killed by the server mid-transaction ---


def _terminate_own_backend_then(real):
    """``real``, but first the server kills this connection's backend (from a second connection)."""
    settings = connection.settings_dict

    def wrapper(*args, **kwargs):
        pid = connection.connection.info.backend_pid
        with psycopg.connect(
            host=settings["HOST"] or None,
            port=settings["PORT"] or None,
            user=settings["USER"] or None,
            password=settings["PASSWORD"] or None,
            dbname=settings["NAME"],
            autocommit=True,
        ) as killer:
            killer.execute("SELECT pg_terminate_backend(%s)", [pid])
        wrapper.struck.set()
        return real(*args, **kwargs)

    wrapper.struck = threading.Event()
    return wrapper


@pytest.mark.skipif(connection.vendor != "postgresql", reason="pg_terminate_backend")
@pytest.mark.django_db(transaction=True)
def test_killed_connection_during_create_argument_commits_nothing(monkeypatch):
    import argmap.services.structure as structure
    from tests.reliability.conftest import populate_team

    team = populate_team("killed")
    before = _counts()
    monkeypatch.setattr(structure, "_add_edges", _terminate_own_backend_then(structure._add_edges))
    body = {"premises": [str(team["premise"].pk)], "conclusion": str(team["rebuttal"].pk)}
    try:
        response = _rest(team, "post", f"/api/v1/maps/{team['private'].pk}/arguments/", body)
    finally:
        connection.close()
    assert structure._add_edges.struck.is_set()
    _assert_unavailable_problem(response)
    assert _counts() == before


@pytest.mark.skipif(connection.vendor != "postgresql", reason="pg_terminate_backend")
@pytest.mark.django_db(transaction=True)
def test_killed_connection_during_import_commits_nothing(monkeypatch):
    import argmap.services.bulk as bulk
    from tests.reliability.conftest import populate_team

    team = populate_team("killed-import")
    before = _counts()
    monkeypatch.setattr(bulk, "insert_rows", _failing_after_kill(bulk.insert_rows, on_call=3))
    with pytest.raises((OperationalError, psycopg.OperationalError)):
        services.import_graph(actor=team["users"]["editor"], argument_map=team["private"], payload=_graph_payload(20))
    connection.close()
    assert _counts() == before


def _failing_after_kill(real, *, on_call: int):
    calls = {"n": 0}
    kill = _terminate_own_backend_then(real)

    def wrapper(*args, **kwargs):
        calls["n"] += 1
        return (kill if calls["n"] == on_call else real)(*args, **kwargs)

    return wrapper
