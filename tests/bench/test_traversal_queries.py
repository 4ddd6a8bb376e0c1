"""The neighbourhood's query budget: what the traversal target (docs/performance.md) rests on."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from argmap import services
from argmap.selectors.graph import neighbourhood
from tests.factories import make_statement

pytestmark = pytest.mark.django_db


@pytest.fixture
def dispute(owner, argument_map):
    """A claim supported twice, rebutted, and the rebuttal's inference undercut: every conflict kind nearby."""
    claim = make_statement(argument_map, text="claim", kind="claim", actor=owner)
    premises = [make_statement(argument_map, text=f"premise {i}", actor=owner) for i in range(3)]
    inference = services.create_argument(actor=owner, premises=premises[:2], conclusion=claim)
    rebuttal = make_statement(argument_map, text="rebuttal", kind="rebuttal", actor=owner)
    services.create_attack(actor=owner, attacker=rebuttal, target=claim)
    services.create_attack(actor=owner, attacker=premises[2], target=inference)
    return claim


@pytest.mark.parametrize("depth", [1, 3, 6])
def test_neighbourhood_reads_rows_and_conflict_kinds_in_four_queries(owner, dispute, depth):
    owner = type(owner).objects.get(pk=owner.pk)  # a fresh reader: no roles cached on the object by the writes
    with CaptureQueriesContext(connection) as queries:
        found = neighbourhood(statement=dispute, depth=depth, direction="both", user=owner)
    # The reader's memberships, the walk with the statement rows, the scheme applications with their
    # conflicts' targets, the edges.
    assert len(queries) == 4
    kinds = {row["conflict_kind"] for row in found["scheme_applications"]}
    assert kinds == ({None, "rebut"} if depth == 1 else {None, "rebut", "undercut"})


@pytest.mark.parametrize(("depth", "statements"), [(1, 4), (3, 5), (6, 5)])
def test_neighbourhood_endpoint_query_count_does_not_grow_with_depth(owner, dispute, depth, statements):
    client = APIClient()
    client.force_authenticate(type(owner).objects.get(pk=owner.pk))
    with CaptureQueriesContext(connection) as queries:
        response = client.get(f"/api/v1/statements/{dispute.pk}/neighbourhood/", {"depth": depth})
    assert response.status_code == 200, response.content
    # The memberships, then the origin (if the reader may see it), the walk and every row it reached in one
    # statement.
    assert len(queries) == 2
    body = response.json()
    assert len(body["statements"]) == statements
    kinds = {row["conflict_kind"] for row in body["scheme_applications"]}
    assert kinds == ({None, "rebut"} if depth == 1 else {None, "rebut", "undercut"})
