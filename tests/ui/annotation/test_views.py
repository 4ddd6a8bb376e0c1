"""The annotation pages in the admin, and the screen's reads and writes through the REST API with the
admin's session (the REST endpoints themselves are tested in tests/api/rest/views/test_annotation.py)."""

import pytest
from django.contrib import admin
from django.test import Client
from django.urls import resolve, reverse

from argmap import services
from argmap.models import Statement
from argmap.services.annotation import add_comment, annotate_passage, assess, start_independent_annotation
from tests.factories import make_statement
from ui.annotation.urls import annotation_urls

from .conftest import TEXT

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.ui.annotation.urls")]


def boot_urls(client, argument_map, document) -> dict:
    response = client.get(reverse("admin:argmap_annotate", args=[argument_map.pk, document.pk]))
    assert response.status_code == 200
    return response.context["boot"]["urls"]


def passage(client, urls, document, exact, kind="claim"):
    """Annotate ``exact``; two annotators marking the same words is what agreement is about, so repeats are confirmed."""
    start = TEXT.index(exact)
    body = {
        "document": str(document.pk),
        "kind": kind,
        "exact": exact,
        "start": start,
        "end": start + len(exact),
        "confirm_repeat": True,
    }
    return client.post(urls["passages"], body, content_type="application/json")


# ---------------------------------------------------------------- the pages


def test_screen_opens_for_members_and_is_not_found_for_others(team, as_user, argument_map, document):
    url = reverse("admin:argmap_annotate", args=[argument_map.pk, document.pk])
    assert url == f"/admin/argmap/argumentmap/annotate/{argument_map.pk}/{document.pk}/"
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


def test_the_screen_talks_only_to_the_rest_api(team, as_user, argument_map, document):
    urls = boot_urls(as_user(team["alice"]), argument_map, document)
    api = {name: url for name, url in urls.items() if name not in ("queue", "agreement")}
    assert api["api"] == "/api/v1/"
    for name, url in api.items():
        assert url.startswith("/api/v1/"), name
        assert resolve(url.split("?")[0]).namespace == "rest", name
    assert urls["state"] == f"/api/v1/maps/{argument_map.pk}/annotation/?document={document.pk}"
    assert urls["picture"] == f"/api/v1/maps/{argument_map.pk}/export/?format=svg&semantics=grounded"
    assert urls["queue"] == reverse("admin:argmap_review_queue") + f"?map={argument_map.pk}"
    assert urls["agreement"] == reverse("admin:argmap_agreement", args=[argument_map.pk, document.pk])
    assert (
        "permissions"
        not in as_user(team["alice"])
        .get(reverse("admin:argmap_annotate", args=[argument_map.pk, document.pk]))
        .context["boot"]
    ), "the role comes with the state, from the access selectors"


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


@pytest.mark.parametrize("page", ["change", "delete", "history"])
def test_no_annotation_route_shadows_the_admins_own_pages(team, as_user, argument_map, page):
    url = reverse(f"admin:argmap_argumentmap_{page}", args=[argument_map.pk])
    assert url == f"/admin/argmap/argumentmap/{argument_map.pk}/{page}/"
    assert resolve(url).url_name == f"argmap_argumentmap_{page}"
    response = as_user(team["owner"]).get(url)
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"].startswith("text/html")


def test_the_admins_delete_map_page_is_its_confirmation_page(team, as_user, argument_map):
    response = as_user(team["owner"]).get(f"/admin/argmap/argumentmap/{argument_map.pk}/delete/")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/html")
    assert "Are you sure" in response.content.decode()
    assert response.resolver_match.url_name == "argmap_argumentmap_delete"


def test_every_annotation_page_lives_under_annotate():
    for pattern in annotation_urls(admin.site):
        assert str(pattern.pattern).startswith("annotate/"), pattern


# ---------------------------------------------------------------- the screen's calls, through REST with the session


def test_session_writes_need_the_csrf_token(team, argument_map, document):
    client = Client(enforce_csrf_checks=True)
    client.force_login(team["alice"])
    urls = boot_urls(client, argument_map, document)
    assert passage(client, urls, document, "野家の例").status_code == 403, "no CSRF token, no write"
    assert not Statement.objects.exists()
    token = client.cookies["csrftoken"].value
    start = TEXT.index("野家の例")
    body = {"document": str(document.pk), "kind": "claim", "exact": "野家の例", "start": start, "end": start + 4}
    response = client.post(urls["passages"], body, content_type="application/json", HTTP_X_CSRFTOKEN=token)
    assert response.status_code == 201, response.content
    assert client.get(urls["state"]).json()["statements"][0]["text"] == "野家の例"


def test_an_annotator_builds_a_map_through_the_screens_calls(team, as_user, argument_map, document):
    client = as_user(team["alice"])
    urls = boot_urls(client, argument_map, document)
    state = client.get(urls["state"]).json()
    assert state["permissions"]["role"] == "annotator" and state["permissions"]["own_work_only"]
    made = passage(client, urls, document, "野家の例")
    assert made.status_code == 201, made.content
    claim_id = made.json()["statement"]["id"]
    assert (made.json()["anchor"]["start"], made.json()["anchor"]["end"]) == (23, 27), "code points"
    premise_id = passage(client, urls, document, "Second", kind="premise").json()["statement"]["id"]
    rebuttal_id = passage(client, urls, document, "北朝鮮", kind="rebuttal").json()["statement"]["id"]
    support = client.post(
        urls["arguments"],
        {"conclusion": claim_id, "premises": [premise_id], "scheme": "expert_opinion"},
        content_type="application/json",
    )
    assert support.status_code == 201, support.content
    inference_id = support.json()["scheme_application"]["id"]
    for target in (claim_id, inference_id):
        attack = client.post(
            urls["attacks"], {"attacker": rebuttal_id, "target": target}, content_type="application/json"
        )
        assert attack.status_code == 201, attack.content
    statement_url = f"{urls['api']}statements/{claim_id}/"
    saved = client.patch(statement_url, {"gloss": "Yoshinoya"}, content_type="application/json", HTTP_IF_MATCH='"1"')
    assert saved.status_code == 200 and saved.headers["ETag"] == '"2"'
    stale = client.patch(statement_url, {"gloss": "again"}, content_type="application/json", HTTP_IF_MATCH='"1"')
    assert stale.status_code == 412 and stale.headers["Content-Type"] == "application/problem+json"
    assert "reload" in stale.json()["detail"]
    state = client.get(urls["state"]).json()
    kinds = sorted(a["conflict_kind"] for a in state["scheme_applications"] if a["type"] == "conflict")
    assert kinds == ["rebut", "undercut"]
    drafts = [{"id": n["id"], "version": n["version"]} for n in state["statements"] + state["scheme_applications"]]
    proposed = client.post(urls["reviews"], {"status": "proposed", "nodes": drafts}, content_type="application/json")
    assert proposed.status_code == 200 and len(proposed.json()["reviewed"]) == 6
    picture = client.get(urls["picture"])
    assert picture.status_code == 200 and picture["Content-Type"].startswith("image/svg+xml")
    assert picture.content.count(b'class="node statement') == 3


def test_refusals_are_the_apis_problems(team, as_user, argument_map, document):
    # as_user logs the one test client in as that user
    urls = boot_urls(as_user(team["alice"]), argument_map, document)
    claim_id = passage(as_user(team["alice"]), urls, document, "野家の例").json()["statement"]["id"]
    statement_url = f"{urls['api']}statements/{claim_id}/"
    bob = as_user(team["bob"])
    refused = bob.patch(statement_url, {"text": "mine now"}, content_type="application/json", HTTP_IF_MATCH='"1"')
    assert refused.status_code == 403 and "only what they created" in refused.json()["detail"]
    assert refused["Content-Type"] == "application/problem+json"
    assert bob.delete(statement_url, HTTP_IF_MATCH='"1"').status_code == 403
    vera = as_user(team["vera"])
    assert (
        vera.patch(statement_url, {"text": "x"}, content_type="application/json", HTTP_IF_MATCH='"1"').status_code
        == 403
    )
    stranger = as_user(team["stranger"])
    for url in (urls["state"], urls["picture"], statement_url, f"{statement_url}discussion/"):
        response = stranger.get(url)
        assert response.status_code == 404 and response["Content-Type"] == "application/problem+json", url
    assert passage(stranger, urls, document, "Second").status_code == 404
    alice = as_user(team["alice"])
    assert alice.delete(statement_url).status_code == 428, "If-Match is required"
    bad = passage(alice, urls, document, "Second", kind="thesis")
    assert bad.status_code == 400 and "kind" in bad.json()["errors"]
    assert alice.delete(statement_url, HTTP_IF_MATCH='"1"').status_code == 200
    assert not Statement.objects.exists()


def test_blind_annotation_hides_the_others_drafts_from_the_screen(team, as_user, argument_map, document):
    start_independent_annotation(actor=team["owner"], argument_map=argument_map)
    urls = boot_urls(as_user(team["alice"]), argument_map, document)
    alices_id = passage(as_user(team["alice"]), urls, document, "野家の例").json()["statement"]["id"]
    passage(as_user(team["bob"]), urls, document, "野家", kind="premise")
    bob = as_user(team["bob"])
    state = bob.get(urls["state"]).json()
    assert [s["text"] for s in state["statements"]] == ["野家"] and len(state["anchors"]) == 1
    assert bob.get(f"{urls['api']}statements/{alices_id}/discussion/").status_code == 404
    assert alices_id not in bob.get(urls["picture"]).content.decode()
    assert len(as_user(team["rita"]).get(urls["state"]).json()["statements"]) == 2


# ---------------------------------------------------------------- review queue and agreement pages


def test_review_queue_lists_proposals_and_accepts_in_bulk(team, as_user, argument_map, django_assert_max_num_queries):
    proposed = [make_statement(argument_map, text=f"案{i}", actor=team["alice"]) for i in range(3)]
    for statement in proposed:
        services.set_review_status(actor=team["alice"], node=statement, status="proposed", expected_version=1)
    make_statement(argument_map, text="下書き", actor=team["alice"])
    client = as_user(team["rita"])
    url = reverse("admin:argmap_review_queue")
    assert url == "/admin/argmap/argumentmap/annotate/review-queue/"
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


def test_agreement_page_reports_and_the_curator_merges(team, as_user, argument_map, document):
    start_independent_annotation(actor=team["owner"], argument_map=argument_map)
    urls = boot_urls(as_user(team["alice"]), argument_map, document)
    passage(as_user(team["alice"]), urls, document, "野家の例")
    passage(as_user(team["bob"]), urls, document, "野家の例")
    passage(as_user(team["alice"]), urls, document, "Second", kind="premise")
    url = reverse("admin:argmap_agreement", args=[argument_map.pk, document.pk])
    assert url == f"/admin/argmap/argumentmap/annotate/{argument_map.pk}/{document.pk}/agreement/"
    page = as_user(team["rita"]).get(url).content.decode()
    assert "Krippendorff" in page and "alice / bob" in page and "unmatched" in page and "agreed" in page
    side_by_side = page[page.index('id="layers-in-text"') :]
    side_by_side = side_by_side[: side_by_side.index("</table>")]
    assert side_by_side.count('class="layer-span kind-claim"') == 2, "alice's and bob's 野家の例 side by side"
    assert 'class="layer-span kind-premise"' in side_by_side and 'class="disagree"' in side_by_side
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


def test_agreement_compares_annotators_only_not_the_loaded_reference(team, as_user, argument_map, document):
    """A dataset loaded by a command (no annotator) is what the team works on, not an "(unknown)" layer."""
    seeded = annotate_passage(
        actor=None,
        argument_map=argument_map,
        document=document,
        kind="claim",
        exact="Second",
        start=document.text.index("Second"),
        end=document.text.index("Second") + 6,
    )[0]
    urls = boot_urls(as_user(team["alice"]), argument_map, document)
    passage(as_user(team["alice"]), urls, document, "野家の例")
    passage(as_user(team["bob"]), urls, document, "野家の例")
    url = reverse("admin:argmap_agreement", args=[argument_map.pk, document.pk])
    page = as_user(team["rita"]).get(url).content.decode()
    assert "alice / bob" in page
    assert "(unknown)" not in page and "None" not in page and str(seeded.pk) not in page


def test_agreement_page_runs_a_fixed_number_of_queries(
    team, as_user, argument_map, document, django_assert_max_num_queries
):
    claim = annotate_passage(
        actor=team["alice"], argument_map=argument_map, document=document, kind="claim", exact="北朝鮮", start=0, end=3
    )[0]
    client = as_user(team["rita"])
    agreement_url = reverse("admin:argmap_agreement", args=[argument_map.pk, document.pk])

    def measure():
        with django_assert_max_num_queries(14) as agreement:
            client.get(agreement_url)
        return len(agreement)

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
                confirm_repeat=True,
            )
    for who in ("vera", "rita", "bob"):
        assess(actor=team[who], node=claim, agreement="agree", strength=3)
    assert measure() == before
