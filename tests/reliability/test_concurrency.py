"""No lost updates: writers racing on one object in parallel transactions on PostgreSQL.

Each writer reads the object, then all write at once with the version they read, half over REST
(If-Match) and half over GraphQL (expectedVersion). Exactly one wins per version, every other
gets 412 / CONFLICT, the history holds exactly the accepted changes in order, and the stored row
is the winner's. Edges racing onto one inference are serialised by the inference's row lock, so
an S-node never ends up with two consequents or a duplicate premise.
"""

from __future__ import annotations

import json
import threading

import pytest
from django.db import connection
from django.test import Client
from graphql_relay import to_global_id
from rest_framework.authtoken.models import Token

from argmap import services
from argmap.models import Change, ChangeAction, Edge, Statement
from tests.factories import UserFactory, make_map, make_statement, make_workspace

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks and parallel transactions: PostgreSQL"),
    pytest.mark.django_db(transaction=True),
]

WRITERS = 6
ROUNDS = 3


def _team(slug: str) -> tuple[list, dict]:
    owner = UserFactory(username=f"{slug}-owner")
    editors = [UserFactory(username=f"{slug}-editor-{i}") for i in range(WRITERS)]
    workspace = make_workspace(owner=owner, slug=slug, editor=editors)
    argument_map = make_map(workspace)
    return editors, {"owner": owner, "map": argument_map}


def _in_parallel(jobs: list) -> list:
    """Run each job in its own thread (its own database connection), all released at once."""
    barrier = threading.Barrier(len(jobs))
    results: list = [None] * len(jobs)

    def run(index, job):
        from django.db import connection as own_connection

        try:
            barrier.wait(timeout=30)
            results[index] = job()
        except BaseException as exc:  # reported in the main thread
            results[index] = exc
        finally:
            own_connection.close()

    threads = [threading.Thread(target=run, args=(i, job)) for i, job in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads), "a writer hung (deadlock?)"
    errors = [r for r in results if isinstance(r, BaseException)]
    assert not errors, errors
    return results


def _token_client(user) -> tuple[Client, str]:
    return Client(), Token.objects.get_or_create(user=user)[0].key


def _rest_writer(user, statement_id, text: str, read_version: int):
    client, key = _token_client(user)

    def write():
        response = client.patch(
            f"/api/v1/statements/{statement_id}/",
            json.dumps({"text": text}),
            content_type="application/json",
            HTTP_AUTHORIZATION=f"Token {key}",
            HTTP_IF_MATCH=f'"{read_version}"',
        )
        return "won" if response.status_code == 200 else "stale" if response.status_code == 412 else response.content

    return write


def _graphql_writer(user, statement_id, text: str, read_version: int):
    client, key = _token_client(user)
    mutation = """mutation($id: ID!, $v: Int!, $text: String!) {
        updateStatement(id: $id, expectedVersion: $v, text: $text) { statement { version } errors { code } } }"""
    variables = {"id": to_global_id("Statement", str(statement_id)), "v": read_version, "text": text}

    def write():
        response = client.post(
            "/graphql/",
            json.dumps({"query": mutation, "variables": variables}),
            content_type="application/json",
            HTTP_AUTHORIZATION=f"Token {key}",
        )
        payload = response.json()["data"]["updateStatement"]
        if payload["statement"] is not None and not payload["errors"]:
            return "won"
        return "stale" if [e["code"] for e in payload["errors"]] == ["CONFLICT"] else payload

    return write


def test_racing_writers_of_one_statement_lose_no_update():
    editors, team = _team("race")
    statement = make_statement(team["map"], text="original", actor=team["owner"])
    winners = []
    for round_ in range(ROUNDS):
        read_version = Statement.objects.get(pk=statement.pk).version
        texts = [f"round {round_} writer {i}" for i in range(WRITERS)]
        jobs = [
            (_rest_writer if i % 2 == 0 else _graphql_writer)(editor, statement.pk, texts[i], read_version)
            for i, editor in enumerate(editors)
        ]
        outcomes = _in_parallel(jobs)
        assert sorted(outcomes) == ["stale"] * (WRITERS - 1) + ["won"], outcomes
        winners.append(texts[outcomes.index("won")])

    current = Statement.objects.get(pk=statement.pk)
    assert (current.text, current.version) == (winners[-1], 1 + ROUNDS)
    updates = list(
        Change.objects.filter(entity="statement", entity_id=str(statement.pk), action=ChangeAction.UPDATE).order_by(
            "at", "id"
        )
    )
    assert [(c.before["version"], c.after["version"], c.after["text"]) for c in updates] == [
        (1 + r, 2 + r, winners[r]) for r in range(ROUNDS)
    ], "history must hold every accepted change, in order, and nothing else"
    assert [c.before["text"] for c in updates] == ["original", *winners[:-1]], "no write may overwrite unseen work"


def test_racing_consequent_edges_leave_one_conclusion():
    editors, team = _team("edges")
    premise = make_statement(team["map"], text="premise", actor=team["owner"])
    conclusions = [make_statement(team["map"], text=f"conclusion {i}", kind="claim") for i in range(WRITERS)]
    inference = services.create_scheme_application(actor=team["owner"], argument_map=team["map"], type="inference")
    services.create_edge(actor=team["owner"], application=inference, role="antecedent", statement=premise)

    def add_edge(user, statement, role):
        client, key = _token_client(user)
        body = {"application": str(inference.pk), "role": role, "statement": str(statement.pk)}

        def post():
            response = client.post(
                "/api/v1/edges/", json.dumps(body), content_type="application/json", HTTP_AUTHORIZATION=f"Token {key}"
            )
            return response.status_code, response.json().get("rule")

        return post

    outcomes = _in_parallel([add_edge(e, c, "consequent") for e, c in zip(editors, conclusions, strict=True)])
    assert sorted(outcomes) == [(201, None)] + [(409, "one_consequent")] * (WRITERS - 1), outcomes
    assert Edge.objects.filter(application=inference, role="consequent").count() == 1

    extra = make_statement(team["map"], text="a second premise", actor=team["owner"])
    outcomes = _in_parallel([add_edge(e, extra, "antecedent") for e in editors])
    assert sorted(outcomes) == [(201, None)] + [(409, "duplicate_edge")] * (WRITERS - 1), outcomes
    assert Edge.objects.filter(application=inference, statement=extra).count() == 1
    created = Change.objects.filter(entity="edge", action=ChangeAction.CREATE, after__application_id=str(inference.pk))
    assert created.count() == Edge.objects.filter(application=inference).count() == 3
