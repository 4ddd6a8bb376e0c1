"""The permission matrix: every REST operation (from the served OpenAPI schema) and every GraphQL
query and mutation (from the schema), as anonymous, non-member, viewer, annotator, reviewer,
editor and owner of a workspace whose private map is full of a unique marker string.

What is asserted, per caller and route: the expected outcome (allowed → 2xx; a member without the
role → 403 / PERMISSION; a non-member → 404 / NOT_FOUND, never 403, so private ids cannot be
probed; anonymous writes → 401), and — for everyone outside the workspace — that the marker never
appears in any response body: not in lists, search, the whole graph, neighbourhood traversal,
exports or evaluation. A route missing from the plan below fails the test, so a new route cannot
slip through unclassified.
"""

from __future__ import annotations

import json
import uuid

import pytest
from django.test import Client
from graphql_relay import to_global_id
from rest_framework.authtoken.models import Token

from argmap import services
from argmap.models import Change, Role, Scheme
from argmap.services.annotation import add_comment, assess
from tests.factories import UserFactory, make_document, make_map, make_statement, make_workspace

MARKER = f"PRIVMARK{uuid.uuid4().hex[:10]}"
WHO = ("anonymous", "outsider", "foreign_pipeline", "pipeline", "viewer", "annotator", "reviewer", "editor", "owner")
#: ``pipeline``: a service account of the workspace (writes suggestions only); ``foreign_pipeline``: one of
#: another workspace, who must see no more of this one than any outsider.
MEMBERS = {"pipeline", "viewer", "annotator", "reviewer", "editor", "owner"}
PEOPLE = MEMBERS - {"pipeline"}  # comment and assess
PIPELINES = {"pipeline"}  # write suggestions
AUTHORS = {"annotator", "editor", "owner"}  # create nodes, edges, anchors, evidence, sources, tags
EDITORS = {"editor", "owner"}  # change others' work, manage maps and documents
OWNERS = {"owner"}  # manage members
REVIEWERS = {"reviewer", "owner"}


@pytest.fixture
def vault(db):
    """A workspace with a private map (every row carries the marker) and a public map beside it."""
    people = {role: UserFactory(username=f"vault-{role}") for role in MEMBERS}
    owner, editor = people["owner"], people["editor"]
    workspace = make_workspace(owner=owner, slug="vault", **{r: [u] for r, u in people.items() if r != "owner"})
    spare = UserFactory(username="vault-spare")
    spare_membership = services.add_member(actor=owner, workspace=workspace, user=spare, role=Role.VIEWER)
    people["outsider"] = UserFactory(username="vault-outsider")
    people["foreign_pipeline"] = UserFactory(username="vault-foreign-pipeline")
    make_workspace(owner=people["outsider"], slug="elsewhere", pipeline=[people["foreign_pipeline"]])
    text = f"前文。{MARKER}核弾頭の推計。{MARKER}抑止の議論。終わり。"
    doc = make_document(workspace, text=text, title=f"Doc {MARKER}")
    private = make_map(workspace, documents=[doc], name=f"Map {MARKER}")
    public_doc = make_document(workspace, text="公開文書の本文。", title="Public doc")
    public = make_map(workspace, documents=[public_doc], name="Open map", visibility="public")
    make_statement(public, "公開された主張。", kind="claim", actor=editor)

    def statement(name, kind="premise"):
        return make_statement(private, f"{MARKER} {name}", kind=kind, actor=editor, gloss=f"{MARKER} gloss")

    s = {n: statement(n, k) for n, k in [("claim", "claim"), ("p1", "premise"), ("p2", "premise")]}
    s |= {n: statement(n) for n in ("rebuttal", "spare", "doomed", "edge_end", "extra")}
    inference = services.create_argument(actor=editor, premises=[s["p1"], s["p2"]], conclusion=s["claim"])
    conflict = services.create_attack(actor=editor, attacker=s["rebuttal"], target=s["claim"])
    bare = services.create_scheme_application(actor=editor, argument_map=private, type="inference", note=MARKER)
    anchor = services.create_anchor(actor=editor, statement=s["p1"], document=doc, exact="核弾頭の推計")
    doomed_anchor = services.create_anchor(actor=editor, statement=s["p2"], document=doc, exact="抑止の議論")
    source = services.create_source(actor=editor, workspace=workspace, title=f"{MARKER} source")
    doomed_source = services.create_source(actor=editor, workspace=workspace, title=f"{MARKER} old source")
    link = services.create_evidence_link(actor=editor, statement=s["p1"], source=source, quote=MARKER)
    doomed_link = services.create_evidence_link(actor=editor, statement=s["p2"], source=source, quote=MARKER)
    tag = services.create_tag(actor=editor, workspace=workspace, slug=MARKER.lower(), label=MARKER)
    doomed_tag = services.create_tag(actor=editor, workspace=workspace, slug=f"{MARKER.lower()}-old", label=MARKER)
    services.update_statement(actor=editor, statement=s["claim"], expected_version=1, tags=[tag])
    participant = services.create_participant(actor=editor, workspace=workspace, name=f"{MARKER} voice")
    doomed_participant = services.create_participant(actor=editor, workspace=workspace, name=f"{MARKER} old voice")
    p2_edge = inference.edges.get(statement=s["p2"])
    schemed = services.create_scheme_application(
        actor=editor, argument_map=private, type="inference", scheme=Scheme.objects.get(key="expert_opinion")
    )
    comment = add_comment(actor=editor, node=s["claim"], body=f"{MARKER} remark")
    assessment = assess(actor=editor, node=s["claim"], agreement="agree", strength=3)
    doomed_comment = add_comment(actor=editor, node=s["claim"], body=f"{MARKER} to revert")
    tokens = {who: Token.objects.create(user=user).key for who, user in people.items()}
    return {
        **s,
        "people": people,
        "tokens": tokens,
        "workspace": workspace,
        "doc": doc,
        "private": private,
        "public": public,
        "inference": inference,
        "conflict": conflict,
        "bare": bare,
        "anchor": anchor,
        "doomed_anchor": doomed_anchor,
        "source": source,
        "doomed_source": doomed_source,
        "link": link,
        "doomed_link": doomed_link,
        "tag": tag,
        "doomed_tag": doomed_tag,
        "participant": participant,
        "doomed_participant": doomed_participant,
        "p2_edge": p2_edge,
        "schemed": schemed,
        "question": schemed.scheme.critical_questions.order_by("position").first(),
        "comment": comment,
        "assessment": assessment,
        "revertable": Change.objects.get(entity="comment", entity_id=str(doomed_comment.pk)).batch,
        "viewer_membership": workspace.memberships.get(user=people["viewer"]),
        "spare_membership": spare_membership,
        "webhook": services.create_webhook(actor=owner, workspace=workspace, url=f"http://127.0.0.1:9/{MARKER}"),
    }


def ids(v: dict, key: str) -> str:
    return str(v[key].pk)


def _batch(v: dict) -> dict:
    """A pipeline's batch of one suggested span (``前文``, code points 0–2) of the private document."""
    return {
        "pipeline": {"name": "miner", "version": "1.0"},
        "document": ids(v, "doc"),
        "key": "matrix",
        "spans": [{"key": "s", "kind": "claim", "start": 0, "end": 2, "confidence": 0.9}],
        "relations": [],
    }


# (method, OpenAPI path) → (path parameters, body, who may, kind). kind: "list" (everyone reads; the
# marker only for members), "private" (members read; others get 404), "workspace" (a workspace with
# a public map is visible to all; its private content is not), "write" (on a private object: others
# get 404), "write-ws" (on the workspace, visible through its public map: others may get 403).
P = lambda **kw: kw  # noqa: E731
REST_PLAN = {
    ("GET", "/api/v1/{resource}/"): None,  # every collection: filled in below
    ("GET", "/api/v1/search/"): (P(), None, None, "list"),
    ("GET", "/api/v1/schemes/{key}/"): (P(key=lambda v: "expert_opinion"), None, None, "list"),
    ("GET", "/api/v1/anchors/{id}/"): (P(id="anchor"), None, None, "private"),
    ("GET", "/api/v1/documents/{id}/"): (P(id="doc"), None, None, "private"),
    ("GET", "/api/v1/edges/{id}/"): (P(id="p2_edge"), None, None, "private"),
    ("GET", "/api/v1/evidence-links/{id}/"): (P(id="link"), None, None, "private"),
    ("GET", "/api/v1/maps/{id}/"): (P(id="private"), None, None, "private"),
    ("GET", "/api/v1/maps/{id}/graph/"): (P(id="private"), None, None, "private"),
    ("GET", "/api/v1/maps/{id}/export/"): (P(id="private"), None, None, "private"),
    ("GET", "/api/v1/maps/{id}/evaluation/"): (P(id="private"), None, None, "private"),
    ("GET", "/api/v1/scheme-applications/{id}/"): (P(id="bare"), None, None, "private"),
    ("GET", "/api/v1/sources/{id}/"): (P(id="source"), None, None, "private"),
    ("GET", "/api/v1/statements/{id}/"): (P(id="claim"), None, None, "private"),
    ("GET", "/api/v1/statements/{id}/neighbourhood/"): (P(id="p1"), None, None, "private"),
    ("GET", "/api/v1/tags/{id}/"): (P(id="tag"), None, None, "private"),
    ("GET", "/api/v1/participants/{id}/"): (P(id="participant"), None, None, "private"),
    ("GET", "/api/v1/workspaces/{id}/"): (P(id="workspace"), None, None, "workspace"),
    ("GET", "/api/v1/workspaces/{workspace_pk}/members/"): (P(workspace_pk="workspace"), None, None, "workspace"),
    ("GET", "/api/v1/workspaces/{workspace_pk}/members/{id}/"): (
        P(workspace_pk="workspace", id="viewer_membership"),
        None,
        None,
        "private",
    ),
    ("POST", "/api/v1/statements/"): (
        P(),
        lambda v: {"map": ids(v, "private"), "kind": "claim", "text": "新"},
        AUTHORS,
        "write",
    ),
    ("PATCH", "/api/v1/statements/{id}/"): (P(id="spare"), lambda v: {"gloss": "g"}, EDITORS, "write"),
    ("DELETE", "/api/v1/statements/{id}/"): (P(id="doomed"), None, EDITORS, "write"),
    ("POST", "/api/v1/scheme-applications/"): (
        P(),
        lambda v: {"map": ids(v, "private"), "type": "inference"},
        AUTHORS,
        "write",
    ),
    ("PATCH", "/api/v1/scheme-applications/{id}/"): (P(id="bare"), lambda v: {"note": "n"}, EDITORS, "write"),
    ("DELETE", "/api/v1/scheme-applications/{id}/"): (P(id="conflict"), None, EDITORS, "write"),
    ("POST", "/api/v1/edges/"): (
        P(),
        lambda v: {"application": ids(v, "bare"), "role": "antecedent", "statement": ids(v, "edge_end")},
        EDITORS,
        "write",
    ),
    ("DELETE", "/api/v1/edges/{id}/"): (P(id="p2_edge"), None, EDITORS, "write"),
    ("POST", "/api/v1/anchors/"): (
        P(),
        lambda v: {"statement": ids(v, "claim"), "document": ids(v, "doc"), "exact": "前文"},
        AUTHORS,
        "write",
    ),
    ("PATCH", "/api/v1/anchors/{id}/"): (P(id="anchor"), lambda v: {"exact": "核弾頭の推計"}, EDITORS, "write"),
    ("DELETE", "/api/v1/anchors/{id}/"): (P(id="doomed_anchor"), None, EDITORS, "write"),
    ("POST", "/api/v1/sources/"): (
        P(),
        lambda v: {"workspace": ids(v, "workspace"), "title": "New"},
        AUTHORS,
        "write-ws",
    ),
    ("PATCH", "/api/v1/sources/{id}/"): (P(id="source"), lambda v: {"publisher": "JIIA"}, EDITORS, "write"),
    ("DELETE", "/api/v1/sources/{id}/"): (P(id="doomed_source"), None, EDITORS, "write"),
    ("POST", "/api/v1/evidence-links/"): (
        P(),
        lambda v: {"statement": ids(v, "claim"), "source": ids(v, "source")},
        AUTHORS,
        "write",
    ),
    ("PATCH", "/api/v1/evidence-links/{id}/"): (P(id="link"), lambda v: {"locator": "p. 3"}, EDITORS, "write"),
    ("DELETE", "/api/v1/evidence-links/{id}/"): (P(id="doomed_link"), None, EDITORS, "write"),
    ("POST", "/api/v1/tags/"): (
        P(),
        lambda v: {"workspace": ids(v, "workspace"), "slug": "fresh"},
        AUTHORS,
        "write-ws",
    ),
    ("PATCH", "/api/v1/tags/{id}/"): (P(id="tag"), lambda v: {"label": "L"}, EDITORS, "write"),
    ("DELETE", "/api/v1/tags/{id}/"): (P(id="doomed_tag"), None, EDITORS, "write"),
    ("POST", "/api/v1/participants/"): (
        P(),
        lambda v: {"workspace": ids(v, "workspace"), "name": "Fresh voice", "kind": "collective"},
        AUTHORS,
        "write-ws",
    ),
    ("PATCH", "/api/v1/participants/{id}/"): (P(id="participant"), lambda v: {"description": "D"}, EDITORS, "write"),
    ("DELETE", "/api/v1/participants/{id}/"): (P(id="doomed_participant"), None, EDITORS, "write"),
    ("POST", "/api/v1/maps/{id}/arguments/"): (
        P(id="private"),
        lambda v: {"premises": [ids(v, "extra")], "conclusion": ids(v, "spare")},
        AUTHORS,
        "write",
    ),
    ("POST", "/api/v1/maps/{id}/attacks/"): (
        P(id="private"),
        lambda v: {"attacker": ids(v, "extra"), "target": ids(v, "p1")},
        AUTHORS,
        "write",
    ),
    ("POST", "/api/v1/reviews/"): (
        P(),
        lambda v: {"status": "accepted", "nodes": [{"id": ids(v, "p1"), "version": v["p1"].version}]},
        REVIEWERS,
        "write",
    ),
    ("POST", "/api/v1/maps/"): (
        P(),
        lambda v: {"workspace": ids(v, "workspace"), "name": "New map"},
        EDITORS,
        "write-ws",
    ),
    ("PATCH", "/api/v1/maps/{id}/"): (P(id="private"), lambda v: {"description": "d"}, EDITORS, "write"),
    ("POST", "/api/v1/maps/{id}/documents/"): (
        P(id="private"),
        lambda v: {"document": ids(v, "doc")},
        EDITORS,
        "write",
    ),
    ("POST", "/api/v1/documents/"): (
        P(),
        lambda v: {"workspace": ids(v, "workspace"), "title": "T", "text": "本文。"},
        EDITORS,
        "write-ws",
    ),
    ("PATCH", "/api/v1/documents/{id}/"): (P(id="doc"), lambda v: {"publisher": "JIIA"}, EDITORS, "write"),
    ("PUT", "/api/v1/documents/{id}/text/"): (
        P(id="doc"),
        lambda v: {"text": v["doc"].text + "追記。"},
        EDITORS,
        "write",
    ),
    ("POST", "/api/v1/maps/import/"): (P(), "import", EDITORS, "write-ws"),
    ("POST", "/api/v1/workspaces/"): (P(), lambda v: {"slug": "mine", "name": "Mine"}, "anyone", "write"),
    ("PATCH", "/api/v1/workspaces/{id}/"): (P(id="workspace"), lambda v: {"description": "d"}, OWNERS, "write-ws"),
    ("POST", "/api/v1/workspaces/{workspace_pk}/members/"): (
        P(workspace_pk="workspace"),
        lambda v: {"user": "vault-outsider", "role": "viewer"},
        OWNERS,
        "write-ws",
    ),
    ("PATCH", "/api/v1/workspaces/{workspace_pk}/members/{id}/"): (
        P(workspace_pk="workspace", id="spare_membership"),
        lambda v: {"role": "annotator"},
        OWNERS,
        "write-ws",
    ),
    ("DELETE", "/api/v1/workspaces/{workspace_pk}/members/{id}/"): (
        P(workspace_pk="workspace", id="spare_membership"),
        None,
        OWNERS,
        "write-ws",
    ),
    # what the annotation screen uses
    ("GET", "/api/v1/maps/{id}/annotation/"): (P(id="private"), None, None, "private"),
    ("GET", "/api/v1/maps/{id}/changes/"): (P(id="private"), None, None, "private"),
    ("GET", "/api/v1/maps/{id}/deleted/"): (P(id="private"), None, None, "private"),
    ("GET", "/api/v1/workspaces/{id}/changes/"): (P(id="workspace"), None, None, "private"),
    ("GET", "/api/v1/statements/{id}/discussion/"): (P(id="claim"), None, None, "private"),
    ("GET", "/api/v1/statements/{id}/history/"): (P(id="claim"), None, None, "private"),
    ("GET", "/api/v1/scheme-applications/{id}/discussion/"): (P(id="inference"), None, None, "private"),
    ("GET", "/api/v1/scheme-applications/{id}/history/"): (P(id="inference"), None, None, "private"),
    ("GET", "/api/v1/scheme-applications/{id}/critical-questions/"): (P(id="schemed"), None, None, "private"),
    ("GET", "/api/v1/comments/{id}/"): (P(id="comment"), None, None, "private"),
    ("GET", "/api/v1/assessments/{id}/"): (P(id="assessment"), None, None, "private"),
    ("POST", "/api/v1/maps/{id}/passages/"): (
        P(id="private"),
        lambda v: {
            "document": ids(v, "doc"),
            "kind": "claim",
            "exact": "前文",
            "start": 0,
            "end": 2,
            "confirm_repeat": True,
        },
        AUTHORS,
        "write",
    ),
    ("POST", "/api/v1/scheme-applications/{id}/critical-questions/"): (
        P(id="schemed"),
        lambda v: {"question": ids(v, "question"), "answered": True, "answer": ids(v, "extra")},
        AUTHORS,
        "write",
    ),
    ("POST", "/api/v1/comments/"): (P(), lambda v: {"statement": ids(v, "claim"), "body": "?"}, PEOPLE, "write"),
    ("POST", "/api/v1/assessments/"): (
        P(),
        lambda v: {"application": ids(v, "inference"), "agreement": "unsure"},
        PEOPLE,
        "write",
    ),
    # suggestions from argument-mining pipelines: a pipeline writes them, people take them up
    ("GET", "/api/v1/maps/{id}/suggestions/"): (P(id="private"), None, None, "private"),
    ("GET", "/api/v1/maps/{id}/suggestions/outcomes/"): (P(id="private"), None, None, "private"),
    ("GET", "/api/v1/maps/{id}/pipeline-evaluation/"): (P(id="private"), None, None, "private"),
    ("POST", "/api/v1/maps/{id}/suggestions/"): (P(id="private"), lambda v: _batch(v), PIPELINES, "write"),
    ("POST", "/api/v1/maps/{id}/suggestions/accept/"): (
        P(id="private"),
        lambda v: {"min_confidence": 0.5},
        AUTHORS,
        "write",
    ),
    ("POST", "/api/v1/maps/{id}/suggestions/dismiss/"): (
        P(id="private"),
        lambda v: {"min_confidence": 0.99},
        AUTHORS,
        "write",
    ),
    # webhooks: owners only; to anyone else a webhook does not exist ("owners")
    ("GET", "/api/v1/workspaces/{workspace_pk}/webhooks/"): (P(workspace_pk="workspace"), None, OWNERS, "write-ws"),
    ("POST", "/api/v1/workspaces/{workspace_pk}/webhooks/"): (
        P(workspace_pk="workspace"),
        lambda v: {"url": "http://127.0.0.1:9/new"},
        OWNERS,
        "write-ws",
    ),
    ("GET", "/api/v1/workspaces/{workspace_pk}/webhooks/{id}/"): (
        P(workspace_pk="workspace", id="webhook"),
        None,
        OWNERS,
        "owners",
    ),
    ("PATCH", "/api/v1/workspaces/{workspace_pk}/webhooks/{id}/"): (
        P(workspace_pk="workspace", id="webhook"),
        lambda v: {"description": "d"},
        OWNERS,
        "owners",
    ),
    ("POST", "/api/v1/workspaces/{workspace_pk}/webhooks/{id}/rotate-secret/"): (
        P(workspace_pk="workspace", id="webhook"),
        None,
        OWNERS,
        "owners",
    ),
    ("DELETE", "/api/v1/workspaces/{workspace_pk}/webhooks/{id}/"): (
        P(workspace_pk="workspace", id="webhook"),
        None,
        OWNERS,
        "owners",
    ),
    ("GET", "/api/v1/webhooks/{id}/deliveries/"): (P(id="webhook"), None, OWNERS, "owners"),
    ("GET", "/api/v1/maps/{id}/presence/"): (P(id="private"), None, None, "private"),
    ("PUT", "/api/v1/maps/{id}/presence/"): (P(id="private"), lambda v: {"node": ids(v, "claim")}, MEMBERS, "write"),
    ("DELETE", "/api/v1/maps/{id}/presence/"): (P(id="private"), None, MEMBERS, "write"),
    ("GET", "/api/v1/maps/{id}/layout/"): (P(id="private"), None, None, "private"),
    ("PUT", "/api/v1/maps/{id}/layout/"): (
        P(id="private"),
        lambda v: {"positions": [{"node": ids(v, "claim"), "x": 10.0, "y": 20.0}]},
        AUTHORS,
        "write",
    ),
    ("POST", "/api/v1/changes/{batch}/revert/"): (P(batch=lambda v: str(v["revertable"])), None, EDITORS, "write"),
    ("DELETE", "/api/v1/maps/{id}/"): (P(id="private"), None, EDITORS, "write"),
}
#: Writes run in this order so deletions come last and the map itself goes at the very end.
ORDER = {"GET": 0, "POST": 1, "PUT": 2, "PATCH": 3, "DELETE": 4}


def served_operations() -> list[tuple[str, str]]:
    schema = json.loads(Client().get("/api/v1/schema/?format=json").content)
    operations = [
        (method.upper(), path)
        for path, item in schema["paths"].items()
        for method in item
        if method in ("get", "post", "put", "patch", "delete")
    ]
    last = ("DELETE", "/api/v1/maps/{id}/")
    return sorted(operations, key=lambda op: (op == last, ORDER[op[0]], op[1]))


def _version(obj) -> int:
    return type(obj).objects.filter(pk=obj.pk).values_list("version", flat=True).first() or 1


def _request(vault: dict, who: str, method: str, path: str, body):
    client = Client(raise_request_exception=False)
    headers = {}
    if who != "anonymous":
        headers["HTTP_AUTHORIZATION"] = f"Token {vault['tokens'][who]}"
    if method == "GET":
        # Search for most of the marker: the echoed query must not itself count as a leak.
        params = None
        if path.endswith("/search/"):
            params = {"q": MARKER[:-2]}
        elif path.endswith("/pipeline-evaluation/"):
            params = {"pipeline": "miner"}
        return client.get(path, params, **headers)
    if body == "import":
        argdown = f"[Imported]: {MARKER} imported claim.\n"
        query = f"?workspace={vault['workspace'].pk}&format=argdown"
        return client.post(path + query, argdown.encode(), content_type="text/plain", **headers)
    return getattr(client, method.lower())(path, json.dumps(body or {}), content_type="application/json", **headers)


def _expected(who: str, kind: str, allowed) -> set[int]:
    if kind == "list":
        return {200}
    if kind == "private":
        return {200} if who in MEMBERS else {404}
    if kind == "workspace":
        return {200} if who in MEMBERS else {200, 404}
    if kind == "owners":
        return {200} if who in allowed else {401, 404} if who == "anonymous" else {404}
    if who == "anonymous":
        return {401, 404}  # 404 when the target is private: not even its existence is told
    if allowed == "anyone" or who in allowed:
        return {200, 201}
    if who in MEMBERS:
        return {403}
    # The workspace itself is visible through its public map, so refusing there reveals nothing.
    return {403, 404} if kind == "write-ws" else {404}


@pytest.mark.parametrize("who", WHO)
def test_every_rest_route_allows_exactly_its_roles_and_leaks_nothing(vault, who):
    operations = served_operations()
    unplanned = [
        op
        for op in operations
        if op not in REST_PLAN and not (op[0] == "GET" and op[1].count("/") == 4 and op[1] != "/api/v1/search/")
    ]
    assert not unplanned, f"classify these new routes in REST_PLAN: {unplanned}"
    outcomes = {}
    for method, template in operations:
        plan = REST_PLAN.get((method, template)) or (P(), None, None, "list")
        params, body, allowed, kind = plan
        path = template
        for name, key in params.items():
            value = key(vault) if callable(key) else str(vault[key].pk)
            path = path.replace("{" + name + "}", value)
        headers_body = body(vault) if callable(body) else body
        if method in ("PATCH", "PUT", "DELETE") or (template.endswith("/documents/") and method == "POST"):
            target = vault[params.get("id")] if params.get("id") else None
            extra = {"HTTP_IF_MATCH": f'"{_version(target)}"'} if target is not None else {}
        else:
            extra = {}
        response = _request_with(vault, who, method, path, headers_body, extra)
        outcomes[(method, template)] = response.status_code
        assert response.status_code in _expected(who, kind, allowed), (
            f"{who}: {method} {template} → {response.status_code} {response.content[:300]!r}"
        )
        if who not in MEMBERS:
            assert MARKER.encode() not in response.content, f"{who}: {method} {template} leaked private content"
            assert MARKER.lower().encode() not in response.content, f"{who}: {method} {template} leaked a tag"
        elif kind == "private" and method == "GET" and template.endswith(("/graph/", "/export/", "/neighbourhood/")):
            assert MARKER.encode() in response.content, f"{who} should see the map's content via {template}"
    assert outcomes, "no routes walked"


def _request_with(vault, who, method, path, body, extra):
    if not extra:
        return _request(vault, who, method, path, body)
    client = Client(raise_request_exception=False)
    headers = dict(extra)
    if who != "anonymous":
        headers["HTTP_AUTHORIZATION"] = f"Token {vault['tokens'][who]}"
    return getattr(client, method.lower())(path, json.dumps(body or {}), content_type="application/json", **headers)


# --- GraphQL: every query and mutation field of the schema ---


def gid(v: dict, key: str) -> str:
    obj = v[key]
    type_name = {"ArgumentMap": "Map"}.get(type(obj).__name__, type(obj).__name__)
    return to_global_id(type_name, str(obj.pk))


def _private_ids(v: dict) -> str:
    return json.dumps([gid(v, k) for k in ("claim", "bare", "anchor", "doc", "private", "link", "source", "tag")])


#: Query fields → a document reading the private content, or the public side of it.
GRAPHQL_QUERIES = {
    "search": lambda v: f'{{ search(q: "{MARKER[:-2]}") {{ title snippet node {{ id }} }} }}',
    "schemes": lambda v: "{ schemes { key name } }",
    "scheme": lambda v: '{ scheme(key: "expert_opinion") { key } }',
    "maps": lambda v: "{ maps { edges { node { name statements { edges { node { text gloss } } } } } } }",
    "map": lambda v: f'{{ map(id: "{gid(v, "private")}") {{ name graph {{ statements {{ text }} }} }} }}',
    "workspaces": lambda v: "{ workspaces { edges { node { name } } } }",
    "viewer": lambda v: "{ viewer { username } }",
    "node": lambda v: f'{{ node(id: "{gid(v, "claim")}") {{ id ... on Statement {{ text }} }} }}',
    "nodes": lambda v: f"{{ nodes(ids: {_private_ids(v)}) {{ id }} }}",
}


def _mutation(name: str, args: str, payload: str) -> str:
    return f"mutation {{ {name}({args}) {{ errors {{ code message }} {payload} }} }}"


#: Mutation fields → (document, who may). Deletions are listed last.
GRAPHQL_MUTATIONS = {
    "createStatement": (
        lambda v: _mutation(
            "createStatement", f'mapId: "{gid(v, "private")}", kind: CLAIM, text: "新"', "statement { id }"
        ),
        AUTHORS,
    ),
    "updateStatement": (
        lambda v: _mutation(
            "updateStatement",
            f'id: "{gid(v, "spare")}", expectedVersion: {_version(v["spare"])}, gloss: "g"',
            "statement { id }",
        ),
        EDITORS,
    ),
    "setReviewStatus": (
        lambda v: _mutation(
            "setReviewStatus",
            f'id: "{gid(v, "p1")}", expectedVersion: {_version(v["p1"])}, status: ACCEPTED',
            "node { ... on Node { id } }",
        ),
        REVIEWERS,
    ),
    "createArgument": (
        lambda v: _mutation(
            "createArgument",
            f'premiseIds: ["{gid(v, "extra")}"], conclusionId: "{gid(v, "spare")}"',
            "inference { id }",
        ),
        AUTHORS,
    ),
    "createAttack": (
        lambda v: _mutation(
            "createAttack", f'attackerId: "{gid(v, "extra")}", targetId: "{gid(v, "p1")}"', "conflict { id }"
        ),
        AUTHORS,
    ),
    "updateSchemeApplication": (
        lambda v: _mutation(
            "updateSchemeApplication",
            f'id: "{gid(v, "bare")}", expectedVersion: {_version(v["bare"])}, note: "n"',
            "schemeApplication { id }",
        ),
        EDITORS,
    ),
    "createAnchor": (
        lambda v: _mutation(
            "createAnchor",
            f'statementId: "{gid(v, "claim")}", documentId: "{gid(v, "doc")}", exact: "前文"',
            "anchor { id }",
        ),
        AUTHORS,
    ),
    "moveAnchor": (
        lambda v: _mutation(
            "moveAnchor",
            f'id: "{gid(v, "anchor")}", expectedVersion: {_version(v["anchor"])}, exact: "核弾頭の推計"',
            "anchor { id }",
        ),
        EDITORS,
    ),
    "createSource": (
        lambda v: _mutation(
            "createSource",
            f'workspaceId: "{to_global_id("Workspace", str(v["workspace"].pk))}", title: "New"',
            "source { id }",
        ),
        AUTHORS,
    ),
    "createParticipant": (
        lambda v: _mutation(
            "createParticipant",
            f'workspaceId: "{to_global_id("Workspace", str(v["workspace"].pk))}", name: "New voice"',
            "participant { id }",
        ),
        AUTHORS,
    ),
    "updateParticipant": (
        lambda v: _mutation(
            "updateParticipant",
            f'id: "{gid(v, "participant")}", expectedVersion: 1, description: "D"',
            "participant { id }",
        ),
        EDITORS,
    ),
    "createEvidenceLink": (
        lambda v: _mutation(
            "createEvidenceLink",
            f'statementId: "{gid(v, "claim")}", sourceId: "{gid(v, "source")}"',
            "evidenceLink { id }",
        ),
        AUTHORS,
    ),
    "updateEvidenceLink": (
        lambda v: _mutation(
            "updateEvidenceLink",
            f'id: "{gid(v, "link")}", expectedVersion: {_version(v["link"])}, locator: "p. 3"',
            "evidenceLink { id }",
        ),
        EDITORS,
    ),
    "suggestAnnotations": (
        lambda v: _mutation(
            "suggestAnnotations",
            f'input: {{mapId: "{gid(v, "private")}", documentId: "{gid(v, "doc")}", '
            'pipeline: {name: "miner", version: "1.0"}, key: "matrix", '
            'spans: [{key: "s", kind: "claim", start: 0, end: 2, confidence: 0.9}]}',
            "statements { key id }",
        ),
        PIPELINES,
    ),
    "acceptSuggestions": (
        lambda v: _mutation(
            "acceptSuggestions", f'input: {{mapId: "{gid(v, "private")}", minConfidence: 0.5}}', "count"
        ),
        AUTHORS,
    ),
    "dismissSuggestions": (
        lambda v: _mutation(
            "dismissSuggestions", f'input: {{mapId: "{gid(v, "private")}", minConfidence: 0.99}}', "count"
        ),
        AUTHORS,
    ),
    "deleteEvidenceLink": (
        lambda v: _mutation(
            "deleteEvidenceLink", f'id: "{gid(v, "doomed_link")}", expectedVersion: {_version(v["doomed_link"])}', ""
        ),
        EDITORS,
    ),
    "deleteAnchor": (
        lambda v: _mutation(
            "deleteAnchor", f'id: "{gid(v, "doomed_anchor")}", expectedVersion: {_version(v["doomed_anchor"])}', ""
        ),
        EDITORS,
    ),
    "deleteSchemeApplication": (
        lambda v: _mutation(
            "deleteSchemeApplication", f'id: "{gid(v, "conflict")}", expectedVersion: {_version(v["conflict"])}', ""
        ),
        EDITORS,
    ),
    "deleteStatement": (
        lambda v: _mutation(
            "deleteStatement", f'id: "{gid(v, "doomed")}", expectedVersion: {_version(v["doomed"])}', ""
        ),
        EDITORS,
    ),
}


def _graphql(vault: dict, who: str, query: str) -> tuple[int, bytes, dict]:
    headers = {} if who == "anonymous" else {"HTTP_AUTHORIZATION": f"Token {vault['tokens'][who]}"}
    response = Client(raise_request_exception=False).post(
        "/graphql/", json.dumps({"query": query}), content_type="application/json", **headers
    )
    return response.status_code, response.content, response.json()


@pytest.mark.parametrize("who", WHO)
def test_every_graphql_field_allows_exactly_its_roles_and_leaks_nothing(vault, who):
    from api.graphql.schema import schema

    graphql_schema = schema.graphql_schema
    fields = {
        "query": set(graphql_schema.query_type.fields),
        "mutation": set(graphql_schema.mutation_type.fields),
    }
    assert fields["query"] == set(GRAPHQL_QUERIES), "classify new query fields in GRAPHQL_QUERIES"
    assert fields["mutation"] == set(GRAPHQL_MUTATIONS), "classify new mutations in GRAPHQL_MUTATIONS"
    for name, document in GRAPHQL_QUERIES.items():
        status, content, body = _graphql(vault, who, document(vault))
        assert status == 200 and not body.get("errors"), (who, name, body)
        if who in MEMBERS:
            if name in ("map", "node", "maps"):
                assert MARKER.encode() in content, f"{who} should read the private map through {name}"
        else:
            assert MARKER.encode() not in content and MARKER.lower().encode() not in content, f"{who}: {name} leaked"
            if name == "nodes":
                assert body["data"]["nodes"] == [None] * 8, body
    for name, (document, allowed) in GRAPHQL_MUTATIONS.items():
        status, content, body = _graphql(vault, who, document(vault))
        assert status == 200 and not body.get("errors"), (who, name, body)
        payload = body["data"][name]
        codes = [error["code"] for error in payload["errors"]]
        if who in MEMBERS and who in allowed:
            assert codes == [], (who, name, payload)
        elif who in MEMBERS:
            assert codes == ["PERMISSION"], (who, name, payload)
        else:
            assert (
                codes in (["NOT_FOUND"], ["PERMISSION"])
                if name in ("createSource", "createParticipant")
                else codes == ["NOT_FOUND"]
            ), (
                who,
                name,
                payload,
            )
            assert MARKER.encode() not in content, f"{who}: {name} leaked"
