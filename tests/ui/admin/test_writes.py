"""Writes through the admin obey the same rules as REST and GraphQL (issue "The admin as a
thin client"): rows stay in their map, review needs a reviewer, the services' refusals
hold, inline saves are recorded, stale forms are refused, and a map of the report's size
can be saved."""

import re

import pytest
from django.urls import reverse

from argmap import services
from argmap.models import Anchor, ArgumentMap, Change, Edge, EvidenceLink, Statement
from tests.ui.admin.conftest import B_TEXT, get_form, html_forms, staff, text_of

pytestmark = pytest.mark.django_db


def change_url(model_name, pk):
    return reverse(f"admin:argmap_{model_name}_change", args=[pk])


def set_if_present(data, form, name, value):
    if name in form.names:
        data.set(name, value)


# --------------------------------------------------------------------------- rows move across maps


@pytest.mark.defect("fk-moves-rows")
def test_author_cannot_move_their_statement_into_a_private_map_where_they_are_only_a_viewer(client, attackers):
    annotator = attackers.users["annotator"]
    other_owner = staff("charlie-owner")
    charlie = services.create_workspace(actor=other_owner, slug="charlie", name="Charlie workspace")
    services.add_member(actor=other_owner, workspace=charlie, user=annotator, role="viewer")
    private_map = services.create_map(actor=other_owner, workspace=charlie, name="Charlie private map")

    client.force_login(annotator)
    url = change_url("statement", attackers.claim.pk)
    _form, data = get_form(client, url)
    data.set("map", private_map.pk).set("workspace", charlie.pk).set("text", "moved away")
    client.post(url, data)

    statement = Statement.objects.get(pk=attackers.claim.pk)
    assert (statement.map_id, statement.workspace_id) == (attackers.map.pk, attackers.workspace.pk), (
        "the statement was moved into a map where its author may only read"
    )
    assert not Statement.objects.filter(map=private_map).exists()


@pytest.mark.defect("fk-moves-rows")
def test_editor_cannot_move_a_statement_to_another_map(client, attackers):
    other_map = services.create_map(actor=attackers.users["owner"], workspace=attackers.workspace, name="Bravo two")
    client.force_login(attackers.users["editor"])
    url = change_url("statement", attackers.premise.pk)
    _form, data = get_form(client, url)
    data.set("map", other_map.pk)
    client.post(url, data)

    assert Statement.objects.get(pk=attackers.premise.pk).map_id == attackers.map.pk
    assert not Statement.objects.filter(map=other_map).exists()


def _edges_across_maps():
    return [e for e in Edge.objects.select_related("statement") if e.statement and e.statement.map_id != e.map_id]


@pytest.mark.defect("fk-moves-rows")
def test_editor_cannot_repoint_an_edge_at_a_statement_of_another_map(client, attackers):
    owner = attackers.users["owner"]
    other_map = services.create_map(actor=owner, workspace=attackers.workspace, name="Bravo two")
    elsewhere = services.create_statement(actor=owner, argument_map=other_map, kind="premise", text="elsewhere")
    edge = attackers.inference.edges.get(role="antecedent")

    client.force_login(attackers.users["editor"])
    url = change_url("edge", edge.pk)
    _form, data = get_form(client, url)
    data.set("statement", elsewhere.pk)
    client.post(url, data)

    assert Edge.objects.get(pk=edge.pk).statement_id == attackers.premise.pk
    assert _edges_across_maps() == []


@pytest.mark.defect("fk-moves-rows")
def test_editor_cannot_add_an_edge_to_a_statement_of_another_map(client, attackers):
    owner = attackers.users["owner"]
    other_map = services.create_map(actor=owner, workspace=attackers.workspace, name="Bravo two")
    elsewhere = services.create_statement(actor=owner, argument_map=other_map, kind="premise", text="elsewhere")
    before = Edge.objects.count()

    client.force_login(attackers.users["editor"])
    url = reverse("admin:argmap_edge_add")
    form, data = get_form(client, url)
    data.set("application", attackers.inference.pk).set("role", "antecedent").set("statement", elsewhere.pk)
    set_if_present(data, form, "map", attackers.map.pk)
    set_if_present(data, form, "workspace", attackers.workspace.pk)
    response = client.post(url, data)

    assert response.status_code != 302, "the admin added an edge to a statement of another map"
    assert Edge.objects.count() == before
    assert _edges_across_maps() == []


# --------------------------------------------------------------------------- the "propose" changelist action


def propose_action(client, user) -> str:
    """The name of the changelist action labelled "Propose …", as the owner sees it."""
    client.force_login(user)
    page = client.get(reverse("admin:argmap_statement_changelist")).content.decode()
    found = re.search(r'<option value="([^"]+)"[^>]*>\s*Propose', page)
    assert found, "the statement changelist offers a Propose action to the owner"
    return found.group(1)


def run_action(client, user, action, statements):
    client.force_login(user)
    return client.post(
        reverse("admin:argmap_statement_changelist"),
        {"action": action, "_selected_action": [str(s.pk) for s in statements], "index": "0"},
    )


@pytest.mark.defect("propose-action")
def test_viewer_cannot_withdraw_an_accepted_statement_with_the_propose_action(client, attackers):
    users = attackers.users
    claim = attackers.claim
    services.set_review_status(actor=users["annotator"], node=claim, status="proposed", expected_version=claim.version)
    claim.refresh_from_db()
    services.set_review_status(actor=users["reviewer"], node=claim, status="accepted", expected_version=claim.version)

    action = propose_action(client, users["owner"])
    run_action(client, users["viewer"], action, [claim])

    assert Statement.objects.get(pk=claim.pk).status == "accepted"


@pytest.mark.defect("propose-action")
def test_reviewer_cannot_propose_an_annotators_draft(client, attackers):
    action = propose_action(client, attackers.users["owner"])
    run_action(client, attackers.users["reviewer"], action, [attackers.premise])

    assert Statement.objects.get(pk=attackers.premise.pk).status == "draft"


@pytest.mark.defect("propose-action")
def test_author_proposes_their_own_draft_with_the_action(client, attackers):
    """Control: the action still works for whom it is meant (so the two tests above reach it)."""
    action = propose_action(client, attackers.users["owner"])
    run_action(client, attackers.users["annotator"], action, [attackers.premise])

    assert Statement.objects.get(pk=attackers.premise.pk).status == "proposed"


# --------------------------------------------------------------------------- a map of the report's size


@pytest.mark.defect("map-form-size")
def test_a_map_with_140_statements_can_be_saved_from_its_change_page(client, attackers):
    owner = attackers.users["owner"]
    big = services.create_map(actor=owner, workspace=attackers.workspace, name="Report-sized map")
    for number in range(140):
        services.create_statement(
            actor=owner, argument_map=big, kind="premise", text=f"Statement {number}", gloss=f"gloss {number}"
        )

    client.force_login(owner)
    url = change_url("argumentmap", big.pk)
    form, data = get_form(client, url)
    data.set("description", "saved from the admin")
    response = client.post(url, data)

    assert response.status_code == 302, (
        f"saving the map answered {response.status_code} ({len(form.names)} form fields posted back)"
    )
    assert ArgumentMap.objects.get(pk=big.pk).description == "saved from the admin"
    assert Statement.objects.filter(map=big).count() == 140
    assert len(form.names) < 200, f"the map's change form has {len(form.names)} fields"


# --------------------------------------------------------------------------- inline saves are recorded


@pytest.mark.defect("inline-history")
def test_an_evidence_link_added_inline_is_recorded_with_its_author(client, attackers):
    annotator = attackers.users["annotator"]
    statement = attackers.claim
    client.force_login(annotator)
    url = change_url("statement", statement.pk)
    form, data = get_form(client, url)
    index = data.add_inline_row("evidence_links", form, source=attackers.source.pk, locator="p. 7")
    for name, value in (("workspace", attackers.workspace.pk), ("map", attackers.map.pk)):
        if f"evidence_links-__prefix__-{name}" in form.names:
            data.set(f"evidence_links-{index}-{name}", value)
    response = client.post(url, data)
    assert response.status_code == 302, text_of(response)[:3000]

    link = EvidenceLink.objects.get(statement=statement, locator="p. 7")
    assert link.created_by == annotator and link.updated_by == annotator
    assert link.version == 1
    recorded = Change.objects.filter(entity="evidencelink", entity_id=str(link.pk), action="create")
    assert recorded.count() == 1, "adding an evidence link in the admin wrote no history"
    assert recorded.get().actor == annotator
    assert recorded.get().workspace_id == attackers.workspace.pk


@pytest.mark.defect("inline-history")
def test_an_anchor_added_inline_is_recorded_with_its_author(client, attackers):
    annotator = attackers.users["annotator"]
    statement = attackers.claim
    exact = "A claim here"
    start = B_TEXT.index(exact)
    client.force_login(annotator)
    url = change_url("statement", statement.pk)
    form, data = get_form(client, url)
    index = data.add_inline_row(
        "anchors", form, document=attackers.document.pk, exact=exact, start=start, end=start + len(exact)
    )
    for name, value in (("workspace", attackers.workspace.pk), ("map", attackers.map.pk), ("status", "anchored")):
        if f"anchors-__prefix__-{name}" in form.names:
            data.set(f"anchors-{index}-{name}", value)
    response = client.post(url, data)
    assert response.status_code == 302, text_of(response)[:3000]

    anchor = Anchor.objects.get(statement=statement)
    assert (anchor.start, anchor.end, anchor.exact) == (start, start + len(exact), exact)
    assert anchor.created_by == annotator
    recorded = Change.objects.filter(entity="anchor", entity_id=str(anchor.pk), action="create")
    assert recorded.count() == 1, "adding an anchor in the admin wrote no history"
    assert recorded.get().actor == annotator


# --------------------------------------------------------------------------- review cannot be bypassed


@pytest.mark.defect("review-bypass")
def test_annotator_cannot_create_an_accepted_statement_in_the_add_form(client, attackers):
    client.force_login(attackers.users["annotator"])
    url = reverse("admin:argmap_statement_add")
    form, data = get_form(client, url)
    data.set("map", attackers.map.pk).set("kind", "claim").set("text", "accepted by myself").set("status", "accepted")
    set_if_present(data, form, "workspace", attackers.workspace.pk)
    client.post(url, data)

    assert not Statement.objects.filter(text="accepted by myself", status="accepted").exists(), (
        "an annotator created an accepted statement without review"
    )


@pytest.mark.defect("review-bypass")
def test_annotator_cannot_accept_their_own_rejected_statement_in_the_change_form(client, attackers):
    users = attackers.users
    premise = attackers.premise
    services.set_review_status(actor=users["annotator"], node=premise, status="proposed", expected_version=1)
    services.set_review_status(
        actor=users["reviewer"], node=premise, status="rejected", expected_version=2, reason="no"
    )

    client.force_login(users["annotator"])
    url = change_url("statement", premise.pk)
    _form, data = get_form(client, url)
    data.set("status", "accepted")
    client.post(url, data)

    assert Statement.objects.get(pk=premise.pk).status == "rejected"


@pytest.mark.defect("review-bypass")
def test_editor_cannot_accept_in_the_change_form(client, attackers):
    claim = attackers.claim
    services.set_review_status(actor=attackers.users["annotator"], node=claim, status="proposed", expected_version=1)

    client.force_login(attackers.users["editor"])
    url = change_url("statement", claim.pk)
    _form, data = get_form(client, url)
    data.set("status", "accepted")
    client.post(url, data)

    assert Statement.objects.get(pk=claim.pk).status == "proposed"


@pytest.mark.defect("review-bypass")
def test_reviewer_accepts_in_the_change_form(client, attackers):
    """Control: review in the admin works for reviewers (so the refusals above are about roles)."""
    claim = attackers.claim
    services.set_review_status(actor=attackers.users["annotator"], node=claim, status="proposed", expected_version=1)

    client.force_login(attackers.users["reviewer"])
    url = change_url("statement", claim.pk)
    _form, data = get_form(client, url)
    data.set("status", "accepted")
    response = client.post(url, data)

    assert response.status_code == 302, text_of(response)[:3000]
    assert Statement.objects.get(pk=claim.pk).status == "accepted"


# --------------------------------------------------------------------------- deletions


@pytest.mark.defect("edge-delete")
def test_the_conclusion_edge_of_a_complete_inference_cannot_be_deleted_in_the_admin(client, attackers):
    edge = attackers.inference.edges.get(role="consequent")
    client.force_login(attackers.users["editor"])
    client.post(reverse("admin:argmap_edge_delete", args=[edge.pk]), {"post": "yes"})

    assert Edge.objects.filter(pk=edge.pk).exists(), (
        "the admin deleted an inference's only conclusion, which services.delete_edge refuses"
    )


@pytest.mark.defect("delete-map-url")
def test_owner_deletes_a_map_from_the_admins_confirmation_page(client, attackers):
    argument_map = attackers.map
    statement_ids = {str(pk) for pk in argument_map.statements.values_list("pk", flat=True)}
    client.force_login(attackers.users["owner"])
    url = f"/admin/argmap/argumentmap/{argument_map.pk}/delete/"

    page = client.get(url)
    assert page.status_code == 200, f"the delete page answered {page.status_code}: {page.content[:300]!r}"
    assert page["Content-Type"].startswith("text/html")
    assert "Are you sure" in text_of(page)
    assert any(f.attrs.get("method", "").lower() == "post" for f in html_forms(page.content.decode()))

    response = client.post(url, {"post": "yes"})
    assert response.status_code == 302, f"confirming answered {response.status_code}: {response.content[:300]!r}"
    assert not ArgumentMap.objects.filter(pk=argument_map.pk).exists()
    deletions = Change.objects.filter(action="delete")
    assert deletions.filter(entity="argumentmap", entity_id=str(argument_map.pk)).exists()
    assert statement_ids <= set(deletions.filter(entity="statement").values_list("entity_id", flat=True))


# --------------------------------------------------------------------------- stale forms


@pytest.mark.defect("stale-version")
def test_a_statement_form_opened_before_someone_elses_save_is_refused(client, attackers):
    annotator = attackers.users["annotator"]
    statement = attackers.claim
    client.force_login(annotator)
    url = change_url("statement", statement.pk)
    _form, data = get_form(client, url)
    opened = data.value("opened_version", data.value("version"))
    assert opened == str(statement.version), "the form carries the version it was opened at"

    services.update_statement(
        actor=attackers.users["editor"], statement=statement, expected_version=statement.version, text="service text"
    )
    data.set("text", "admin text")
    response = client.post(url, data)

    assert Statement.objects.get(pk=statement.pk).text == "service text"
    assert response.status_code in (200, 409, 412)
    if response.status_code == 200:
        assert "errornote" in response.content.decode() or "errorlist" in response.content.decode()


@pytest.mark.defect("stale-version")
@pytest.mark.django_db(transaction=True)
def test_a_save_that_lands_while_the_admin_saves_is_not_lost(client, attackers):
    """The version check must hold under a row lock up to the write. Another session's
    update arrives in the middle of the admin's save (just before the admin writes the
    row): either that update waits and is refused as stale, or the admin's save is
    refused. Both succeeding means one of them was silently overwritten."""
    import threading

    from django.db import connection
    from django.db.models.signals import pre_save

    from argmap.errors import DomainError

    statement, editor = attackers.claim, attackers.users["editor"]
    client.force_login(attackers.users["annotator"])
    url = change_url("statement", statement.pk)
    _form, data = get_form(client, url)
    data.set("text", "admin text")
    other = {}

    def concurrent_update():
        try:
            current = Statement.objects.get(pk=statement.pk)
            services.update_statement(actor=editor, statement=current, expected_version=1, text="service text")
            other["result"] = "saved"
        except DomainError as exc:
            other["result"] = f"refused: {exc.message}"
        finally:
            connection.close()

    thread = threading.Thread(target=concurrent_update)

    def in_the_middle(sender, instance, **kwargs):
        if instance.pk == statement.pk and instance.text == "admin text" and not thread.is_alive() and not other:
            thread.start()
            thread.join(timeout=5)  # a row lock held by the admin makes it wait: then carry on

    pre_save.connect(in_the_middle, sender=Statement, weak=False)
    try:
        response = client.post(url, data)
    finally:
        pre_save.disconnect(in_the_middle, sender=Statement)
        if thread.is_alive() or thread.ident is not None:
            thread.join(timeout=30)

    assert other, "the concurrent update ran during the admin's save"
    final = Statement.objects.get(pk=statement.pk)
    both_saved = other["result"] == "saved" and final.text == "admin text"
    assert not both_saved, (
        f"lost update: another session saved 'service text' while the admin checked the version without a lock; "
        f"the admin then overwrote it (admin answered {response.status_code}, version now {final.version})"
    )


# --------------------------------------------------------------------------- confirmations, as on REST and GraphQL


def test_a_support_cycle_needs_the_same_confirmation_in_the_admin_as_over_rest(client, attackers):
    """premise ⇒ claim exists; adding claim as a premise of an inference into premise closes a cycle."""
    editor = attackers.users["editor"]
    other = services.create_statement(actor=editor, argument_map=attackers.map, kind="premise", text="Bravo other")
    back = services.create_argument(actor=editor, premises=[other], conclusion=attackers.premise)
    url = reverse("admin:argmap_edge_add")
    client.force_login(editor)

    def add_claim_as_premise(confirm: bool):
        form, data = get_form(client, url)
        assert "confirm_cycle" in form.names, "the edge form offers the cycle confirmation"
        data.set("application", back.pk).set("role", "antecedent").set("statement", attackers.claim.pk)
        if confirm:
            data.set("confirm_cycle", "on")
        return client.post(url, data)

    refused = add_claim_as_premise(confirm=False)
    assert refused.status_code == 200
    assert "cycle" in text_of(refused).lower()
    assert not back.edges.filter(statement=attackers.claim).exists()

    accepted = add_claim_as_premise(confirm=True)
    assert accepted.status_code == 302
    assert back.edges.filter(statement=attackers.claim, role="antecedent").exists()
