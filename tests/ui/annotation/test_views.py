"""The annotation screen's pages and JSON endpoints, through the Django test client."""

import json
import uuid

import pytest
from django.urls import reverse

from argmap import services
from argmap.models import Anchor, Assessment, Change, Comment, CriticalQuestionAnswer, EvidenceLink, Scheme, Statement
from argmap.services.annotation import add_comment, annotate_passage, assess, start_independent_annotation
from tests.factories import make_map, make_statement

from .conftest import TEXT

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.ui.annotation.urls")]


def post(client, name, args, body):
    return client.post(reverse(f"admin:{name}", args=args), data=json.dumps(body), content_type="application/json")


def passage(client, argument_map, document, exact, kind="claim", occurrence=0):
    start = TEXT.index(exact)
    return post(
        client,
        "argmap_annotation_passages",
        [argument_map.pk, document.pk],
        {"kind": kind, "exact": exact, "start": start, "end": start + len(exact)},
    )


def test_screen_opens_for_members_and_is_not_found_for_others(team, as_user, argument_map, document):
    url = reverse("admin:argmap_annotate", args=[argument_map.pk, document.pk])
    response = as_user(team["alice"]).get(url)
    assert response.status_code == 200
    assert b'id="argmap-boot"' in response.content
    assert response.context["boot"]["text"] == document.text
    assert b"argmap/annotate.js" in response.content
    assert as_user(team["stranger"]).get(url).status_code == 404
    other_document = services.create_document(actor=None, workspace=argument_map.workspace, title="x", text="y")
    assert (
        as_user(team["alice"])
        .get(reverse("admin:argmap_annotate", args=[argument_map.pk, other_document.pk]))
        .status_code
        == 404
    )


def test_index_lists_the_users_maps(team, as_user, argument_map, document):
    response = as_user(team["alice"]).get(reverse("admin:argmap_annotation_index"))
    assert response.status_code == 200
    assert reverse("admin:argmap_annotate", args=[argument_map.pk, document.pk]).encode() in response.content
    assert (
        str(argument_map.pk).encode()
        not in as_user(team["stranger"]).get(reverse("admin:argmap_annotation_index")).content
    )


def test_non_staff_are_sent_to_the_login_page(client, argument_map, document):
    response = client.get(reverse("admin:argmap_annotate", args=[argument_map.pk, document.pk]))
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_passage_after_a_non_bmp_character_is_anchored_on_code_points(team, as_user, argument_map, document):
    response = passage(as_user(team["alice"]), argument_map, document, "野家の例")
    assert response.status_code == 201, response.content
    anchor = Anchor.objects.get()
    assert (anchor.start, anchor.end) == (TEXT.index("野家の例"), TEXT.index("野家の例") + 4)
    assert document.text[anchor.start : anchor.end] == "野家の例" == anchor.statement.text
    assert anchor.statement.created_by == team["alice"] and anchor.statement.kind == "claim"


@pytest.mark.parametrize(
    ("body", "status"),
    [
        ({"kind": "claim", "exact": "野家の例", "start": 24, "end": 28}, 400),  # UTF-16 offsets: off by one
        ({"kind": "claim", "exact": "野家の例", "start": "23", "end": 27}, 400),
        ({"kind": "thesis", "exact": "野家の例", "start": 23, "end": 27}, 400),
        ({"kind": "claim", "exact": "", "start": 23, "end": 23}, 400),
        ({"kind": "claim", "exact": "野家の例", "start": 23, "end": 9999}, 400),
    ],
)
def test_bad_passages_are_refused_and_write_nothing(team, as_user, argument_map, document, body, status):
    assert TEXT.index("野家の例") == 23
    response = post(as_user(team["alice"]), "argmap_annotation_passages", [argument_map.pk, document.pk], body)
    assert response.status_code == status
    assert "error" in response.json()
    assert not Statement.objects.exists()


def test_malformed_json_is_a_400(team, as_user, argument_map, document):
    client = as_user(team["alice"])
    url = reverse("admin:argmap_annotation_passages", args=[argument_map.pk, document.pk])
    assert client.post(url, data="{nope", content_type="application/json").status_code == 400
    assert client.post(url, data="[1]", content_type="application/json").status_code == 400


def test_roles_decide_who_creates(team, as_user, argument_map, document):
    assert passage(as_user(team["vera"]), argument_map, document, "野家の例").status_code == 403
    assert passage(as_user(team["rita"]), argument_map, document, "野家の例").status_code == 403
    assert passage(as_user(team["stranger"]), argument_map, document, "野家の例").status_code == 404
    assert not Statement.objects.exists()


def test_support_attack_undercut_and_evidence(team, as_user, argument_map, document):
    client = as_user(team["alice"])
    claim = annotate_passage(
        actor=team["alice"], argument_map=argument_map, document=document, kind="claim", exact="北朝鮮", start=0, end=3
    )[0]
    premise = make_statement(argument_map, text="核弾頭", kind="premise", actor=team["alice"])
    rebuttal = make_statement(argument_map, text="反論", kind="rebuttal", actor=team["alice"])
    response = post(
        client,
        "argmap_annotation_arguments",
        [argument_map.pk],
        {"conclusion": str(claim.pk), "premises": [str(premise.pk)], "scheme": "expert_opinion"},
    )
    assert response.status_code == 201, response.content
    inference_id = response.json()["application"]
    assert (
        post(
            client,
            "argmap_annotation_attacks",
            [argument_map.pk],
            {"attacker": str(rebuttal.pk), "target": str(claim.pk)},
        ).status_code
        == 201
    )
    assert (
        post(
            client,
            "argmap_annotation_attacks",
            [argument_map.pk],
            {"attacker": str(rebuttal.pk), "target": inference_id, "target_family": "application"},
        ).status_code
        == 201
    )
    state = client.get(reverse("admin:argmap_annotation_state", args=[argument_map.pk, document.pk])).json()
    kinds = sorted(a["conflict_kind"] for a in state["applications"] if a["type"] == "conflict")
    assert kinds == ["rebut", "undercut"]
    (inference,) = [a for a in state["applications"] if a["type"] == "inference"]
    assert inference["antecedents"] == [str(premise.pk)] and inference["consequent"] == str(claim.pk)
    assert len(inference["critical_questions"]) == Scheme.objects.get(key="expert_opinion").critical_questions.count()

    response = post(
        client,
        "argmap_annotation_evidence",
        [argument_map.pk],
        {"statement": str(premise.pk), "source_title": "防衛白書 2024", "locator": "p. 12"},
    )
    assert response.status_code == 201
    assert EvidenceLink.objects.get().source.title == "防衛白書 2024"
    # refusals: no premises, self-attack, a statement of another map, unknown scheme
    other = make_statement(make_map(argument_map.workspace, name="other"), actor=team["alice"])
    for name, body, status in [
        ("argmap_annotation_arguments", {"conclusion": str(claim.pk), "premises": []}, 400),
        ("argmap_annotation_attacks", {"attacker": str(claim.pk), "target": str(claim.pk)}, 409),
        ("argmap_annotation_arguments", {"conclusion": str(claim.pk), "premises": [str(other.pk)]}, 404),
        (
            "argmap_annotation_arguments",
            {"conclusion": str(claim.pk), "premises": [str(premise.pk)], "scheme": "nope"},
            400,
        ),
        ("argmap_annotation_arguments", {"conclusion": "not-a-uuid", "premises": [str(premise.pk)]}, 400),
    ]:
        assert post(client, name, [argument_map.pk], body).status_code == status


def test_review_workflow_through_the_endpoints(team, as_user, argument_map):
    statement = make_statement(argument_map, actor=team["alice"])
    node = {"family": "statement", "id": str(statement.pk), "version": 1}
    assert (
        post(
            as_user(team["bob"]), "argmap_annotation_review", [argument_map.pk], {"status": "proposed", "nodes": [node]}
        ).status_code
        == 403
    )
    assert (
        post(
            as_user(team["alice"]),
            "argmap_annotation_review",
            [argument_map.pk],
            {"status": "proposed", "nodes": [node]},
        ).status_code
        == 200
    )
    assert (
        post(
            as_user(team["alice"]),
            "argmap_annotation_review",
            [argument_map.pk],
            {"status": "accepted", "nodes": [{**node, "version": 2}]},
        ).status_code
        == 403
    )
    rita = as_user(team["rita"])
    assert (
        post(
            rita,
            "argmap_annotation_review",
            [argument_map.pk],
            {"status": "rejected", "nodes": [{**node, "version": 2}]},
        ).status_code
        == 400
    )
    assert (
        post(rita, "argmap_annotation_review", [argument_map.pk], {"status": "accepted", "nodes": [node]}).status_code
        == 412
    )
    assert (
        post(
            rita,
            "argmap_annotation_review",
            [argument_map.pk],
            {"status": "accepted", "nodes": [{**node, "version": 2}]},
        ).status_code
        == 200
    )
    statement.refresh_from_db()
    assert statement.status == "accepted"


def test_discussion_assessment_and_critical_questions(team, as_user, argument_map):
    premise = make_statement(argument_map, actor=team["alice"])
    claim = make_statement(argument_map, kind="claim", actor=team["alice"])
    inference = services.create_argument(
        actor=team["alice"], premises=[premise], conclusion=claim, scheme=Scheme.objects.get(key="expert_opinion")
    )
    node = {"family": "application", "id": str(inference.pk)}
    for who, agreement, strength in (("vera", "agree", 4), ("rita", "disagree", 2), ("bob", "agree", 5)):
        response = post(
            as_user(team[who]),
            "argmap_annotation_assessments",
            [argument_map.pk],
            {**node, "agreement": agreement, "strength": strength},
        )
        assert response.status_code == 200, response.content
    assert (
        post(
            as_user(team["vera"]),
            "argmap_annotation_assessments",
            [argument_map.pk],
            {**node, "agreement": "agree", "strength": 9},
        ).status_code
        == 400
    )
    assert (
        post(
            as_user(team["stranger"]),
            "argmap_annotation_assessments",
            [argument_map.pk],
            {**node, "agreement": "agree"},
        ).status_code
        == 404
    )
    assert (
        post(
            as_user(team["vera"]), "argmap_annotation_comments", [argument_map.pk], {**node, "body": "専門家は誰？"}
        ).status_code
        == 201
    )
    question = inference.scheme.critical_questions.order_by("position").first()
    response = post(
        as_user(team["alice"]),
        "argmap_annotation_critical_questions",
        [argument_map.pk],
        {"application": str(inference.pk), "question": str(question.pk), "answered": True, "answer": str(premise.pk)},
    )
    assert response.status_code == 200
    assert CriticalQuestionAnswer.objects.get().answer == premise
    detail = (
        as_user(team["owner"])
        .get(
            reverse("admin:argmap_annotation_node", args=[argument_map.pk]),
            {"family": "application", "id": str(inference.pk)},
        )
        .json()
    )
    assert detail["spread"]["agreement"] == {"agree": 2, "disagree": 1, "unsure": 0}
    assert detail["spread"]["strength"] == {"1": 0, "2": 1, "3": 0, "4": 1, "5": 1}
    assert detail["spread"]["mean_strength"] == pytest.approx(11 / 3, abs=0.01)
    assert [c["body"] for c in detail["comments"]] == ["専門家は誰？"]
    assert Assessment.objects.count() == 3 and Comment.objects.count() == 1


def test_state_and_picture_run_a_fixed_number_of_queries(
    team, as_user, argument_map, document, django_assert_max_num_queries
):
    client = as_user(team["alice"])
    url = reverse("admin:argmap_annotation_state", args=[argument_map.pk, document.pk])
    picture = reverse("admin:argmap_map_picture", args=[argument_map.pk])

    def grow(n):
        for i in range(n):
            premise = make_statement(argument_map, text=f"前提{i}", actor=team["alice"])
            claim = annotate_passage(
                actor=team["alice"],
                argument_map=argument_map,
                document=document,
                kind="claim",
                exact="北朝鮮",
                start=0,
                end=3,
            )[0]
            services.create_argument(
                actor=team["alice"],
                premises=[premise],
                conclusion=claim,
                scheme=Scheme.objects.get(key="expert_opinion"),
            )
            services.create_attack(actor=team["alice"], attacker=premise, target=claim)

    grow(2)
    client.get(url)
    # session, user, roles, map, document + twelve reads of the state, whatever the map's size
    with django_assert_max_num_queries(17) as small_queries:
        small = client.get(url).json()
    with django_assert_max_num_queries(30) as small_picture:
        client.get(picture)
    grow(20)
    with django_assert_max_num_queries(17) as large_queries:
        large = client.get(url).json()
    with django_assert_max_num_queries(30) as large_picture:
        response = client.get(picture)
    assert len(small_queries) == len(large_queries)
    assert len(small_picture) == len(large_picture)
    assert len(large["statements"]) == len(small["statements"]) + 40
    assert response["Content-Type"].startswith("image/svg+xml")
    assert response.content.count(b'class="node statement') == 44


def test_review_queue_lists_proposals_and_accepts_in_bulk(team, as_user, argument_map, django_assert_max_num_queries):
    proposed = [make_statement(argument_map, text=f"案{i}", actor=team["alice"]) for i in range(3)]
    for statement in proposed:
        services.set_review_status(actor=team["alice"], node=statement, status="proposed", expected_version=1)
    make_statement(argument_map, text="下書き", actor=team["alice"])
    client = as_user(team["rita"])
    url = reverse("admin:argmap_review_queue")
    with django_assert_max_num_queries(12):
        response = client.get(url)
    assert response.status_code == 200
    assert "案0".encode() in response.content and "下書き".encode() not in response.content
    nodes = [f"statement:{s.pk}:2" for s in proposed[:2]]
    response = client.post(url, {"node": nodes, "status": "accepted"})
    assert response.status_code == 302
    assert sorted(Statement.objects.filter(status="accepted").values_list("text", flat=True)) == ["案0", "案1"]
    # rejecting needs a reason; an annotator's own rejected work is listed to them with it
    client.post(url, {"node": [f"statement:{proposed[2].pk}:2"], "status": "rejected"})
    assert Statement.objects.get(pk=proposed[2].pk).status == "proposed"
    client.post(url, {"node": [f"statement:{proposed[2].pk}:2"], "status": "rejected", "reason": "二重"})
    assert Statement.objects.get(pk=proposed[2].pk).status == "rejected"
    page = as_user(team["alice"]).get(url).content.decode()
    assert "Your rejected statements" in page and "二重" in page
    # annotators cannot accept from the queue
    other = make_statement(argument_map, actor=team["bob"])
    services.set_review_status(actor=team["bob"], node=other, status="proposed", expected_version=1)
    as_user(team["alice"]).post(url, {"node": [f"statement:{other.pk}:2"], "status": "accepted"})
    assert Statement.objects.get(pk=other.pk).status == "proposed"


def test_blind_annotators_do_not_see_each_others_layers_on_the_screen(team, as_user, argument_map, document):
    start_independent_annotation(actor=team["owner"], argument_map=argument_map)
    passage(as_user(team["alice"]), argument_map, document, "野家の例")
    passage(as_user(team["bob"]), argument_map, document, "野家", kind="premise")
    state = (
        as_user(team["bob"]).get(reverse("admin:argmap_annotation_state", args=[argument_map.pk, document.pk])).json()
    )
    assert [s["text"] for s in state["statements"]] == ["野家"]
    assert len(state["anchors"]) == 1
    alices = Statement.objects.get(created_by=team["alice"])
    response = as_user(team["bob"]).get(
        reverse("admin:argmap_annotation_node", args=[argument_map.pk]), {"family": "statement", "id": str(alices.pk)}
    )
    assert response.status_code == 404
    svg = as_user(team["bob"]).get(reverse("admin:argmap_map_picture", args=[argument_map.pk])).content.decode()
    assert str(alices.pk) not in svg


def test_agreement_page_reports_and_the_curator_merges(team, as_user, argument_map, document):
    start_independent_annotation(actor=team["owner"], argument_map=argument_map)
    passage(as_user(team["alice"]), argument_map, document, "野家の例")
    passage(as_user(team["bob"]), argument_map, document, "野家の例")
    passage(as_user(team["alice"]), argument_map, document, "Second", kind="premise")
    url = reverse("admin:argmap_agreement", args=[argument_map.pk, document.pk])
    page = as_user(team["rita"]).get(url).content.decode()
    assert "Krippendorff" in page and "alice / bob" in page and "unmatched" in page and "agreed" in page
    keep = Statement.objects.get(created_by=team["alice"], text="野家の例")
    duplicate = Statement.objects.get(created_by=team["bob"])
    response = as_user(team["rita"]).post(
        url, {"action": "merge", "keep": [f"{keep.pk}:1"], "discard": [f"{duplicate.pk}:1"], "reason": "duplicate"}
    )
    assert response.status_code == 302
    keep.refresh_from_db()
    duplicate.refresh_from_db()
    assert (keep.status, duplicate.status) == ("accepted", "rejected")
    # annotators cannot merge
    second = Statement.objects.get(text="Second")
    as_user(team["bob"]).post(url, {"action": "merge", "keep": [f"{second.pk}:1"], "reason": "x"})
    second.refresh_from_db()
    assert second.status == "draft"


def test_revert_own_batch_but_not_someone_elses(team, as_user, argument_map, document):
    passage(as_user(team["alice"]), argument_map, document, "野家の例")
    statement = Statement.objects.get()
    batch = Change.objects.get(entity="statement", entity_id=str(statement.pk)).batch
    anchor_batch = Change.objects.get(entity="anchor").batch
    assert post(as_user(team["bob"]), "argmap_revert_batch", [], {"batch": str(anchor_batch)}).status_code == 403
    assert post(as_user(team["stranger"]), "argmap_revert_batch", [], {"batch": str(anchor_batch)}).status_code == 404
    assert post(as_user(team["alice"]), "argmap_revert_batch", [], {"batch": str(anchor_batch)}).status_code == 200
    assert post(as_user(team["alice"]), "argmap_revert_batch", [], {"batch": str(batch)}).status_code == 200
    assert not Statement.objects.exists() and not Anchor.objects.exists()
    assert post(as_user(team["alice"]), "argmap_revert_batch", [], {"batch": str(uuid.uuid4())}).status_code == 404


def test_picture_carries_grounded_evaluation_labels(team, as_user, argument_map):
    claim = make_statement(argument_map, text="主張", kind="claim", actor=team["alice"])
    rebuttal = make_statement(argument_map, text="反論", kind="rebuttal", actor=team["alice"])
    services.create_attack(actor=team["alice"], attacker=rebuttal, target=claim)
    svg = as_user(team["alice"]).get(reverse("admin:argmap_map_picture", args=[argument_map.pk])).content.decode()
    claim_node = svg[svg.index(f'data-id="{claim.pk}"') :].split("</g></g>")[0]
    rebuttal_node = svg[svg.index(f'data-id="{rebuttal.pk}"') :].split("</g></g>")[0]
    assert 'class="evaluation OUT"' in claim_node and 'class="evaluation IN"' in rebuttal_node


def test_node_detail_and_agreement_page_run_a_fixed_number_of_queries(
    team, as_user, argument_map, document, django_assert_max_num_queries
):
    claim = annotate_passage(
        actor=team["alice"], argument_map=argument_map, document=document, kind="claim", exact="北朝鮮", start=0, end=3
    )[0]
    client = as_user(team["rita"])
    node_url = reverse("admin:argmap_annotation_node", args=[argument_map.pk])
    agreement_url = reverse("admin:argmap_agreement", args=[argument_map.pk, document.pk])

    def measure():
        with django_assert_max_num_queries(12) as detail:
            client.get(node_url, {"family": "statement", "id": str(claim.pk)})
        with django_assert_max_num_queries(14) as agreement:
            client.get(agreement_url)
        return len(detail), len(agreement)

    client.get(agreement_url)
    before = measure()
    for i in range(15):
        add_comment(actor=team["vera"], node=claim, body=f"意見{i}")
        for who in ("alice", "bob"):
            annotate_passage(
                actor=team[who],
                argument_map=argument_map,
                document=document,
                kind="premise",
                exact="核弾頭",
                start=4,
                end=7,
            )
    for who in ("vera", "rita", "bob"):
        assess(actor=team[who], node=claim, agreement="agree", strength=3)
    assert measure() == before
