"""A compiled ``map { graph { … } }`` (PostgreSQL writes the field's JSON, ``core.compiled``) answers byte for byte
what the field-by-field execution answers, for every reader; a selection it cannot write is executed as before."""

import datetime as dt
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from graphql_relay import to_global_id

from api.graphql.map.graph import WholeMap
from api.graphql.statement.types import StatementPage
from argmap import services
from argmap.models import ArgumentMap, Edge, Scheme, SchemeApplication, Statement, Tag
from bench.graphql_floor import QUERY as BENCH_QUERY
from tests.api.graphql.conftest import GraphQLClient
from tests.api.graphql.test_suggestions import SUGGEST, TokenClient, batch_input
from tests.argmap.selectors.test_graph import debate  # noqa: F401 — the fixture
from tests.argmap.selectors.test_graph_document import blind  # noqa: F401 — the fixture
from tests.factories import UserFactory

EVERY_FIELD = """
query ($id: ID!) { map(id: $id) { __typename name graph {
  __typename
  statements {
    __typename id key kind text gloss status statusReason implicit version createdAt updatedAt illocution
    tags { __typename slug }
  }
  schemeApplications {
    __typename id key type note status statusReason version createdAt updatedAt conflictKind
    scheme { __typename key } tags { slug }
  }
  edges {
    __typename id role version createdAt updatedAt
    application { __typename id } statement { id __typename } otherApplication { id }
  }
  anchors { __typename id exact prefix suffix start end status version createdAt updatedAt statement { id } document { id } }
  evidenceLinks { __typename id footnote locator quote version createdAt updatedAt statement { id } source { id } }
  sources {
    __typename id key title authors container publisher published url accessedOn footnote locator citation version
    createdAt updatedAt
  }
} } }
"""

SHAPES = """
query ($id: ID!, $yes: Boolean!, $no: Boolean!) { map(id: $id) { name g: graph {
  kinds: __typename
  a: statements {
    ...Said ... on Statement { k: kind } text @include(if: $yes) gloss @skip(if: $yes) key @include(if: $no)
    id
  }
  statements { id }
  edges @skip(if: $no) { role r: role }
  sources @include(if: false) { id }
  schemeApplications { ... on SchemeApplication { conflictKind type } conflictKind t: tags { s: slug } }
  ...Lists
} other: graph { anchors { start statement { ... on Statement { id } } } } } }
fragment Said on Statement { id text __typename tags { ... on Tag { slug } } }
fragment Lists on MapGraph { evidenceLinks { quote } anchors @include(if: $yes) { end } }
"""

SUGGESTIONS = """
query ($id: ID!, $asked: Boolean!) { map(id: $id) { graph(includeSuggestions: $asked) {
  statements { id status text kind } schemeApplications { id status conflictKind } edges { id }
} } }
"""

#: Fields the compiler leaves to graphql-core: the answer must still be the same.
NOT_COMPILED = [
    "query ($id: ID!) { map(id: $id) { graph { statements { id createdBy { username } } } } }",
    "query ($id: ID!) { map(id: $id) { graph { statements { id speaker { id } supports { id } } } } }",
    "query ($id: ID!) { map(id: $id) { graph { anchors { id startConfidence } sources { id workspace { id } } } } }",
    "query ($id: ID!) { map(id: $id) { graph { schemeApplications { id premises { id } } edges { map { id } } } } }",
]

#: References and lists of constants only: a null key must still write null.
CONSTANTS = """
query ($id: ID!) { map(id: $id) { graph {
  edges { otherApplication { __typename } statement { __typename } application { __typename id } }
  anchors { document { __typename } statement { __typename id } }
  schemeApplications { scheme { __typename } tags { __typename } }
  statements { tags { __typename } }
} } }
"""

COMPILED = [
    (BENCH_QUERY, {}),
    (CONSTANTS, {}),
    (EVERY_FIELD, {}),
    *((SHAPES, {"yes": yes, "no": no}) for yes in (True, False) for no in (True, False)),
    (SUGGESTIONS, {"asked": False}),
    (SUGGESTIONS, {"asked": True}),
]


@pytest.fixture
def awkward(owner, argument_map, blind, debate):  # noqa: F811
    """Text JSON must escape, a whole-second time, a tagged statement, a tagged inference with a scheme, a source
    with authors; a tagged statement of another map (tags are looked up per map)."""
    odd = services.create_statement(
        actor=owner,
        argument_map=argument_map,
        text='"quoted" \\ back\nline\ttab \x01\x1f </script> 😀 \u2028 𠮷',
        kind="claim",
    )
    tag = services.create_tag(actor=owner, workspace=argument_map.workspace, slug="nuclear")
    services.update_statement(actor=owner, statement=odd, expected_version=1, tags=[tag])
    Statement.objects.filter(pk=odd.pk).update(updated_at=dt.datetime(2024, 5, 6, 7, 8, 9, tzinfo=dt.UTC))
    second = Tag.objects.create(workspace=argument_map.workspace, slug="a-first", label="a-first")
    SchemeApplication.objects.get(pk=debate["inf1"].pk).tags.set([tag, second])
    SchemeApplication.objects.filter(pk=debate["inf1"].pk).update(
        scheme=Scheme.objects.filter(applies_to="inference").order_by("key").first()
    )
    elsewhere = services.create_map(actor=owner, workspace=argument_map.workspace, name="Elsewhere")
    other = services.create_statement(actor=owner, argument_map=elsewhere, text="Elsewhere", kind="claim")
    services.update_statement(actor=owner, statement=other, expected_version=1, tags=[second])
    source = services.create_source(
        actor=owner,
        workspace=argument_map.workspace,
        title="Ténèbres",
        authors=["A. Author", 'B. "Quoted"'],
        accessed_on=dt.date(2024, 1, 31),
    )
    services.create_evidence_link(actor=owner, statement=odd, source=source, quote="“quoted”", footnote=7)
    return odd


@pytest.fixture
def readers(workspace, owner, blind):  # noqa: F811
    """Every kind of reader of the blind-annotated map: its owner, each member role, an outsider."""
    members = {name: UserFactory(username=name) for name in ("eddie", "vera")}
    services.add_member(actor=owner, workspace=workspace, user=members["eddie"], role="editor")
    services.add_member(actor=owner, workspace=workspace, user=members["vera"], role="viewer")
    return {
        "owner": owner,
        "annotator with drafts": blind["alice"],
        "annotator": blind["bob"],
        "reviewer": blind["rita"],
        **members,
        "outsider": UserFactory(username="outsider"),
    }


@pytest.fixture
def suggested(workspace, owner, argument_map, document):
    bot = UserFactory(username="miner-bot")
    services.add_member(actor=owner, workspace=workspace, user=bot, role="pipeline")
    result = TokenClient(bot)(SUGGEST, batch_input(argument_map, document))
    assert result["data"]["suggestAnnotations"]["created"], result


def both_ways(settings, client, query, variables, status=200):
    """The response body compiled, then executed field by field."""
    bodies = []
    for compiled in (True, False):
        settings.ARGMAP_GRAPHQL_COMPILED = compiled
        response = client.post(query, variables)
        assert response.status_code == status
        bodies.append(response.content)
    return bodies


@pytest.fixture
def compilations(monkeypatch):
    made = []
    for value_type in (WholeMap, StatementPage):
        original = value_type.compiled_json

        def counted(self, members, original=original):
            made.append(members)
            return original(self, members)

        monkeypatch.setattr(value_type, "compiled_json", counted)
    return made


@pytest.mark.parametrize(("query", "extra"), COMPILED)
def test_every_reader_gets_the_same_bytes_compiled(
    settings, argument_map, readers, awkward, suggested, compilations, query, extra
):
    variables = {"id": to_global_id("Map", argument_map.pk), **extra}
    for name, user in readers.items():
        compiled, executed = both_ways(settings, GraphQLClient(user), query, variables)
        assert compiled == executed, name
        assert b'"errors"' not in compiled, name
    # the outsider reads no map: nothing to compile
    assert len(compilations) >= len(readers) - 1


def test_anonymous_readers_of_a_public_map_get_the_same_bytes(settings, argument_map, awkward, compilations):
    ArgumentMap.objects.filter(pk=argument_map.pk).update(visibility="public")
    for query, extra in COMPILED:
        variables = {"id": to_global_id("Map", argument_map.pk), **extra}
        compiled, executed = both_ways(settings, GraphQLClient(), query, variables)
        assert compiled == executed
        assert b'"statements":[{' in compiled or b'"a":[{' in compiled
    assert len(compilations) >= len(COMPILED)


@pytest.mark.parametrize("query", NOT_COMPILED)
def test_a_selection_the_compiler_cannot_write_is_executed_as_before(
    settings, argument_map, owner, awkward, compilations, query
):
    compiled, executed = both_ways(settings, GraphQLClient(owner), query, {"id": to_global_id("Map", argument_map.pk)})
    assert compiled == executed
    assert compilations == []


def test_tags_and_schemes_are_written_per_row(settings, argument_map, owner, awkward, debate, compilations):  # noqa: F811
    query = "query ($id: ID!) { map(id: $id) { graph { statements { id tags { slug } } schemeApplications { id scheme { key } tags { slug } } } } }"
    settings.ARGMAP_GRAPHQL_COMPILED = True
    result = GraphQLClient(owner)(query, {"id": to_global_id("Map", argument_map.pk)})
    graph = result["data"]["map"]["graph"]
    tagged = {row["id"]: [tag["slug"] for tag in row["tags"]] for row in graph["statements"] if row["tags"]}
    assert tagged == {to_global_id("Statement", awkward.pk): ["nuclear"]}
    applications = {row["id"]: row for row in graph["schemeApplications"]}
    inference = applications[to_global_id("SchemeApplication", debate["inf1"].pk)]
    assert [tag["slug"] for tag in inference["tags"]] == ["a-first", "nuclear"]
    assert inference["scheme"] == {"key": SchemeApplication.objects.get(pk=debate["inf1"].pk).scheme.key}
    assert [row["scheme"] for row in applications.values() if row is not inference] == [None] * (len(applications) - 1)
    assert compilations


def test_a_conflict_whose_target_is_a_pending_suggestion_is_named_only_with_suggestions(
    settings,
    argument_map,
    owner,
    debate,  # noqa: F811
):
    """The graph leaves the pending target out, so the conflict it shows has no kind (as REST's graph says);
    asked to include suggestions, it names it — compiled or not."""
    target = Edge.objects.get(application=debate["rebut"], role="consequent").statement
    Statement.objects.filter(pk=target.pk).update(status="suggested")
    query = (
        "query ($id: ID!, $asked: Boolean!) { map(id: $id) { graph(includeSuggestions: $asked) { "
        "schemeApplications { id conflictKind } } } }"
    )
    for asked, rebut in ((False, None), (True, "REBUT")):
        variables = {"id": to_global_id("Map", argument_map.pk), "asked": asked}
        compiled, executed = both_ways(settings, GraphQLClient(owner), query, variables)
        assert compiled == executed
        kinds = {
            row["id"]: row["conflictKind"] for row in json.loads(compiled)["data"]["map"]["graph"]["schemeApplications"]
        }
        assert kinds[to_global_id("SchemeApplication", debate["rebut"].pk)] == rebut
        assert kinds[to_global_id("SchemeApplication", debate["undercut"].pk)] == "UNDERCUT"


def test_conflict_kinds_are_named_as_the_rows_name_them(settings, argument_map, owner, debate):  # noqa: F811
    query = "query ($id: ID!) { map(id: $id) { graph { schemeApplications { id conflictKind } } } }"
    settings.ARGMAP_GRAPHQL_COMPILED = True
    result = GraphQLClient(owner)(query, {"id": to_global_id("Map", argument_map.pk)})
    kinds = {row["id"]: row["conflictKind"] for row in result["data"]["map"]["graph"]["schemeApplications"]}
    assert kinds[to_global_id("SchemeApplication", debate["rebut"].pk)] == "REBUT"
    assert kinds[to_global_id("SchemeApplication", debate["undercut"].pk)] == "UNDERCUT"
    assert kinds[to_global_id("SchemeApplication", debate["undermine"].pk)] == "UNDERMINE"
    assert kinds[to_global_id("SchemeApplication", debate["inf1"].pk)] is None


VISUALISER = """
query ($id: ID!) { map(id: $id) { statements(first: 1000) { edges { node {
  id kind text status supports { id } attackedBy { kind attacker { id } } anchors { start end document { id } }
} } } } }
"""

PAGES = """
query ($id: ID!, $first: Int, $after: String, $kind: StatementKind) { map(id: $id) {
  statements(first: $first, after: $after, kind: $kind) {
    __typename totalCount count: totalCount
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor __typename }
    edges { __typename cursor node {
      __typename id key kind text gloss status statusReason implicit version createdAt updatedAt illocution
      supports { id text } supportedBy { __typename id kind }
      attackedBy { __typename kind attacker { id createdAt } }
      anchors { __typename id start end exact status statement { id } document { id __typename } }
    } }
    again: edges { node { ... on Statement { ident: id } } }
  }
} }
"""


def cursors(client, argument_map) -> list:
    result = client(PAGES, {"id": to_global_id("Map", argument_map.pk), "first": 3})
    return [None, result["data"]["map"]["statements"]["pageInfo"]["endCursor"]]


@pytest.mark.parametrize(
    "shape",
    [
        {"query": VISUALISER},
        *({"query": PAGES, "first": first} for first in (1, 3, 1000)),
        {"query": PAGES, "kind": "CLAIM"},
    ],
)
def test_every_reader_gets_the_same_page_bytes_compiled(settings, argument_map, readers, awkward, compilations, shape):
    query = shape["query"]
    for name, user in readers.items():
        client = GraphQLClient(user)
        for after in cursors(client, argument_map) if user is not readers["outsider"] else [None]:
            variables = {"id": to_global_id("Map", argument_map.pk), "after": after}
            variables |= {key: value for key, value in shape.items() if key != "query"}
            compiled, executed = both_ways(settings, client, query, variables)
            assert compiled == executed, (name, after)
            assert b'"errors"' not in compiled, name
    assert compilations


@pytest.mark.parametrize(
    ("page", "refusal", "status"),
    [
        ({"after": "bm9wZQ==", "first": 2}, b"not a cursor this list gave out", 200),
        ({"first": 0}, b"must be between 1", 400),
    ],
)
def test_a_page_the_list_cannot_give_is_refused_compiled_or_not(settings, argument_map, owner, page, refusal, status):
    variables = {"id": to_global_id("Map", argument_map.pk), **page}
    compiled, executed = both_ways(settings, GraphQLClient(owner), PAGES, variables, status)
    assert compiled == executed
    assert refusal in compiled


def test_a_pretty_response_is_indented_the_same_compiled_or_not(settings, argument_map, owner, awkward):
    body = {"query": BENCH_QUERY, "variables": {"id": to_global_id("Map", argument_map.pk)}}
    bodies = []
    for compiled in (True, False):
        settings.ARGMAP_GRAPHQL_COMPILED = compiled
        client = GraphQLClient(owner).client
        response = client.post("/graphql/?pretty=1", json.dumps(body), content_type="application/json")
        bodies.append(response.content)
    assert bodies[0] == bodies[1]
    assert b'\n        "statements": [' in bodies[0]


# --- a token's node(id:) written by PostgreSQL in the token's round trip, not executed (views._NodeBeside) ---

NODE = "query ($id: ID!) { node(id: $id) { ... on Statement { id kind text status version } } }"
NODE_SHAPES = """
query Pick($id: ID!, $yes: Boolean!, $no: Boolean = false) { n: node(id: $id) {
  __typename t: __typename ... on Node { id } ...Said
  ... on Statement {
    k: kind text @include(if: $yes) gloss @skip(if: $yes) key @include(if: $no)
    createdAt updatedAt implicit statusReason illocution status version
  }
} }
fragment Said on Statement { id v: version text }
"""
#: ``(query, variables besides the id)`` a Statement's node is written for.
NODE_WRITTEN = [
    (NODE, {}),
    (NODE.replace("($id: ID!) ", "").replace("$id", '"{id}"'), {}),
    *((NODE_SHAPES, {"yes": yes}) for yes in (True, False)),
    (NODE_SHAPES, {"yes": False, "no": True}),
]
#: Fields answered by resolvers, not from the row: the node is executed as before.
NODE_EXECUTED = [
    "query ($id: ID!) { node(id: $id) { ... on Statement { id createdBy { username } } } }",
    "query ($id: ID!) { node(id: $id) { ... on Statement { id tags { slug } } } }",
    "query ($id: ID!) { node(id: $id) { ... on Statement { text supports { id } } } }",
]
#: Requests refused before execution: by variable coercion, validation or argmap's limits.
NODE_REFUSED = [
    (NODE_SHAPES, {"yes": "oui"}),
    (NODE_SHAPES, {}),
    (NODE, {"note": "nul \x00 here"}),
    (NODE.replace("id kind", "id nope kind"), {}),
    (NODE.replace("text", "text @include(if: $id)"), {}),
    ("query ($id: ID!) { node(id: $id) { " + " ".join(f"a{n}: id" for n in range(31)) + " } }", {}),
    ("query ($id: ID!) { node(id: $id) { " + "id " * 11 + "} }", {}),
]


@pytest.fixture
def executions(monkeypatch):
    """Each operation graphql-core executes (``views.execute``)."""
    from api.graphql import views

    ran = []
    real = views.execute
    monkeypatch.setattr(views, "execute", lambda *args, **kwargs: ran.append(args[1]) or real(*args, **kwargs))
    return ran


@pytest.fixture
def node_targets(owner, argument_map, blind, awkward):  # noqa: F811
    """Global ids: text JSON must escape, a blind annotator's draft (alice's; bob may not see it), a statement
    of another workspace's private map, a missing statement, a malformed id and a map's id."""
    from tests.factories import make_map, make_workspace

    stranger = UserFactory(username="stranger")
    private = make_map(make_workspace(owner=stranger, slug="elsewhere"), name="Theirs")
    theirs = services.create_statement(actor=stranger, argument_map=private, text="theirs", kind="claim")
    return {
        "awkward": to_global_id("Statement", awkward.pk),
        "draft": to_global_id("Statement", blind["premise"].pk),
        "private": to_global_id("Statement", theirs.pk),
        "missing": to_global_id("Statement", "00000000-0000-4000-8000-000000000000"),
        "malformed": "bm9wZQ==",
        "a map": to_global_id("Map", argument_map.pk),
    }


def token_clients(readers) -> dict:
    """A client bearing a token for each reader, a superuser, an inactive user, a revoked and an unknown token."""
    from django.test import Client
    from rest_framework.authtoken.models import Token

    def bearing(key):
        return Client(HTTP_AUTHORIZATION=f"Token {key}")

    clients = {name: bearing(Token.objects.create(user=user).key) for name, user in readers.items()}
    clients["superuser"] = bearing(Token.objects.create(user=UserFactory(username="root", is_superuser=True)).key)
    clients["inactive"] = bearing(Token.objects.create(user=UserFactory(username="gone", is_active=False)).key)
    revoked = Token.objects.create(user=UserFactory(username="revoked"))
    clients["revoked"] = bearing(revoked.key)
    clients["revoked"].post("/graphql/", {"query": "{ __typename }"}, content_type="application/json")
    revoked.delete()
    clients["unknown"] = bearing("7" * 40)
    return clients


def node_answer(client, query, variables, *, method="post", path="/graphql/", operation=None):
    body = {"query": query, "variables": variables} | ({"operationName": operation} if operation else {})
    if method == "get":
        response = client.get(path, {**body, "variables": json.dumps(variables)})
    else:
        response = client.post(path, json.dumps(body), content_type="application/json")
    return response.status_code, response.content, sorted(response.items())


def node_both_ways(settings, executions, client, query, variables, **request) -> list:
    """``(answer, executions, queries)`` written (compiled on), then executed (off); each once the reader's
    read beside the token is known (a request before it teaches it)."""
    found = []
    for compiled in (True, False):
        settings.ARGMAP_GRAPHQL_COMPILED = compiled
        node_answer(client, query, variables, **request)
        ran = len(executions)
        with CaptureQueriesContext(connection) as captured:
            answer = node_answer(client, query, variables, **request)
        found.append((answer, len(executions) - ran, len(captured)))
    return found


@pytest.mark.parametrize(("query", "extra"), NODE_WRITTEN)
def test_every_reader_gets_the_executed_bytes_for_a_written_node(
    settings, executions, readers, node_targets, query, extra
):
    """Status, body and headers as executed, for every reader (roles, blind annotators, an outsider, a
    superuser, refused tokens) and id (visible or not, missing, malformed, another type's); a Statement's node
    found or not is answered in ONE query and without execution."""
    seen = set()
    for name, client in token_clients(readers).items():
        for target, global_id in node_targets.items():
            text = query.replace("{id}", global_id)
            (written, ran, queries), (executed, _, _) = node_both_ways(
                settings, executions, client, text, {"id": global_id, **extra}
            )
            assert written == executed, (name, target)
            assert b'"errors"' not in written[1] or name in ("inactive", "revoked", "unknown"), (name, target)
            if written[0] == 200 and target not in ("malformed", "a map"):
                assert (ran, queries) == (0, 1), (name, target)
                seen.add(b'"node":null' in written[1] or b'"n":null' in written[1])
    assert seen == {True, False}, "some readers see some statements, and not others"


@pytest.mark.parametrize("query", NODE_EXECUTED)
def test_a_node_with_a_field_not_written_is_executed_as_before(settings, executions, readers, node_targets, query):
    clients = token_clients(readers)
    for name in ("owner", "annotator"):
        for target in ("awkward", "draft"):
            global_id = node_targets[target]
            (written, ran, _), (executed, _, _) = node_both_ways(
                settings, executions, clients[name], query, {"id": global_id}
            )
            assert written == executed, (name, target)
            assert ran == 1


@pytest.mark.parametrize(("query", "extra"), NODE_REFUSED)
def test_a_node_refused_before_execution_is_refused_as_before(
    settings, executions, readers, node_targets, query, extra
):
    clients = token_clients(readers)
    for name in ("owner", "annotator"):
        global_id = node_targets["awkward"]
        (written, ran, _), (executed, ran_executed, _) = node_both_ways(
            settings, executions, clients[name], query, {"id": global_id, **extra}
        )
        assert written == executed, name
        assert b'"errors"' in written[1] and b'"data":{' not in written[1]
        assert ran == ran_executed, "refused by the same step (variables: graphql-core's execute)"


def test_a_written_node_over_get_and_pretty_is_the_executed_one(settings, executions, readers, node_targets):
    clients = token_clients(readers)
    for name in ("owner", "annotator"):
        for target in ("awkward", "draft"):
            global_id = node_targets[target]
            for request in ({"method": "get"}, {"path": "/graphql/?pretty=1"}):
                (written, ran, _), (executed, _, _) = node_both_ways(
                    settings, executions, clients[name], NODE, {"id": global_id}, **request
                )
                assert written == executed, (name, target, request)
                assert ran == 0
                if (name, target, request.get("path")) == ("owner", "awkward", "/graphql/?pretty=1"):
                    assert b'\n    "node": {\n      "id": ' in written[1]


TWO_OPERATIONS = """
query Other { __typename }
query Defaulted($id: ID = "bm9wZQ==") { node(id: $id) { ... on Statement { id text } } }
query Typed($id: ID!, $yes: Boolean!) { node(id: $id) { ... on Statement { id text @include(if: $yes) } } }
"""


@pytest.mark.parametrize(
    ("operation", "extra", "written"),
    [
        ("Defaulted", {}, True),
        ("Typed", {"yes": True}, True),
        ("Typed", {"yes": "oui"}, False),
        ("Other", {}, False),
        (None, {}, False),
    ],
)
def test_the_operation_named_is_the_one_written(settings, executions, readers, node_targets, operation, extra, written):
    """Among several operations, the one ``operationName`` names; its other variables must coerce (a value
    is not one that is not a Boolean is refused by execution, as before); no name among several is refused as before."""
    client = token_clients(readers)["owner"]
    variables = {"id": node_targets["awkward"], **extra}
    request = {"operation": operation} if operation else {}
    (answer, ran, queries), (executed, _, _) = node_both_ways(
        settings, executions, client, TWO_OPERATIONS, variables, **request
    )
    assert answer == executed
    assert (ran == 0) is written
    if written:
        assert queries == 1 and b'"node":{"id":' in answer[1]


def test_a_node_read_by_a_session_is_executed_and_answers_what_the_token_is_written(
    settings, executions, owner, node_targets
):
    settings.ARGMAP_GRAPHQL_COMPILED = True
    variables = {"id": node_targets["awkward"]}
    session = GraphQLClient(owner).post(NODE, variables)
    assert len(executions) == 1
    token = token_clients({"owner": owner})["owner"]
    executions.clear()
    node_answer(token, NODE, variables)
    written = node_answer(token, NODE, variables)
    assert len(executions) == 1, "the token's first request executed, its second was written"
    assert written[:2] == (session.status_code, session.content)
