"""Bad input, table-driven: each row is a request a careless or hostile client can send.

Every one must get a 4xx with a message that says what is wrong, and change nothing: the test
snapshots every graph table and the history before and after. REST rows are sent as raw bytes,
so the body is exactly what the row says (invalid UTF-8, lone surrogates, NUL, nesting).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

import pytest
from django.conf import settings
from django.test import Client
from graphql_relay import to_global_id

from argmap import services
from argmap.models import (
    Anchor,
    ArgumentMap,
    Change,
    Document,
    Edge,
    EvidenceLink,
    Membership,
    SchemeApplication,
    Source,
    Statement,
    Tag,
    Workspace,
)
from tests.factories import make_map, make_statement, make_workspace

TABLES = (Workspace, Membership, Document, ArgumentMap, Statement, SchemeApplication, Edge, Anchor, Source)
TABLES += (EvidenceLink, Tag, Change)


def _snapshot() -> dict:
    """Every row's id and version (history by count): any write shows up as a difference."""
    state = {}
    for model in TABLES:
        if model is Change:
            state["Change"] = Change.objects.count()
        else:
            fields = ["pk", "version"] if any(f.name == "version" for f in model._meta.fields) else ["pk"]
            state[model.__name__] = sorted(map(str, model.objects.values_list(*fields)))
    return state


@dataclass
class Row:
    name: str
    method: str
    path: str
    body: bytes | str | dict | list | None
    status: int | tuple[int, ...]
    says: str  # a word the message must contain (case-insensitive)
    content_type: str = "application/json"
    headers: dict = field(default_factory=dict)

    def raw(self, team: dict) -> bytes:
        body = self.body(team) if callable(self.body) else self.body
        if isinstance(body, bytes):
            return body
        if isinstance(body, str):
            return body.encode("utf-8", "surrogatepass")
        return json.dumps(body).encode()


def _statement_body(team, **fields):
    return {"map": str(team["private"].pk), "kind": "claim", "text": "ok", **fields}


def _deep(depth: int) -> str:
    return '{"map": "x", "kind": "claim", "text": ' + "[" * depth + "]" * depth + "}"


def _anchor(team, **fields):
    return {"statement": str(team["claim"].pk), "document": str(team["document"].pk), **fields}


def _other_workspace_argument(team):
    return {"premises": [str(team["elsewhere"].pk)], "conclusion": str(team["claim"].pk)}


def _import(team) -> str:
    return f"/api/v1/maps/import/?workspace={team['workspace'].pk}&name=hostile"


def _aif(field: str, literal: str, *, key: bool = False):
    """An AIF file whose second node carries ``literal`` (raw JSON, escapes intact) as ``field``
    (or, with ``key``, a field named ``field``)."""
    nodes = [{"nodeID": "1", "type": "I", "text": "premise"}, {"nodeID": "2", "type": "I", "text": "claim"}]
    nodes += [{"nodeID": "3", "type": "RA", "text": "Default Inference"}]
    edges = [{"edgeID": "a", "fromID": "1", "toID": "3"}, {"edgeID": "b", "fromID": "3", "toID": "2"}]
    marker = '"MARKER"'
    nodes[1][field if not key else "extra"] = "MARKER"
    text = json.dumps({"nodes": nodes, "edges": edges})
    if key:
        return lambda t: text.replace('"extra": ' + marker, f'"{field}": {literal}')
    return lambda t: text.replace(marker, literal)


STATEMENTS = "/api/v1/statements/"
ROWS = [
    Row(
        "oversized body",
        "post",
        STATEMENTS,
        lambda t: _statement_body(t, text="核" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE // 3 + 10)),
        413,
        "limit",
    ),
    Row("invalid UTF-8", "post", STATEMENTS, b'{"map": "x", "kind": "claim", "text": "\xff\xfe\xc3("}', 400, "utf-8"),
    Row(
        "lone surrogate in text",
        "post",
        STATEMENTS,
        lambda t: json.dumps(_statement_body(t)).replace('"ok"', '"a\\ud800b"'),
        400,
        "surrogate",
    ),
    Row(
        "lone surrogate in a tag slug",
        "post",
        STATEMENTS,
        lambda t: json.dumps(_statement_body(t, tags=["x"])).replace('["x"]', '["\\udfff"]'),
        400,
        "tags",
    ),
    Row(
        "Argdown front matter of 20,000 nested block sequences",
        "post",
        lambda t: f"/api/v1/maps/import/?workspace={t['private'].workspace_id}&format=argdown",
        "===\n" + "- " * 20_000 + "x\n===\n[A]: a\n",
        400,
        "nested",
        content_type="text/plain",
    ),
    Row(
        "Argdown {data} whose stray quote hides 5,000 brackets",
        "post",
        lambda t: f"/api/v1/maps/import/?workspace={t['private'].workspace_id}&format=argdown",
        '[A]: a {"x": "' + "{" * 5_000 + "}" * 5_000 + "}\n",
        400,
        "quote",
        content_type="text/plain",
    ),
    Row(
        "Argdown directives each naming the next (quadratic before)",
        "post",
        lambda t: f"/api/v1/maps/import/?workspace={t['private'].workspace_id}&format=argdown",
        "[A]: a\n" + "".join(f"// argmap: conflict c{i}: c{i + 1} -> [A]\n" for i in range(8_000)),
        400,
        "names nothing",
        content_type="text/plain",
    ),
    Row("NUL in text", "post", STATEMENTS, lambda t: _statement_body(t, text="a\x00b"), 400, "nul"),
    Row("NUL in gloss", "post", STATEMENTS, lambda t: _statement_body(t, gloss="\x00"), 400, "nul"),
    Row(
        "NUL in a source title",
        "post",
        "/api/v1/sources/",
        lambda t: {"workspace": str(t["workspace"].pk), "title": "38\x00North"},
        400,
        "nul",
    ),
    Row(
        "NUL in a key of the body",
        "post",
        STATEMENTS,
        lambda t: json.dumps(_statement_body(t)).replace('"kind"', '"kind\\u0000"'),
        400,
        "nul",
    ),
    Row(
        "lone surrogate in a nested value",
        "post",
        "/api/v1/reviews/",
        lambda t: json.dumps({"status": "accepted", "nodes": [{"id": "x", "version": 1}]}).replace('"x"', '"\\udc00"'),
        400,
        "nodes[0].id",
    ),
    Row("AIF import: lone surrogate in a text", "post", _import, _aif("text", '"a\\ud800b"'), 400, "nodes[1] (2)"),
    Row("AIF import: lone surrogate in a node id", "post", _import, _aif("nodeID", '"\\ud800"'), 400, "nodes[1]"),
    Row("AIF import: NUL in a text", "post", _import, _aif("text", '"a\\u0000"'), 400, "nul"),
    Row("AIF import: lone surrogate in a key", "post", _import, _aif("\\udfff", '"x"', key=True), 400, "surrogate"),
    Row(
        "Argdown import: NUL on line 2",
        "post",
        _import,
        b"[A]: a claim.\n[B]: b\x00.\n",
        400,
        "lines[2]",
        content_type="text/plain",
    ),
    Row("deeply nested JSON", "post", STATEMENTS, _deep(100_000), 400, "json"),
    Row("JSON that is not an object", "post", STATEMENTS, [1, 2, 3], 400, "invalid"),
    Row("malformed JSON", "post", STATEMENTS, b'{"map": ', 400, "json"),
    Row("wrong media type", "post", STATEMENTS, b"map=x", 415, "media type", content_type="text/plain"),
    Row("unknown statement kind", "post", STATEMENTS, lambda t: _statement_body(t, kind="opinion"), 400, "kind"),
    Row(
        "unknown scheme application type",
        "post",
        "/api/v1/scheme-applications/",
        lambda t: {"map": str(t["private"].pk), "type": "support"},
        400,
        "type",
    ),
    Row(
        "unknown edge role",
        "post",
        "/api/v1/edges/",
        lambda t: {"application": str(t["inference"].pk), "role": "sideways", "statement": str(t["claim"].pk)},
        400,
        "role",
    ),
    Row(
        "unknown review status",
        "post",
        "/api/v1/reviews/",
        lambda t: {"status": "approved", "nodes": [{"id": str(t["claim"].pk), "version": 1}]},
        400,
        "status",
    ),
    Row(
        "unknown map visibility",
        "post",
        "/api/v1/maps/",
        lambda t: {"workspace": str(t["workspace"].pk), "name": "m", "visibility": "secret"},
        400,
        "visibility",
    ),
    Row(
        "anchor beyond the text",
        "post",
        "/api/v1/anchors/",
        lambda t: _anchor(t, exact="核", start=500, end=501),
        400,
        "outside",
    ),
    Row(
        "anchor offsets far beyond any integer column",
        "post",
        "/api/v1/anchors/",
        lambda t: _anchor(t, exact="核", start=2**40, end=2**40 + 1),
        400,
        "",
    ),
    Row(
        "anchor selecting nothing",
        "post",
        "/api/v1/anchors/",
        lambda t: _anchor(t, exact="", start=3, end=3),
        400,
        "exact",
    ),
    Row(
        "anchor whose offsets do not select its quote",
        "post",
        "/api/v1/anchors/",
        lambda t: _anchor(t, exact="抑止", start=0, end=2),
        (400, 409),
        "",
    ),
    Row(
        "anchor quoting text that is not there",
        "post",
        "/api/v1/anchors/",
        lambda t: _anchor(t, exact="存在しない"),
        (400, 409),
        "",
    ),
    Row(
        "premise from another workspace (a member of both)",
        "post",
        lambda t: f"/api/v1/maps/{t['private'].pk}/arguments/",
        _other_workspace_argument,
        (404, 409),
        "",
    ),
    Row(
        "statement of a workspace the caller is not in",
        "post",
        "/api/v1/edges/",
        lambda t: {"application": str(t["inference"].pk), "role": "antecedent", "statement": str(t["foreign"].pk)},
        404,
        "statement",
    ),
    Row(
        "edge from a map to a statement of another workspace",
        "post",
        "/api/v1/edges/",
        lambda t: {"application": str(t["inference"].pk), "role": "antecedent", "statement": str(t["elsewhere"].pk)},
        409,
        "cross",
    ),
    Row(
        "tag of another workspace",
        "patch",
        lambda t: f"{STATEMENTS}{t['claim'].pk}/",
        {"tags": ["elsewhere-tag"]},
        400,
        "tag",
        headers={"HTTP_IF_MATCH": '"1"'},
    ),
    Row(
        "If-Match far beyond any version",
        "patch",
        lambda t: f"{STATEMENTS}{t['claim'].pk}/",
        {"text": "x"},
        412,
        "version",
        headers={"HTTP_IF_MATCH": '"99999999999999999999"'},
    ),
    Row(
        "page size beyond the integer range",
        "get",
        f"{STATEMENTS}?page_size=99999999999999999999999",
        None,
        (400,),
        "page_size",
    ),
]


@pytest.fixture
def hostile_team(fuzz_team):
    """The fuzz team, plus a second workspace its editor also belongs to and one it does not."""
    editor = fuzz_team["users"]["editor"]
    other = make_workspace(owner=editor, slug="elsewhere")
    other_map = make_map(other)
    services.create_tag(actor=editor, workspace=other, slug="elsewhere-tag")
    stranger_space = make_workspace(owner=fuzz_team["users"]["viewer"], slug="stranger")
    return {
        **fuzz_team,
        "elsewhere": make_statement(other_map, "別のワークスペースの前提。", actor=editor),
        "foreign": make_statement(make_map(stranger_space), "見えない前提。"),
    }


@pytest.mark.parametrize("row", ROWS, ids=[row.name for row in ROWS])
def test_bad_request_is_refused_clearly_and_changes_nothing(hostile_team, row):
    team = hostile_team
    before = _snapshot()
    path = row.path(team) if callable(row.path) else row.path
    client = Client(raise_request_exception=False)
    kwargs = {"HTTP_AUTHORIZATION": f"Token {team['tokens']['editor']}", **row.headers}
    if row.method == "get":
        response = client.get(path, **kwargs)
    else:
        response = getattr(client, row.method)(path, row.raw(team), content_type=row.content_type, **kwargs)
    expected = row.status if isinstance(row.status, tuple) else (row.status,)
    assert response.status_code in expected, (response.status_code, response.content[:500])
    assert _snapshot() == before, "a refused request wrote something"
    if response.status_code >= 400:
        assert response["Content-Type"].startswith("application/problem+json"), response.content[:300]
        problem = response.json()
        message = " ".join([problem["detail"], *(m for ms in problem.get("errors", {}).values() for m in ms)])
        assert row.says.lower() in message.lower(), message


GRAPHQL_ROWS = [
    ("lone surrogate", '"a\\ud800b"'),
    ("NUL", '"a\\u0000b"'),
    ("empty text", '"   "'),
]


@pytest.mark.parametrize(("name", "literal"), GRAPHQL_ROWS, ids=[r[0] for r in GRAPHQL_ROWS])
def test_bad_graphql_text_is_refused_and_changes_nothing(fuzz_team, name, literal):
    before = _snapshot()
    map_id = to_global_id("Map", str(fuzz_team["private"].pk))
    query = f'mutation {{ createStatement(mapId: "{map_id}", kind: CLAIM, text: {literal}) {{ statement {{ id }} errors {{ code message }} }} }}'
    response = Client(raise_request_exception=False).post(
        "/graphql/",
        json.dumps({"query": query}),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Token {fuzz_team['tokens']['editor']}",
    )
    assert response.status_code < 500, response.content
    body = response.json()
    refusals = (body.get("data") or {}).get("createStatement") or {}
    messages = [e["message"] for e in body.get("errors") or []] + [e["message"] for e in refusals.get("errors") or []]
    assert messages and not refusals.get("statement"), body
    assert _snapshot() == before


@pytest.mark.parametrize(
    ("raw", "content_type"),
    [
        (b"\xff\xfe{", "application/json"),
        (b"{ viewer { username \xff } }", "application/graphql"),
        (
            b'{"query": "{ viewer { username } }", "variables": ' + b"[" * 50_000 + b"]" * 50_000 + b"}",
            "application/json",
        ),
        (b'{"query": "' + b"x" * (6 * 1024 * 1024) + b'"}', "application/json"),
    ],
    ids=["invalid UTF-8 JSON", "invalid UTF-8 GraphQL", "deeply nested variables", "oversized"],
)
def test_unreadable_graphql_bodies_are_refused(fuzz_team, raw, content_type):
    response = Client(raise_request_exception=False).post(
        "/graphql/", raw, content_type=content_type, HTTP_AUTHORIZATION=f"Token {fuzz_team['tokens']['editor']}"
    )
    assert 400 <= response.status_code < 500, response.content[:300]
    assert response.json()["errors"][0]["message"]


def _create_statement(literal: str) -> str:
    return (
        'mutation { createStatement(mapId: "MAP", kind: CLAIM, text: '
        + literal
        + ") { statement { id } errors { code } } }"
    )


#: Hostile text through every kind of GraphQL argument: (document, variables, the field the refusal names).
#: A lone surrogate can only come as a variable: graphql-core's lexer refuses a ``\\ud800`` literal itself.
GRAPHQL_TEXT_ROWS = {
    "createStatement text, NUL": (_create_statement('"a\\u0000b"'), None, "text"),
    "createStatement text as a variable": (
        'mutation ($text: String!) { createStatement(mapId: "MAP", kind: CLAIM, text: $text) { errors { code } } }',
        {"text": "a\ud800"},
        "$text",
    ),
    "tag ids in a list variable": (
        'mutation ($tags: [ID!]) { createStatement(mapId: "MAP", kind: CLAIM, text: "t", tagIds: $tags)'
        " { errors { code } } }",
        {"tags": ["ok", "\x00"]},
        "$tags[1]",
    ),
    "search q as a variable, lone surrogate": (
        "query ($q: String!) { search(q: $q) { __typename } }",
        {"q": "核\udfff"},
        "$q",
    ),
    "scheme key, NUL": ('{ scheme(key: "expert_opinion\\u0000") { name } }', None, "key"),
    "maps filter nameContains, NUL": (
        '{ maps(filter: {nameContains: "\\u0000"}) { edges { node { id } } } }',
        None,
        "filter.nameContains",
    ),
    "maps filter as a variable": (
        "query ($f: MapFilter) { maps(filter: $f) { edges { node { id } } } }",
        {"f": {"nameContains": "x\ud800"}},
        "$f.nameContains",
    ),
}


@pytest.mark.parametrize("name", list(GRAPHQL_TEXT_ROWS))
def test_hostile_text_in_any_graphql_argument_is_a_validation_error(fuzz_team, name):
    query, variables, field_name = GRAPHQL_TEXT_ROWS[name]
    query = query.replace("MAP", to_global_id("Map", str(fuzz_team["private"].pk)))
    before = _snapshot()
    body = {"query": query} if variables is None else {"query": query, "variables": variables}
    response = Client(raise_request_exception=False).post(
        "/graphql/",
        json.dumps(body),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Token {fuzz_team['tokens']['editor']}",
    )
    assert response.status_code == 400, response.content
    (error,) = response.json()["errors"]
    assert error["extensions"] == {"code": "VALIDATION", "field": field_name}, error
    assert error["message"].startswith(field_name + " must not contain")
    assert _snapshot() == before
