"""A point read — one statement by id, over REST and GraphQL with an API token — costs a fixed, small
number of SQL queries and one cache round trip (the token throttles), whatever the size of the map."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from graphql_relay import to_global_id
from rest_framework.authtoken.models import Token

from config import security
from tests.factories import make_statement

NODE = "query ($id: ID!) { node(id: $id) { ... on Statement { id kind text status version } } }"


class CountingCache:
    """The shared cache, counting the round trips the throttles make."""

    def __init__(self, cache):
        self.cache, self.reads = cache, 0

    def get_many(self, keys):
        self.reads += 1
        return self.cache.get_many(keys)

    def __getattr__(self, name):
        return getattr(self.cache, name)


@pytest.fixture
def token_client(owner):
    return Client(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=owner).key}")


@pytest.fixture
def statements(argument_map, owner):
    return [make_statement(argument_map, text=f"statement {n}", actor=owner) for n in range(30)]


def rest_read(client, statement):
    response = client.get(f"/api/v1/statements/{statement.pk}/")
    assert response.status_code == 200
    assert response.json()["id"] == str(statement.pk)


def graphql_read(client, statement):
    response = client.post(
        "/graphql/",
        {"query": NODE, "variables": {"id": to_global_id("Statement", str(statement.pk))}},
        content_type="application/json",
    )
    assert response.status_code == 200
    assert response.json()["data"]["node"]["text"] == statement.text


# token → user, the reader's memberships, the statement (REST: and its tags)
@pytest.mark.parametrize(("read", "queries"), [(rest_read, 4), (graphql_read, 3)])
def test_a_point_read_costs_a_fixed_number_of_queries(token_client, statements, read, queries):
    read(token_client, statements[0])  # the first request of a process loads what it caches
    with CaptureQueriesContext(connection) as captured:
        read(token_client, statements[-1])
    assert len(captured) == queries, [q["sql"][:120] for q in captured]


@pytest.mark.parametrize("read", [rest_read, graphql_read])
def test_a_point_read_checks_both_token_throttles_in_one_cache_round_trip(token_client, statements, read, monkeypatch):
    counting = CountingCache(security.cache)
    monkeypatch.setattr(security, "cache", counting)
    read(token_client, statements[0])
    assert counting.reads == 1
