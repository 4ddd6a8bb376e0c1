"""Team annotation over REST: the annotation state, passages, comments, assessments, a node's discussion,
history and critical questions, and reverting a recorded write (what the annotation screen uses)."""

import uuid

import pytest

from argmap import services
from argmap.errors import RuleViolation
from argmap.models import (
    Anchor,
    Assessment,
    Change,
    Comment,
    CriticalQuestionAnswer,
    EvidenceLink,
    Scheme,
    Source,
    Statement,
)
from argmap.services.annotation import add_comment, annotate_passage, assess, start_independent_annotation
from tests.api.rest.conftest import client_for, etag, problem
from tests.argmap.selectors.builders import build_chain_map
from tests.factories import UserFactory, make_map, make_statement

TEXT = "北朝鮮は核弾頭を50発保有すると推計される。𠮷野家の例。Second sentence."


def state_url(argument_map, document):
    return f"/api/v1/maps/{argument_map.pk}/annotation/?document={document.pk}"


def passage(client, argument_map, document, exact, kind="claim"):
    start = TEXT.index(exact)
    body = {"document": str(document.pk), "kind": kind, "exact": exact, "start": start, "end": start + len(exact)}
    return client.post(f"/api/v1/maps/{argument_map.pk}/passages/", body, format="json")


@pytest.fixture
def second_annotator(owner, workspace):
    user = UserFactory(username="annotator2")
    services.add_member(actor=owner, workspace=workspace, user=user, role="annotator")
    return user


@pytest.fixture
def inference(owner, argument_map):
    premise = make_statement(argument_map, text="前提", actor=owner)
    claim = make_statement(argument_map, text="主張", kind="claim", actor=owner)
    return services.create_argument(
        actor=owner, premises=[premise], conclusion=claim, scheme=Scheme.objects.get(key="expert_opinion")
    )


# ---------------------------------------------------------------- passages


def test_passage_after_a_non_bmp_character_is_anchored_on_code_points(as_user, team, argument_map, document):
    assert document.text == TEXT
    response = passage(as_user("annotator"), argument_map, document, "野家の例")
    assert response.status_code == 201, response.content
    body = response.json()
    assert TEXT.index("野家の例") == 23, "code points: 𠮷 counts once"
    assert (body["anchor"]["start"], body["anchor"]["end"]) == (23, 27)
    assert body["statement"]["text"] == "野家の例" and body["statement"]["kind"] == "claim"
    assert body["anchor"]["statement"] == body["statement"]["id"]
    assert etag(response) == '"1"' and response.headers["Location"].endswith(f"/statements/{body['statement']['id']}/")
    anchor = Anchor.objects.get()
    assert document.text[anchor.start : anchor.end] == "野家の例"
    assert anchor.statement.created_by == team["annotator"]


@pytest.mark.parametrize(
    "body",
    [
        {"kind": "claim", "exact": "野家の例", "start": 24, "end": 28},  # UTF-16 offsets: off by one
        {"kind": "claim", "exact": "野家の例", "start": "x", "end": 27},
        {"kind": "thesis", "exact": "野家の例", "start": 23, "end": 27},
        {"kind": "claim", "exact": "", "start": 23, "end": 23},
        {"kind": "claim", "exact": "野家の例", "start": 23, "end": 9999},
        {"kind": "claim", "exact": "野家の例", "start": 23, "end": 27, "colour": "red"},
    ],
)
def test_bad_passages_are_problems_and_write_nothing(api, argument_map, document, body):
    response = api.post(
        f"/api/v1/maps/{argument_map.pk}/passages/", {"document": str(document.pk), **body}, format="json"
    )
    assert problem(response)["status"] == 400
    assert not Statement.objects.exists() and not Anchor.objects.exists()


def test_passages_go_by_role_and_visibility(as_user, team, argument_map, document, workspace):
    assert problem(passage(as_user("viewer"), argument_map, document, "野家の例"))["status"] == 403
    assert problem(passage(as_user("reviewer"), argument_map, document, "野家の例"))["status"] == 403
    assert problem(passage(as_user("outsider"), argument_map, document, "野家の例"))["status"] == 404
    assert problem(passage(as_user("anonymous"), argument_map, document, "野家の例"))["status"] == 404
    other = services.create_document(actor=None, workspace=workspace, title="other", text=TEXT)
    body = problem(passage(as_user("editor"), argument_map, other, "野家の例"))
    assert body["status"] == 404 and "document" in body["errors"]
    assert not Statement.objects.exists()


# ---------------------------------------------------------------- the annotation state


def test_state_holds_the_graph_with_api_names_and_the_callers_permissions(
    as_user, team, owner, argument_map, document, inference
):
    claim = inference.edges.get(role="consequent").statement
    rebuttal = make_statement(argument_map, text="反論", kind="rebuttal", actor=owner)
    services.create_attack(actor=owner, attacker=rebuttal, target=claim)
    services.create_attack(actor=owner, attacker=rebuttal, target=inference)
    annotate_passage(
        actor=owner, argument_map=argument_map, document=document, kind="premise", exact="北朝鮮", start=0, end=3
    )
    source = services.create_source(actor=owner, workspace=argument_map.workspace, title="防衛白書", footnote=2)
    services.create_evidence_link(actor=owner, statement=claim, source=source, locator="p. 2")
    add_comment(actor=team["viewer"], node=claim, body="本当？")
    assess(actor=team["viewer"], node=claim, agreement="agree", strength=4)

    response = as_user("annotator").get(state_url(argument_map, document))
    assert response.status_code == 200, response.content
    state = response.json()
    assert state["map"] == str(argument_map.pk) and state["document"] == str(document.pk)
    assert state["permissions"] == {
        "role": "annotator",
        "user": team["annotator"].pk,
        "username": "annotator",
        "create": True,
        "review": False,
        "discuss": True,
        "manage": False,
        "own_work_only": True,
    }
    by_text = {s["text"]: s for s in state["statements"]}
    assert by_text["主張"]["created_by"] == owner.pk and by_text["主張"]["created_by_username"] == "owner"
    assert by_text["主張"]["comments"] == 1 and by_text["主張"]["assessment"]["agreement"]["agree"] == 1
    kinds = sorted(a["conflict_kind"] for a in state["scheme_applications"] if a["type"] == "conflict")
    assert kinds == ["rebut", "undercut"]
    (row,) = [a for a in state["scheme_applications"] if a["type"] == "inference"]
    assert row["scheme"] == "expert_opinion" and row["scheme_name"] and "scheme_id" not in row
    assert row["consequent"] == str(claim.pk) and len(row["antecedents"]) == 1
    assert len(row["critical_questions"]) == inference.scheme.critical_questions.count()
    assert set(row["critical_questions"][0]) == {
        "id",
        "position",
        "key",
        "text",
        "text_ja",
        "answered",
        "answer",
        "note",
    }
    assert row["scheme_name_ja"] == "専門家の意見からの議論" and row["critical_questions"][0]["text_ja"]
    (anchor,) = state["anchors"]
    assert anchor["document"] == str(document.pk) and (anchor["start"], anchor["end"]) == (0, 3)
    (link,) = state["evidence_links"]
    assert link["statement"] == str(claim.pk) and link["source_title"] == "防衛白書"
    assert {s["title"] for s in state["sources"]} == {"防衛白書"}
    assert "expert_opinion" in {s["key"] for s in state["schemes"]}
    assert {"name": "Argument from expert opinion", "name_ja": "専門家の意見からの議論"}.items() <= next(
        s for s in state["schemes"] if s["key"] == "expert_opinion"
    ).items()
    assert state["independent_annotation"] is None
    assert len(state["edges"]) == 2 + 2 + 2
    assert not any("__" in key or key.endswith("_id") for s in state["statements"] for key in s)
    reviewer = as_user("reviewer").get(state_url(argument_map, document)).json()["permissions"]
    assert (reviewer["review"], reviewer["create"], reviewer["own_work_only"]) == (True, False, False)


def test_state_is_not_found_for_private_maps_and_foreign_documents(as_user, argument_map, document, workspace):
    for who in ("outsider", "anonymous"):
        assert problem(as_user(who).get(state_url(argument_map, document)))["status"] == 404
    other = services.create_document(actor=None, workspace=workspace, title="other", text="x")
    body = problem(as_user("viewer").get(state_url(argument_map, other)))
    assert body["status"] == 404 and "document" in body["errors"]
    bad = problem(as_user("viewer").get(f"/api/v1/maps/{argument_map.pk}/annotation/?document=nope"))
    assert bad["status"] == 404 and "document" in bad["errors"]
    whole = as_user("viewer").get(f"/api/v1/maps/{argument_map.pk}/annotation/").json()
    assert whole["document"] is None and whole["map"] == str(argument_map.pk)


def test_state_of_a_public_map_is_readable_by_anyone_who_may_do_nothing(team, public_map, document):
    state = client_for(team["anonymous"]).get(state_url(public_map, document)).json()
    assert [s["text"] for s in state["statements"]] == ["An open claim"]
    assert state["permissions"]["role"] is None and state["permissions"]["user"] is None
    assert not any(state["permissions"][k] for k in ("create", "review", "discuss", "manage"))


def test_blind_annotators_see_only_their_own_layer(as_user, team, second_annotator, owner, argument_map, document):
    start_independent_annotation(actor=owner, argument_map=argument_map)
    assert passage(as_user("annotator"), argument_map, document, "野家の例").status_code == 201
    assert passage(client_for(second_annotator), argument_map, document, "野家", kind="premise").status_code == 201
    alices = Statement.objects.get(created_by=team["annotator"])
    add_comment(actor=team["annotator"], node=alices, body="私の")
    theirs = client_for(second_annotator)
    state = theirs.get(state_url(argument_map, document)).json()
    assert [s["text"] for s in state["statements"]] == ["野家"] and len(state["anchors"]) == 1
    assert state["independent_annotation"]["active"] is True
    for path in ("", "discussion/", "history/"):
        assert problem(theirs.get(f"/api/v1/statements/{alices.pk}/{path}"))["status"] == 404
    assert theirs.get("/api/v1/comments/", {"map": str(argument_map.pk)}).json()["results"] == []
    svg = theirs.get(f"/api/v1/maps/{argument_map.pk}/export/?format=svg&semantics=grounded").content.decode()
    assert str(alices.pk) not in svg and "野家" in svg
    reviewer = as_user("reviewer").get(state_url(argument_map, document)).json()
    assert len(reviewer["statements"]) == 2


def test_state_runs_a_fixed_number_of_queries_whatever_the_maps_size(
    team, owner, workspace, document, django_assert_max_num_queries
):
    counts = {}
    scheme = Scheme.objects.get(key="expert_opinion")
    for size in (10, 500):
        argument_map = make_map(workspace, documents=[document], name=f"size {size}")
        build_chain_map(argument_map, document, statements=size, actor=owner)
        premise, claim = (make_statement(argument_map, text=t, actor=owner) for t in ("p", "c"))
        inference = services.create_argument(actor=owner, premises=[premise], conclusion=claim, scheme=scheme)
        add_comment(actor=owner, node=inference, body="?")
        assess(actor=owner, node=claim, agreement="agree", strength=3)
        client = client_for(type(team["annotator"]).objects.get(pk=team["annotator"].pk))
        # authentication, roles, map, document, then the state's fixed reads
        with django_assert_max_num_queries(16) as queries:
            response = client.get(state_url(argument_map, document))
        assert response.status_code == 200
        assert len(response.json()["statements"]) == size + 2
        counts[size] = len(queries)
    assert counts[10] == counts[500], counts


def test_state_cut_to_named_nodes_brings_only_them_and_a_cursor_to_follow(
    as_user, team, owner, argument_map, document, inference
):
    claim = inference.edges.get(role="consequent").statement
    source = services.create_source(actor=owner, workspace=argument_map.workspace, title="防衛白書", footnote=2)
    services.create_source(actor=owner, workspace=argument_map.workspace, title="他の資料", footnote=3)
    services.create_evidence_link(actor=owner, statement=claim, source=source, locator="p. 2")
    client = as_user("annotator")
    whole = client.get(state_url(argument_map, document)).json()
    created = passage(client, argument_map, document, "野家の例").json()["statement"]["id"]

    changes = client.get(f"/api/v1/maps/{argument_map.pk}/changes/", {"after": whole["cursor"]}).json()
    assert [c["entity_id"] for e in changes["results"] for c in e["changes"] if c["entity"] == "statement"] == [created]
    nodes = ",".join([created, str(claim.pk), str(inference.pk)])
    part = client.get(state_url(argument_map, document) + f"&nodes={nodes}").json()
    assert {s["id"] for s in part["statements"]} == {created, str(claim.pk)}
    assert [a["id"] for a in part["scheme_applications"]] == [str(inference.pk)]
    assert [a["statement"] for a in part["anchors"]] == [created]
    assert len(part["edges"]) == 2 and [s["title"] for s in part["sources"]] == ["防衛白書"]
    assert part["schemes"] == [] and part["cursor"] != whole["cursor"]

    for bad in ("nope", ",".join([str(uuid.uuid4())] * 201)):
        body = problem(client.get(state_url(argument_map, document) + f"&nodes={bad}"))
        assert body["status"] == 400 and "nodes" in body["errors"]
    hidden = client.get(state_url(argument_map, document) + f"&nodes={uuid.uuid4()}").json()
    assert hidden["statements"] == [] and hidden["anchors"] == []


# ---------------------------------------------------------------- comments, assessments, discussion


def test_members_discuss_and_assess_nodes(as_user, team, argument_map, inference):
    node = {"application": str(inference.pk)}
    for who, agreement, strength in (("viewer", "agree", 4), ("reviewer", "disagree", 2), ("annotator", "agree", 5)):
        response = as_user(who).post("/api/v1/assessments/", {**node, "agreement": agreement, "strength": strength})
        assert response.status_code == 201, response.content
        assert response.json()["assessor"] == team[who].pk and etag(response) == '"1"'
    changed = as_user("viewer").post("/api/v1/assessments/", {**node, "agreement": "unsure"}, format="json")
    assert changed.status_code == 200 and changed.json()["agreement"] == "unsure" and etag(changed) == '"2"'
    assert Assessment.objects.count() == 3
    for body in (
        {**node, "agreement": "agree", "strength": 9},
        {**node, "agreement": "maybe"},
        {"agreement": "agree"},
        {**node, "statement": str(inference.pk), "agreement": "agree"},
    ):
        assert problem(as_user("viewer").post("/api/v1/assessments/", body, format="json"))["status"] == 400
    for who in ("outsider", "anonymous"):
        assert problem(as_user(who).post("/api/v1/assessments/", {**node, "agreement": "agree"}))["status"] == 404

    posted = as_user("viewer").post("/api/v1/comments/", {**node, "body": "専門家は誰？"}, format="json")
    assert posted.status_code == 201, posted.content
    assert posted.json()["application"] == str(inference.pk) and posted.json()["created_by"] == team["viewer"].pk
    assert problem(as_user("viewer").post("/api/v1/comments/", {**node, "body": ""}))["status"] == 400
    assert problem(as_user("outsider").post("/api/v1/comments/", {**node, "body": "x"}))["status"] == 404
    assert Comment.objects.count() == 1

    detail = as_user("owner").get(f"/api/v1/scheme-applications/{inference.pk}/discussion/").json()
    assert detail["spread"]["agreement"] == {"agree": 1, "disagree": 1, "unsure": 1}
    assert detail["spread"]["strength"] == {"1": 0, "2": 1, "3": 0, "4": 0, "5": 1}
    assert detail["spread"]["mean_strength"] == pytest.approx(3.5)
    assert detail["spread"]["mine"] is None
    assert [c["body"] for c in detail["comments"]] == ["専門家は誰？"]
    assert detail["comments"][0]["created_by_username"] == "viewer"
    assert {a["assessor_username"] for a in detail["assessments"]} == {"viewer", "reviewer", "annotator"}
    mine = as_user("reviewer").get(f"/api/v1/scheme-applications/{inference.pk}/discussion/").json()["spread"]["mine"]
    assert mine == {"agreement": "disagree", "strength": 2}
    listed = as_user("owner").get("/api/v1/assessments/", {"application": str(inference.pk), "assessor": "viewer"})
    assert [row["agreement"] for row in listed.json()["results"]] == ["unsure"]
    assert as_user("outsider").get("/api/v1/comments/").json()["results"] == []
    comment = Comment.objects.get()
    assert problem(as_user("outsider").get(f"/api/v1/comments/{comment.pk}/"))["status"] == 404
    assert etag(as_user("viewer").get(f"/api/v1/comments/{comment.pk}/")) == '"1"'


def test_comment_and_assessment_lists_run_a_fixed_number_of_queries(
    api, owner, team, argument_map, inference, django_assert_max_num_queries
):
    claim = inference.edges.get(role="consequent").statement

    def measure():
        counts = []
        for url in ("/api/v1/comments/", "/api/v1/assessments/", f"/api/v1/statements/{claim.pk}/discussion/"):
            with django_assert_max_num_queries(8) as queries:
                assert api.get(url).status_code == 200
            counts.append(len(queries))
        return counts

    add_comment(actor=owner, node=claim, body="0")
    assess(actor=owner, node=claim, agreement="agree")
    measure()  # the first request caches the caller's roles on the (forced) user
    before = measure()
    for i in range(12):
        add_comment(actor=team["viewer"], node=claim, body=f"意見{i}")
    for who in ("viewer", "reviewer", "annotator", "editor"):
        assess(actor=team[who], node=claim, agreement="disagree", strength=2)
    assert measure() == before


# ---------------------------------------------------------------- critical questions


def test_critical_questions_are_read_and_answered(as_user, team, owner, argument_map, inference):
    url = f"/api/v1/scheme-applications/{inference.pk}/critical-questions/"
    questions = as_user("viewer").get(url).json()
    assert [q["position"] for q in questions] == sorted(q["position"] for q in questions) and questions
    assert not any(q["answered"] for q in questions)
    premise = inference.edges.get(role="antecedent").statement
    body = {"question": questions[0]["id"], "answered": True, "answer": str(premise.pk)}
    response = as_user("annotator").post(url, body, format="json")
    assert response.status_code == 200, response.content
    assert response.json() == {**questions[0], "answered": True, "answer": str(premise.pk)}
    assert CriticalQuestionAnswer.objects.get().answer == premise
    assert problem(as_user("viewer").post(url, body, format="json"))["status"] == 403
    assert problem(as_user("outsider").post(url, body, format="json"))["status"] == 404
    other_scheme = Scheme.objects.exclude(pk=inference.scheme_id).filter(critical_questions__isnull=False).first()
    foreign = other_scheme.critical_questions.first()
    refused = problem(as_user("annotator").post(url, {**body, "question": str(foreign.pk)}, format="json"))
    assert refused["status"] == 409 and refused["rule"] == "critical_question_of_scheme"
    elsewhere = make_statement(make_map(argument_map.workspace, name="other"), actor=owner)
    assert (
        problem(as_user("annotator").post(url, {**body, "answer": str(elsewhere.pk)}, format="json"))["status"] == 404
    )
    assert problem(as_user("annotator").post(url, {"question": "nope", "answered": "maybe"}))["status"] == 400
    conflict = services.create_attack(actor=owner, attacker=premise, target=inference)
    assert as_user("viewer").get(f"/api/v1/scheme-applications/{conflict.pk}/critical-questions/").json() == []


# ---------------------------------------------------------------- history and revert


def test_history_lists_a_statements_changes_and_its_anchors(as_user, team, argument_map, document):
    passage(as_user("annotator"), argument_map, document, "野家の例")
    statement = Statement.objects.get()
    as_user("annotator").patch(
        f"/api/v1/statements/{statement.pk}/", {"gloss": "Yoshinoya"}, format="json", HTTP_IF_MATCH='"1"'
    )
    history = as_user("viewer").get(f"/api/v1/statements/{statement.pk}/history/").json()
    assert [(h["action"], h["entity"]) for h in history] == [
        ("update", "statement"),
        ("create", "anchor"),
        ("create", "statement"),
    ]
    assert history[0]["actor_username"] == "annotator" and history[0]["actor"] == team["annotator"].pk
    assert history[0]["after"]["gloss"] == "Yoshinoya"
    assert problem(as_user("outsider").get(f"/api/v1/statements/{statement.pk}/history/"))["status"] == 404


def test_revert_own_write_but_not_someone_elses(as_user, team, second_annotator, argument_map, document):
    passage(as_user("annotator"), argument_map, document, "野家の例")
    statement = Statement.objects.get()
    batches = {
        Change.objects.get(entity="anchor").batch,
        Change.objects.get(entity="statement", entity_id=str(statement.pk)).batch,
    }
    url = f"/api/v1/changes/{Change.objects.get(entity='statement', entity_id=str(statement.pk)).batch}/revert/"
    body = problem(client_for(second_annotator).post(url))
    assert body["status"] == 403 and "own" in body["detail"]
    for who in ("outsider", "anonymous"):
        assert problem(as_user(who).post(url))["status"] == 404
    assert problem(as_user("viewer").post(url))["status"] == 403
    for batch in sorted(batches, key=lambda b: -Change.objects.filter(batch=b).order_by("id").first().id):
        response = as_user("annotator").post(f"/api/v1/changes/{batch}/revert/")
        assert response.status_code == 200, response.content
        assert response.json()["reverted"] == str(batch) and response.json()["batch"] != str(batch)
    assert not Statement.objects.filter(pk=statement.pk).exists() and not Anchor.objects.exists()
    assert problem(as_user("annotator").post(f"/api/v1/changes/{uuid.uuid4()}/revert/"))["status"] == 404
    assert as_user("annotator").get(url).status_code == 405


def test_an_invisible_batch_and_a_random_id_get_the_same_answer(as_user, team, argument_map, document):
    passage(as_user("annotator"), argument_map, document, "野家の例")
    private_batch = Change.objects.filter(entity="statement").first().batch
    answers = [
        {
            k: v
            for k, v in problem(as_user("outsider").post(f"/api/v1/changes/{batch}/revert/")).items()
            if k != "instance"
        }
        for batch in (private_batch, uuid.uuid4())
    ]
    assert answers[0] == answers[1]
    assert answers[0]["status"] == 404 and answers[0]["detail"] == "No such change."


def test_revert_is_refused_when_the_row_moved_on(api, owner, argument_map):
    statement = make_statement(argument_map, actor=owner)
    services.update_statement(actor=owner, statement=statement, expected_version=1, gloss="first")
    batch = Change.objects.filter(entity="statement", action="update").get().batch
    services.update_statement(actor=owner, statement=statement, expected_version=2, gloss="second")
    assert problem(api.post(f"/api/v1/changes/{batch}/revert/"))["status"] == 412
    statement.refresh_from_db()
    assert statement.gloss == "second"


# ---------------------------------------------------------------- evidence with a new source


def test_evidence_link_with_a_new_source_is_one_transaction(as_user, team, owner, argument_map, monkeypatch):
    statement = make_statement(argument_map, actor=team["annotator"])
    body = {"statement": str(statement.pk), "new_source": {"title": "防衛白書 2024"}, "locator": "p. 12"}
    response = as_user("annotator").post("/api/v1/evidence-links/", body, format="json")
    assert response.status_code == 201, response.content
    link = EvidenceLink.objects.get()
    assert link.source.title == "防衛白書 2024" and link.source.workspace_id == argument_map.workspace_id
    assert response.json()["source"] == str(link.source_id) and link.locator == "p. 12"
    too_long = {**body, "locator": "x" * 500, "new_source": {"title": "二つ目"}}
    assert problem(as_user("annotator").post("/api/v1/evidence-links/", too_long, format="json"))["status"] == 400
    assert Source.objects.count() == 1 and EvidenceLink.objects.count() == 1
    for bad in ({"statement": str(statement.pk)}, {**body, "source": str(link.source_id)}):
        assert problem(as_user("annotator").post("/api/v1/evidence-links/", bad, format="json"))["status"] == 400
    assert problem(as_user("viewer").post("/api/v1/evidence-links/", body, format="json"))["status"] == 403
    assert Source.objects.count() == 1

    def refuse(**kwargs):
        raise RuleViolation("refused after the source was made", rule="test")

    monkeypatch.setattr("argmap.services.evidence.create_evidence_link", refuse)
    second = {**body, "new_source": {"title": "三つ目"}}
    assert problem(as_user("annotator").post("/api/v1/evidence-links/", second, format="json"))["status"] == 409
    assert not Source.objects.filter(title="三つ目").exists(), "the source went with the refused link"


# ---------------------------------------------------------------- the responses are what OpenAPI says


@pytest.fixture
def openapi(client, db):
    import schemathesis

    return schemathesis.openapi.from_dict(client.get("/api/v1/schema/?format=json").json())


def conforms(openapi, path: str, response) -> None:
    """Validate a test client's response against the OpenAPI operation (raises on any mismatch)."""
    import requests
    import schemathesis

    request = response.wsgi_request
    url = f"http://testserver{request.get_full_path()}"
    prepared = requests.Request(request.method, url).prepare()
    headers = {name: [value] for name, value in response.headers.items()}
    wrapped = schemathesis.Response(
        status_code=response.status_code,
        headers=headers,
        content=response.content,
        request=prepared,
        elapsed=0.0,
        verify=False,
    )
    openapi[path][request.method].validate_response(wrapped)


def test_annotation_responses_match_the_openapi_schema(openapi, api, owner, argument_map, document, inference):
    claim = inference.edges.get(role="consequent").statement
    made = passage(api, argument_map, document, "野家の例")
    conforms(openapi, "/api/v1/maps/{id}/passages/", made)
    add_comment(actor=owner, node=claim, body="?")
    assess(actor=owner, node=claim, agreement="agree", strength=2)
    source = services.create_source(actor=owner, workspace=argument_map.workspace, title="白書")
    services.create_evidence_link(actor=owner, statement=claim, source=source)
    start_independent_annotation(actor=owner, argument_map=argument_map)
    conforms(openapi, "/api/v1/maps/{id}/annotation/", api.get(state_url(argument_map, document)))
    for nodes, pk in (("statements", claim.pk), ("scheme-applications", inference.pk)):
        for sub in ("discussion", "history"):
            response = api.get(f"/api/v1/{nodes}/{pk}/{sub}/")
            assert response.status_code == 200
            conforms(openapi, f"/api/v1/{nodes}/{{id}}/{sub}/", response)
    questions_url = f"/api/v1/scheme-applications/{inference.pk}/critical-questions/"
    questions = api.get(questions_url)
    conforms(openapi, "/api/v1/scheme-applications/{id}/critical-questions/", questions)
    answered = api.post(questions_url, {"question": questions.json()[0]["id"], "answered": True}, format="json")
    conforms(openapi, "/api/v1/scheme-applications/{id}/critical-questions/", answered)
    conforms(openapi, "/api/v1/comments/", api.post("/api/v1/comments/", {"statement": str(claim.pk), "body": "!"}))
    conforms(openapi, "/api/v1/comments/", api.get("/api/v1/comments/"))
    assessed = api.post("/api/v1/assessments/", {"statement": str(claim.pk), "agreement": "unsure"})
    assert assessed.status_code == 200
    conforms(openapi, "/api/v1/assessments/", assessed)
    batch = Change.objects.filter(entity="comment").latest("id").batch
    conforms(openapi, "/api/v1/changes/{batch}/revert/", api.post(f"/api/v1/changes/{batch}/revert/"))
    conforms(openapi, "/api/v1/changes/{batch}/revert/", api.post(f"/api/v1/changes/{batch}/revert/"))
