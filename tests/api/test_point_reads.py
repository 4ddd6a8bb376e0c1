"""A point read — one statement by id, over REST and GraphQL with an API token — costs a fixed, small
number of SQL queries and no cache round trip (the token throttles are read only for refused tokens),
whatever the size of the map; the roles read beside the token are never stale."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from graphql_relay import to_global_id
from rest_framework.authtoken.models import Token

from argmap import services
from argmap.models import Membership, Role
from config import security
from tests.factories import UserFactory, make_statement

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


# token → user → memberships in one query, then the statement (REST: with its tags, in the same query;
# once the token's reader is known, in the token's query — REST's detail and GraphQL's node alike)
@pytest.mark.parametrize(("read", "queries"), [(rest_read, 1), (graphql_read, 1)])
def test_a_point_read_costs_a_fixed_number_of_queries(token_client, statements, read, queries):
    read(token_client, statements[0])  # the first request of a process loads what it caches
    with CaptureQueriesContext(connection) as captured:
        read(token_client, statements[-1])
    assert len(captured) == queries, [q["sql"][:120] for q in captured]


@pytest.mark.parametrize("read", [rest_read, graphql_read])
def test_a_point_read_with_a_valid_token_does_not_wait_on_the_throttle_cache(
    token_client, statements, read, monkeypatch
):
    counting = CountingCache(security.cache)
    monkeypatch.setattr(security, "cache", counting)
    read(token_client, statements[0])
    assert counting.reads == 0


@pytest.mark.parametrize("path", ["/api/v1/maps/", "/graphql/"])
def test_a_refused_token_checks_both_throttles_in_one_cache_round_trip(db, path, monkeypatch):
    counting = CountingCache(security.cache)
    monkeypatch.setattr(security, "cache", counting)
    response = Client(HTTP_AUTHORIZATION="Token " + "7" * 40).post(
        path, {"query": "{ __typename }"}, content_type="application/json"
    )
    assert response.status_code == 401
    assert counting.reads == 1


def test_a_removed_member_loses_access_at_once(workspace, argument_map, owner):
    reader = UserFactory(username="reader")
    services.add_member(actor=owner, workspace=workspace, user=reader, role=Role.VIEWER)
    statement = make_statement(argument_map, text="only for members", actor=owner)
    client = Client(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=reader).key}")
    rest_read(client, statement)
    graphql_read(client, statement)
    membership = Membership.objects.get(workspace=workspace, user=reader)
    services.remove_member(actor=owner, membership=membership, expected_version=membership.version)
    assert client.get(f"/api/v1/statements/{statement.pk}/").status_code == 404
    response = client.post(
        "/graphql/",
        {"query": NODE, "variables": {"id": to_global_id("Statement", str(statement.pk))}},
        content_type="application/json",
    )
    assert response.json()["data"]["node"] is None


def test_a_changed_role_applies_to_the_next_request(workspace, argument_map, owner):
    writer = UserFactory(username="writer")
    services.add_member(actor=owner, workspace=workspace, user=writer, role=Role.EDITOR)
    statement = make_statement(argument_map, text="before", actor=owner)
    client = Client(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=writer).key}")

    def edit(text):
        current = client.get(f"/api/v1/statements/{statement.pk}/")
        return client.patch(
            f"/api/v1/statements/{statement.pk}/",
            {"text": text},
            content_type="application/json",
            HTTP_IF_MATCH=current["ETag"],
        )

    assert edit("edited").status_code == 200
    membership = Membership.objects.get(workspace=workspace, user=writer)
    services.change_member_role(
        actor=owner, membership=membership, role=Role.VIEWER, expected_version=membership.version
    )
    assert edit("edited again").status_code == 403
    assert client.get(f"/api/v1/statements/{statement.pk}/").json()["text"] == "edited"


# --- the compiled point read (argmap.selectors.point_reads) finds exactly what the selector finds ---------


def test_the_compiled_read_finds_what_the_selector_finds_for_every_audience(owner, workspace, argument_map, document):
    from django.contrib.auth.models import AnonymousUser

    from argmap.selectors.access import visible_statements_for
    from argmap.selectors.point_reads import PointRead
    from argmap.services.annotation import annotate_passage, start_independent_annotation
    from tests.factories import make_map, make_workspace

    people = {name: UserFactory(username=name) for name in ("alice", "bob", "rita", "vera", "nobody")}
    for name, role in (("alice", "annotator"), ("bob", "annotator"), ("rita", "reviewer"), ("vera", "viewer")):
        services.add_member(actor=owner, workspace=workspace, user=people[name], role=role)
    other = make_workspace(owner=owner, slug="other-team", viewer=[people["alice"]], editor=[people["vera"]])
    public = make_map(other, visibility="public", name="Public")
    private = make_map(other, name="Private")
    start_independent_annotation(actor=owner, argument_map=argument_map)
    layers = [
        annotate_passage(
            actor=people[name],
            argument_map=argument_map,
            document=document,
            kind="claim",
            exact=document.text[0:3],
            start=0,
            end=3,
        )[0]
        for name in ("alice", "bob")
    ]
    targets = [*layers, make_statement(public, actor=owner), make_statement(private, actor=owner)]
    readers = [*people.values(), owner, UserFactory(username="root", is_superuser=True), AnonymousUser()]
    read = PointRead(type(targets[0]), visible_statements_for)

    seen = set()
    for reader in readers:
        for statement in targets:
            expected = visible_statements_for(reader).filter(pk=statement.pk).first()
            found = read.read(reader, str(statement.pk))
            assert (found and found.pk) == (expected and expected.pk), (reader, statement.text)
            if found:
                seen.add((reader.pk, statement.pk))
                assert found.text == statement.text and found.version == statement.version
    # the grid is not trivial: some readers see some statements and not others, through every rule
    assert 0 < len(seen) < len(readers) * len(targets)
    assert all(compiled is not None for compiled in read._compiled.values()), "every audience compiled"
    assert read.read(owner, "00000000-0000-4000-8000-000000000000") is None


def test_a_malformed_id_is_refused_as_the_queryset_refuses_it(token_client, statements):
    from django.core.exceptions import ValidationError

    from argmap.selectors.access import visible_statements_for
    from argmap.selectors.point_reads import PointRead

    read = PointRead(type(statements[0]), visible_statements_for)
    with pytest.raises(ValidationError):
        read.read(statements[0].created_by, "not-a-uuid")
    assert token_client.get("/api/v1/statements/0000/").status_code == 404


def test_a_query_string_is_parsed_once_per_process(token_client, statements, monkeypatch):
    from api.graphql import views

    parses = []
    real_parse = views.parse
    monkeypatch.setattr(views, "parse", lambda query: parses.append(query) or real_parse(query))
    views.parsed.cache_clear()
    for statement in statements[:3]:
        graphql_read(token_client, statement)
    assert parses == [NODE]
    broken = token_client.post("/graphql/", {"query": "{ node(id: "}, content_type="application/json")
    assert broken.status_code == 400 and "Syntax Error" in broken.json()["errors"][0]["message"]


def test_a_rule_that_reads_the_database_while_built_is_never_compiled(owner, workspace, argument_map, document):
    """``visible_changes_for`` asks which workspaces annotate blind while it builds its queryset: its SQL
    depends on data, so the point read runs it the plain way each time and stays right as data changes."""
    from argmap.models import Change
    from argmap.selectors.access import visible_changes_for
    from argmap.selectors.point_reads import PointRead
    from argmap.services.annotation import annotate_passage, start_independent_annotation

    alice, bob = UserFactory(username="alice"), UserFactory(username="bob")
    for person in (alice, bob):
        services.add_member(actor=owner, workspace=workspace, user=person, role="annotator")
    read = PointRead(Change, visible_changes_for)
    annotate_passage(
        actor=bob, argument_map=argument_map, document=document, kind="claim", exact=document.text[0:3], start=0, end=3
    )
    bobs = Change.objects.filter(actor_id=bob.pk).order_by("-pk").first()
    assert read.read(alice, bobs.pk).pk == bobs.pk
    start_independent_annotation(actor=owner, argument_map=argument_map)
    assert read.read(alice, bobs.pk) is None, "blind now: another annotator's change is hidden"
    assert visible_changes_for(alice).filter(pk=bobs.pk).first() is None
    assert list(read._compiled.values()) == [None]


def test_a_compiled_read_is_planned_once_per_connection(token_client, statements):
    """The token's and the statement's reads run as server-side prepared statements: PostgreSQL keeps their
    plans for the connection, so a later request only executes them."""

    def prepared() -> set[str]:
        with connection.cursor() as cursor:
            cursor.execute("SELECT statement FROM pg_prepared_statements")
            return {row[0] for row in cursor.fetchall()}

    rest_read(token_client, statements[0])  # token, then statement
    rest_read(token_client, statements[1])  # both in one statement
    before = prepared()
    assert any("authtoken_token" in sql and "argmap_statement" not in sql for sql in before), before
    assert any('FROM "argmap_statement"' in sql and "authtoken_token" not in sql for sql in before)
    assert any("authtoken_token" in sql and "argmap_statement" in sql for sql in before)
    with CaptureQueriesContext(connection) as captured:
        rest_read(token_client, statements[2])
    assert len(captured) == 1
    assert prepared() == before, "nothing planned again for the third read"


# --- the statement read in the token's round trip (point_reads.read_beside) ------------------------------


def detail(client, statement, *, method="get", query=""):
    response = getattr(client, method)(f"/api/v1/statements/{statement.pk}/{query}")
    return response.status_code, response.content, sorted(response.items())


def reader_grid(owner, workspace, argument_map, document, roles, *, suggestion=False) -> tuple[list, list]:
    """``(readers, statements)`` for comparing one- and two-round-trip reads: members of ``workspace`` in
    ``roles``, an outsider, the owner and a superuser; blind annotators' layers (alice's and bob's), with
    ``suggestion`` a pending one (``roles`` must hold a ``pipeline`` member named "miner"), statements of a
    public and a private map of another workspace (alice views it, vera edits it), a settled statement of
    ``argument_map`` (second to last) and a missing id (last)."""
    from argmap.models import Statement
    from argmap.services.annotation import annotate_passage, start_independent_annotation
    from tests.factories import make_map, make_workspace

    people = {name: UserFactory(username=name) for name in (*dict(roles), "nobody")}
    for name, role in roles:
        services.add_member(actor=owner, workspace=workspace, user=people[name], role=role)
    other = make_workspace(owner=owner, slug="other-team", viewer=[people["alice"]], editor=[people["vera"]])
    public, private = make_map(other, visibility="public", name="Public"), make_map(other, name="Private")
    if suggestion:
        suggested = Client(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=people['miner']).key}").post(
            f"/api/v1/maps/{argument_map.pk}/suggestions/",
            {
                "pipeline": {"name": "miner", "version": "1.0", "parameters": {}},
                "document": str(document.pk),
                "key": "b1",
                "spans": [{"key": "c", "kind": "claim", "start": 0, "end": 8, "confidence": 0.9}],
                "relations": [],
            },
            content_type="application/json",
        )
        assert suggested.status_code == 201, suggested.content
    start_independent_annotation(actor=owner, argument_map=argument_map)
    layers = [
        annotate_passage(
            actor=people[name], argument_map=argument_map, document=document, kind="claim",
            exact=document.text[9:18], start=9, end=18,
        )[0]
        for name in ("alice", "bob")
    ]  # fmt: skip
    targets = [
        *layers,
        *([Statement.objects.get(status="suggested")] if suggestion else []),
        make_statement(public, actor=owner),
        make_statement(private, actor=owner),
        make_statement(argument_map, text="settled", actor=owner),
        Statement(pk="00000000-0000-4000-8000-000000000000"),
    ]
    readers = [*people.values(), owner, UserFactory(username="root", is_superuser=True)]
    return readers, targets


def one_round_trip_answers(readers, cases, answer) -> list:
    """Each reader (with a token) asks ``answer(client, statement, **options)`` for each ``(statement,
    options)`` twice: first with no remembered guess (2 round trips: the token, then the read), then
    again (1: the read beside the token). The two answers must be equal; returns the second ones."""
    from api import authentication

    answers = []
    for reader in readers:
        client = Client(HTTP_AUTHORIZATION=f"Token {Token.objects.get_or_create(user=reader)[0].key}")
        for statement, options in cases:
            authentication._readers.guesses.clear()
            with CaptureQueriesContext(connection) as captured:
                two_round_trips = answer(client, statement, **options)
            assert len(captured) == 2
            with CaptureQueriesContext(connection) as captured:
                one_round_trip = answer(client, statement, **options)
            assert len(captured) == 1, (reader.username, [q["sql"][:80] for q in captured])
            assert one_round_trip == two_round_trips, (reader.username, statement.text, options)
            answers.append(one_round_trip)
    return answers


def test_the_one_round_trip_read_serves_every_reader_the_same_bytes(owner, workspace, argument_map, document):
    """Each reader's first request reads the token, then the statement (2 round trips); later ones join the
    statement to the token's read for the reader named last time (1 round trip). Status, body and headers
    are the same for every rule: roles, an outsider, a superuser, blind annotation, a public map, a private
    one, a pending suggestion, a missing id, `HEAD`, `?format=`."""
    roles = (
        ("alice", "annotator"),
        ("bob", "annotator"),
        ("rita", "reviewer"),
        ("vera", "viewer"),
        ("miner", "pipeline"),
    )
    readers, targets = reader_grid(owner, workspace, argument_map, document, roles, suggestion=True)
    cases = [(target, {}) for target in targets] + [
        (targets[-2], {"method": "head"}),
        (targets[-2], {"query": "?format=json"}),
    ]
    answers = one_round_trip_answers(readers, cases, detail)
    assert {status for status, _, _ in answers} == {200, 404}
    refused = Client(HTTP_AUTHORIZATION="Token " + "7" * 40)
    assert detail(refused, targets[-2]) == detail(refused, targets[-2])
    assert detail(refused, targets[-2])[0] == 401


def token_reader(workspace, owner):
    """(a viewer of ``workspace``, their token, a client that bears it)."""
    reader = UserFactory(username="reader")
    services.add_member(actor=owner, workspace=workspace, user=reader, role=Role.VIEWER)
    token = Token.objects.create(user=reader)
    return reader, token, Client(HTTP_AUTHORIZATION=f"Token {token.key}")


def test_a_deleted_token_is_refused_on_the_very_next_request(workspace, argument_map, owner):
    _, token, client = token_reader(workspace, owner)
    statement = make_statement(argument_map, actor=owner)
    rest_read(client, statement)
    rest_read(client, statement)  # the one-round-trip read
    token.delete()
    assert client.get(f"/api/v1/statements/{statement.pk}/").status_code == 401


def test_a_deactivated_reader_is_refused_on_the_very_next_request(workspace, argument_map, owner):
    reader, _, client = token_reader(workspace, owner)
    statement = make_statement(argument_map, actor=owner)
    rest_read(client, statement)
    rest_read(client, statement)
    reader.is_active = False
    reader.save(update_fields=["is_active"])
    response = client.get(f"/api/v1/statements/{statement.pk}/")
    assert response.status_code == 401 and "inactive" in response.json()["detail"]


def test_a_removed_member_loses_access_on_the_very_next_one_round_trip_read(workspace, argument_map, owner):
    reader, _, client = token_reader(workspace, owner)
    statement = make_statement(argument_map, actor=owner)
    rest_read(client, statement)
    with CaptureQueriesContext(connection) as captured:
        rest_read(client, statement)
    assert len(captured) == 1
    membership = Membership.objects.get(workspace=workspace, user=reader)
    services.remove_member(actor=owner, membership=membership, expected_version=membership.version)
    assert client.get(f"/api/v1/statements/{statement.pk}/").status_code == 404


def test_a_reader_whose_roles_changed_is_read_for_the_roles_they_now_hold(workspace, argument_map, owner):
    """The guess names the old audience; the statement read beside it is dropped and read again for the new
    one (2 round trips), after which the new audience is the guess."""
    from tests.factories import make_map, make_workspace

    reader, _, client = token_reader(workspace, owner)
    elsewhere = make_statement(make_map(make_workspace(owner=owner, slug="elsewhere"), name="Elsewhere"), actor=owner)
    assert client.get(f"/api/v1/statements/{elsewhere.pk}/").status_code == 404
    assert client.get(f"/api/v1/statements/{elsewhere.pk}/").status_code == 404
    services.add_member(actor=owner, workspace=elsewhere.map.workspace, user=reader, role=Role.VIEWER)
    with CaptureQueriesContext(connection) as captured:
        rest_read(client, elsewhere)
    assert len(captured) == 2
    with CaptureQueriesContext(connection) as captured:
        rest_read(client, elsewhere)
    assert len(captured) == 1


# --- GraphQL's node(id:) in the token's round trip (the same read_beside) ----------------------------------


def node_answer(client, statement, *, literal=False, method="post"):
    """Status, body and headers of ``node(id:)`` for ``statement``, its id a variable or a literal."""
    global_id = to_global_id("Statement", str(statement.pk))
    if literal:
        body = {"query": NODE.replace("query ($id: ID!) ", "").replace("$id", f'"{global_id}"')}
    else:
        body = {"query": NODE, "variables": {"id": global_id}}
    if method == "get":
        import json

        body = {key: json.dumps(value) if key == "variables" else value for key, value in body.items()}
        response = client.get("/graphql/", body)
    else:
        response = client.post("/graphql/", body, content_type="application/json")
    return response.status_code, response.content, sorted(response.items())


def test_the_one_round_trip_node_serves_every_reader_the_same_answer(owner, workspace, argument_map, document):
    """As REST's detail: each reader's first ``node`` reads the token, then the statement (2 round trips);
    later ones read the statement in the token's round trip for the reader named last time (1). Status,
    body and headers are the same for an owner, an editor, a viewer, a reviewer, blind annotators (each
    other's layer hidden), an outsider, a superuser, a public map, a private one, a missing id, a literal
    id and a GET."""
    roles = (
        ("alice", "annotator"),
        ("bob", "annotator"),
        ("rita", "reviewer"),
        ("vera", "viewer"),
        ("eddie", "editor"),
    )
    readers, targets = reader_grid(owner, workspace, argument_map, document, roles)
    cases = [(target, {}) for target in targets] + [(targets[-2], {"literal": True}), (targets[-2], {"method": "get"})]
    answers = one_round_trip_answers(readers, cases, node_answer)
    assert {status for status, _, _ in answers} == {200}
    assert {b'"node":null' in body for _, body, _ in answers} == {True, False}, (
        "some readers see some statements, and not others"
    )
    anonymous = Client()
    assert node_answer(anonymous, targets[2]) == node_answer(anonymous, targets[2])
    assert b'"settled"' not in node_answer(anonymous, targets[-2])[1]
    assert b'"node":null' not in node_answer(anonymous, targets[2])[1], "a public map's statement"


def test_only_a_sole_node_read_is_read_in_the_tokens_round_trip(token_client, statements):
    """Anything else — another root field beside it, an alias list, a fragment, a directive, another type's
    id, an id that is not a string — is read the usual way (token, then the rest) and answered as before."""
    global_id = to_global_id("Statement", str(statements[0].pk))
    documents = [
        (NODE.replace("} } }", "} } other: __typename }"), {"id": global_id}),
        ("query ($id: ID!) { ...F } fragment F on Query { node(id: $id) { id } }", {"id": global_id}),
        ("query ($id: ID!) { node(id: $id) @include(if: true) { id } }", {"id": global_id}),
        (NODE, {"id": to_global_id("Map", str(statements[0].map_id))}),
        ("query ($id: ID!) { node(id: $id) { id } }", {"id": 7}),
    ]
    for query, variables in documents:
        for _ in range(2):
            with CaptureQueriesContext(connection) as captured:
                response = token_client.post(
                    "/graphql/", {"query": query, "variables": variables}, content_type="application/json"
                )
            assert response.status_code in (200, 400)
            assert not any("authtoken_token" in q["sql"] and "argmap_statement" in q["sql"] for q in captured), query


def test_a_deleted_token_is_refused_on_the_very_next_node_read(workspace, argument_map, owner):
    _, token, client = token_reader(workspace, owner)
    statement = make_statement(argument_map, actor=owner)
    graphql_read(client, statement)
    graphql_read(client, statement)  # the one-round-trip read
    token.delete()
    status, body, _ = node_answer(client, statement)
    assert status == 401 and b"Invalid token" in body


def test_a_deactivated_reader_is_refused_on_the_very_next_node_read(workspace, argument_map, owner):
    reader, _, client = token_reader(workspace, owner)
    statement = make_statement(argument_map, actor=owner)
    graphql_read(client, statement)
    graphql_read(client, statement)
    reader.is_active = False
    reader.save(update_fields=["is_active"])
    status, body, _ = node_answer(client, statement)
    assert status == 401 and b"inactive" in body


def test_a_removed_member_sees_no_node_on_the_very_next_one_round_trip_read(workspace, argument_map, owner):
    reader, _, client = token_reader(workspace, owner)
    statement = make_statement(argument_map, actor=owner)
    graphql_read(client, statement)
    with CaptureQueriesContext(connection) as captured:
        graphql_read(client, statement)
    assert len(captured) == 1
    membership = Membership.objects.get(workspace=workspace, user=reader)
    services.remove_member(actor=owner, membership=membership, expected_version=membership.version)
    status, body, _ = node_answer(client, statement)
    assert status == 200 and orjson_loads(body) == {"data": {"node": None}}


def orjson_loads(body: bytes):
    import orjson

    return orjson.loads(body)


def test_a_node_read_for_a_stale_guess_is_executed_for_the_roles_now_held(workspace, argument_map, owner):
    """The written node (PostgreSQL's JSON, no execution) is read for the guessed reader only: once the reader
    joined another workspace, the statement read beside the token is dropped, the node is executed for the new
    roles (2 round trips), and the next read is written again for them (1)."""
    from tests.factories import make_map, make_workspace

    reader, _, client = token_reader(workspace, owner)
    elsewhere = make_statement(make_map(make_workspace(owner=owner, slug="elsewhere"), name="Elsewhere"), actor=owner)
    hidden = node_answer(client, elsewhere)
    assert node_answer(client, elsewhere) == hidden and orjson_loads(hidden[1]) == {"data": {"node": None}}
    services.add_member(actor=owner, workspace=elsewhere.map.workspace, user=reader, role=Role.VIEWER)
    with CaptureQueriesContext(connection) as captured:
        executed = node_answer(client, elsewhere)
    assert len(captured) == 2
    with CaptureQueriesContext(connection) as captured:
        written = node_answer(client, elsewhere)
    assert len(captured) == 1
    assert written == executed and orjson_loads(written[1])["data"]["node"]["text"] == elsewhere.text
