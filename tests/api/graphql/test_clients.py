"""Real clients: a third-party GraphQL library, and GraphiQL in a browser with no network beyond localhost."""

import pytest
from gql import Client, gql
from gql.transport.requests import RequestsHTTPTransport
from graphql_relay import to_global_id
from rest_framework.authtoken.models import Token

from tests.api.graphql.conftest import small_argument
from tests.factories import UserFactory, make_document, make_map, make_workspace


@pytest.fixture
def served_maps(transactional_db):
    owner = UserFactory(username="client-owner")
    workspace = make_workspace(owner=owner, slug="client-ws")
    document = make_document(workspace, text="北朝鮮は核弾頭を50発保有すると推計される。抑止は不安定になる。")
    public = make_map(workspace, documents=[document], name="Public map", visibility="public")
    private = make_map(workspace, documents=[document], name="Private map")
    small_argument(public, actor=owner)
    small_argument(private, actor=owner)
    return {"owner": owner, "public": public, "private": private}


def test_a_third_party_client_introspects_and_queries(live_server, served_maps):
    transport = RequestsHTTPTransport(url=f"{live_server.url}/graphql/", retries=0)
    with Client(transport=transport, fetch_schema_from_transport=True) as session:
        assert session.client.schema.get_type("Statement") is not None
        result = session.execute(
            gql(
                """
                query Maps {
                  maps { edges { node { name statements { edges { node { text supports { text } } } } } } }
                }
                """
            )
        )
    assert [edge["node"]["name"] for edge in result["maps"]["edges"]] == ["Public map"]
    statements = result["maps"]["edges"][0]["node"]["statements"]["edges"]
    supports = {e["node"]["text"]: [s["text"] for s in e["node"]["supports"]] for e in statements}
    assert supports["北朝鮮は核弾頭を50発保有すると推計される。"] == ["抑止は不安定になる。"]


def test_a_client_authenticates_with_a_rest_api_token(live_server, served_maps):
    token = Token.objects.create(user=served_maps["owner"])
    query = gql("query ($id: ID!) { map(id: $id) { name } }")
    variables = {"id": to_global_id("Map", served_maps["private"].pk)}
    anonymous = RequestsHTTPTransport(url=f"{live_server.url}/graphql/", retries=0)
    with Client(transport=anonymous) as session:
        assert session.execute(query, variable_values=variables) == {"map": None}
    authenticated = RequestsHTTPTransport(
        url=f"{live_server.url}/graphql/", headers={"Authorization": f"Token {token.key}"}, retries=0
    )
    with Client(transport=authenticated) as session:
        assert session.execute(query, variable_values=variables) == {"map": {"name": "Private map"}}


def test_graphiql_loads_from_local_files_only_and_runs_a_query(live_server, served_maps, browser_page):
    page = browser_page
    page.goto(f"{live_server.url}/graphql/", wait_until="networkidle")
    page.wait_for_selector(".graphiql-container", timeout=15000)
    page.click(".graphiql-execute-button")
    page.wait_for_function(
        "() => document.querySelector('.result-window') && document.querySelector('.result-window').innerText.includes('Public map')",
        timeout=15000,
    )
    assert page.external_requests == []
