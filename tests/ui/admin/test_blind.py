"""Blind independent annotation holds in the admin as in REST: while a map is annotated
blind, annotator bob never sees annotator alice's unreviewed work anywhere in the admin
(issue "The admin as a thin client")."""

import html
import uuid
from types import SimpleNamespace

import pytest

from argmap import services
from argmap.services.annotation import add_comment, start_independent_annotation
from tests.factories import make_anchored_passage
from tests.ui.admin.conftest import staff, text_of

pytestmark = [pytest.mark.django_db, pytest.mark.defect("blind-annotation")]

TEXT = "北朝鮮は核弾頭を50発保有すると推計される。𠮷野家の例。Second sentence. Third sentence here."
ALICE = "ALICE-DRAFT-3c9e 秘密の下書き"


@pytest.fixture
def blind():
    owner = staff("blind-owner")
    workspace = services.create_workspace(actor=owner, slug="blind", name="Blind workspace")
    users = {"owner": owner}
    for name, role in (("alice", "annotator"), ("bob", "annotator"), ("rita", "reviewer")):
        users[name] = staff(name)
        services.add_member(actor=owner, workspace=workspace, user=users[name], role=role)
    document = services.create_document(actor=owner, workspace=workspace, title="Blind report", text=TEXT)
    argument_map = services.create_map(actor=owner, workspace=workspace, name="Blind map", documents=[document])
    start_independent_annotation(actor=owner, argument_map=argument_map)

    def passage(user, exact, kind, text):
        return make_anchored_passage(argument_map, document, exact, kind=kind, actor=user, text=text)

    alice, bob = users["alice"], users["bob"]
    claim, claim_anchor = passage(alice, "𠮷野家の例", "claim", f"{ALICE} claim")
    premise, premise_anchor = passage(alice, "Second sentence", "premise", f"{ALICE} premise")
    inference = services.create_argument(actor=alice, premises=[premise], conclusion=claim, note=f"{ALICE} note")
    source = services.create_source(actor=owner, workspace=workspace, title="Shared source")
    link = services.create_evidence_link(actor=alice, statement=premise, source=source, quote=f"{ALICE} quote")
    comment = add_comment(actor=alice, node=claim, body=f"{ALICE} comment")
    bobs, _ = passage(bob, "Third sentence", "claim", "BOB-OWN claim")
    alice_ids = {
        str(pk)
        for pk in (
            claim.pk,
            premise.pk,
            claim_anchor.pk,
            premise_anchor.pk,
            inference.pk,
            link.pk,
            comment.pk,
            *inference.edges.values_list("pk", flat=True),
        )
    }
    return SimpleNamespace(
        users=users, map=argument_map, document=document, claim=claim, bobs=bobs, source=source, alice_ids=alice_ids
    )


def assert_alice_hidden(page: str, blind, where: str) -> None:
    assert "ALICE-DRAFT-3c9e" not in page, f"{where} shows alice's hidden draft to bob"
    leaked = sorted(pk for pk in blind.alice_ids if pk in page)
    assert not leaked, f"{where} shows ids of alice's hidden draft to bob: {leaked}"


def test_statement_changelist_search_does_not_find_alices_draft_for_bob(client, blind):
    client.force_login(blind.users["bob"])
    page = text_of(client.get("/admin/argmap/statement/"))
    assert "BOB-OWN claim" in page, "bob lists his own work (the page is the changelist)"
    assert_alice_hidden(page, blind, "the statement changelist")
    searched = client.get("/admin/argmap/statement/", {"q": "秘密"})
    assert searched.status_code == 200
    assert_alice_hidden(text_of(searched), blind, "the statement changelist searched for 秘密")


@pytest.mark.parametrize(
    "model_name",
    ["statement", "schemeapplication", "edge", "anchor", "evidencelink", "comment", "change"],
)
def test_changelists_and_their_filters_do_not_show_alices_draft_to_bob(client, blind, model_name):
    client.force_login(blind.users["bob"])
    for query in ("", "?_facets=True"):
        response = client.get(f"/admin/argmap/{model_name}/{query}")
        assert response.status_code == 200
        assert_alice_hidden(text_of(response), blind, f"the {model_name} changelist{query}")


def test_the_maps_change_page_does_not_show_alices_draft_to_bob(client, blind):
    client.force_login(blind.users["bob"])
    response = client.get(f"/admin/argmap/argumentmap/{blind.map.pk}/change/")
    assert response.status_code == 200
    assert_alice_hidden(text_of(response), blind, "the map's change page")


@pytest.mark.parametrize(
    "model_name, field_name", [("edge", "statement"), ("evidencelink", "statement"), ("anchor", "statement")]
)
def test_autocomplete_does_not_offer_alices_draft_to_bob(client, blind, model_name, field_name):
    client.force_login(blind.users["bob"])
    for term in ("", "ALICE", "秘密"):
        response = client.get(
            "/admin/autocomplete/",
            {"app_label": "argmap", "model_name": model_name, "field_name": field_name, "term": term},
        )
        # JSON escapes non-ASCII text; decode it before looking
        page = html.unescape(response.content.decode("unicode_escape", errors="replace"))
        assert_alice_hidden(page, blind, f"autocomplete {model_name}.{field_name} (term {term!r})")


def test_alices_draft_pages_answer_bob_as_a_missing_statement_would(client, blind):
    client.force_login(blind.users["bob"])
    for view in ("change", "history", "delete"):
        response = client.get(f"/admin/argmap/statement/{blind.claim.pk}/{view}/")
        missing = client.get(f"/admin/argmap/statement/{uuid.uuid4()}/{view}/")
        assert response.status_code != 200, f"bob opens alice's draft's {view} page"
        assert (response.status_code, response.get("Location")) == (missing.status_code, missing.get("Location"))
        assert_alice_hidden(text_of(response), blind, f"alice's statement's {view} page")


def test_alice_sees_her_own_draft_and_not_bobs(client, blind):
    """The blind rule hides alice's work from bob, not from alice; and bob's from alice."""
    client.force_login(blind.users["alice"])
    page = text_of(client.get("/admin/argmap/statement/"))
    assert f"{ALICE} claim" in page
    assert "BOB-OWN claim" not in page
