"""Requests GraphQL cannot run at all are the client's fault: a 4xx with ``extensions.code`` BAD_REQUEST,
never labelled INTERNAL (which would send the client's developer looking for a server bug)."""

import json

import pytest
from django.test import Client

from argmap.models import Statement


@pytest.mark.parametrize(
    "body, content_type",
    [
        (json.dumps([{"query": "{ viewer { username } }"}] * 3), "application/json"),
        ('{"query": "{ viewer { username } }"', "application/json"),
        (b'{"query": "\xff\xfe"}', "application/json"),
        ("42", "application/json"),
        ("{}", "application/json"),
    ],
    ids=["batched array", "invalid JSON", "invalid UTF-8", "not an object", "no query"],
)
def test_unusable_requests_are_bad_requests(db, body, content_type):
    response = Client().post("/graphql/", body, content_type=content_type)
    assert response.status_code == 400, response.content
    errors = response.json()["errors"]
    assert errors[0]["message"] and errors[0]["extensions"]["code"] == "BAD_REQUEST", errors


def test_a_mutation_over_get_is_405_allowing_post_and_writes_nothing(db, owner, argument_map):
    client = Client()
    client.force_login(owner)
    mutation = 'mutation { createStatement(input: {map: "%s", kind: CLAIM, text: "x"}) { errors { code } } }'
    response = client.get("/graphql/", {"query": mutation % argument_map.pk}, HTTP_ACCEPT="application/json")
    assert response.status_code == 405 and response["Allow"] == "POST", response.content
    assert response.json()["errors"][0]["extensions"]["code"] == "BAD_REQUEST"
    assert not Statement.objects.exists()


def test_a_query_over_get_still_runs(db):
    response = Client().get("/graphql/", {"query": "{ __typename }"}, HTTP_ACCEPT="application/json")
    assert response.status_code == 200 and response.json() == {"data": {"__typename": "Query"}}


def test_a_refusal_in_a_resolver_is_classified_as_the_clients(db):
    """A refused argument (a map id no one may see, a foreign cursor) has a ``path`` like a crash would;
    its classification says it is the request's fault."""
    for query in ('{ search(q: "核", map: "bm8=") { title } }', '{ maps(after: "title") { totalCount } }'):
        response = Client().post("/graphql/", json.dumps({"query": query}), content_type="application/json")
        error = response.json()["errors"][0]
        assert error["extensions"]["classification"] == "BAD_REQUEST", error
        assert error["extensions"].get("code") != "INTERNAL"


@pytest.mark.parametrize("node", [False, True], ids=["query", "written node"])
def test_the_database_failing_while_a_token_is_read_is_a_503_to_retry(owner, argument_map, monkeypatch, node):
    """Not the client's fault and not a server bug to report: ``UNAVAILABLE`` with ``Retry-After``, as REST's 503."""
    from django.db import OperationalError
    from graphql_relay import to_global_id
    from rest_framework.authtoken.models import Token

    from argmap.selectors import prepared
    from tests.factories import make_statement

    statement = make_statement(argument_map, actor=owner)
    client = Client(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=owner).key}")
    query = "query ($id: ID!) { node(id: $id) { ... on Statement { id text } } }" if node else "{ viewer { username } }"
    body = {"query": query, "variables": {"id": to_global_id("Statement", str(statement.pk))}}
    assert client.post("/graphql/", body, content_type="application/json").status_code == 200

    def failing(*args, **kwargs):
        raise OperationalError("the server closed the connection unexpectedly")

    monkeypatch.setattr(prepared, "prepared_rows", failing)
    response = client.post("/graphql/", body, content_type="application/json")
    assert response.status_code == 503 and response["Retry-After"] == "5"
    error = response.json()["errors"][0]
    assert error["extensions"]["code"] == "UNAVAILABLE" and "Try again" in error["message"]
