"""A query string that passed the document's rules once is not validated by them again; the rules that read
the variables (limits, text hygiene) still run on every request, and a failing document fails every time."""

import pytest

from api.graphql.core import limits
from tests.api.graphql.conftest import GraphQLClient
from tests.factories import make_map, make_statement

PAGE = "query ($n: Int) { maps(first: $n) { edges { node { statements(first: $n) { edges { node { text } } } } } } }"


@pytest.fixture(autouse=True)
def forget_documents():
    limits._passes_document_rules.cache_clear()
    yield
    limits._passes_document_rules.cache_clear()


@pytest.fixture
def public_statement(workspace, owner):
    return make_statement(make_map(workspace, visibility="public"), text="a public statement", actor=owner)


def test_the_document_rules_run_once_per_query_string(public_statement):
    client = GraphQLClient()
    for _ in range(3):
        result = client(PAGE, {"n": 5})
        assert "errors" not in result, result
    assert result["data"]["maps"]["edges"][0]["node"]["statements"]["edges"][0]["node"]["text"] == "a public statement"
    info = limits._passes_document_rules.cache_info()
    assert (info.misses, info.hits) == (1, 2)


def test_a_remembered_document_is_still_limited_by_its_variables(public_statement):
    client = GraphQLClient()
    assert "errors" not in client(PAGE, {"n": 5})
    refused = client(PAGE, {"n": 1000})
    assert refused["status"] == 400
    assert "the limit is" in refused["errors"][0]["message"]


def test_a_document_with_errors_reports_them_on_every_request(db):
    client = GraphQLClient()
    first, again = client("{ maps { nothing } }"), client("{ maps { nothing } }")
    assert first["status"] == again["status"] == 400
    assert first["errors"] == again["errors"]
    assert "nothing" in first["errors"][0]["message"]
