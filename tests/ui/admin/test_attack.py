"""The admin attacked by staff members of another workspace: nothing of a private
workspace may be shown, listed, counted, picked or published (issue "The admin as a
thin client"). Workspace A (``private``) is private and marked with ``MARKER``;
workspace B's staff (``attackers``: owner, editor, annotator, reviewer, viewer, and
``nobody``, staff without any membership) look for it."""

import json
import uuid

import pytest
from django.contrib import admin
from django.urls import reverse

from argmap.models import Change
from tests.ui.admin.conftest import MARKER, assert_no_leak, get_form, text_of

pytestmark = pytest.mark.django_db

#: Every argmap model the admin registers (checked against ``admin.site._registry`` below).
MODELS = [
    "workspace",
    "membership",
    "document",
    "argumentmap",
    "statement",
    "schemeapplication",
    "edge",
    "anchor",
    "scheme",
    "source",
    "evidencelink",
    "tag",
    "participant",
    "change",
    "comment",
    "assessment",
    "criticalquestionanswer",
    "independentannotation",
    "webhook",
    "webhookdelivery",
    "pipeline",
    "suggestiondecision",
]


def registered_models() -> set[str]:
    return {model._meta.model_name for model in admin.site._registry if model._meta.app_label == "argmap"}


@pytest.mark.defect("list-filters-and-pickers")
def test_the_attacked_model_list_is_every_registered_argmap_model():
    assert set(MODELS) >= registered_models()


# --------------------------------------------------------------------------- CRITICAL: many-to-many publishing


@pytest.mark.defect("m2m-publish")
def test_staff_owner_of_b_cannot_attach_a_private_document_of_a_to_their_public_map(client, private, attackers):
    client.force_login(attackers.users["owner"])
    url = reverse("admin:argmap_argumentmap_change", args=[attackers.map.pk])
    form, data = get_form(client, url)
    data.set("documents", attackers.document.pk, private.document.pk)
    response = client.post(url, data)

    attached = attackers.map.documents.filter(pk=private.document.pk).exists()
    client.logout()
    anonymous = client.get(f"/api/v1/documents/{private.document.pk}/").status_code

    assert "documents" in form.names, "the map form lets an owner attach documents"
    assert (response.status_code != 302, attached, anonymous) == (True, False, 404), (
        f"the admin answered {response.status_code}, attached A's private document to B's public map: {attached}, "
        f"and anonymous GET /api/v1/documents/<id>/ answers {anonymous}"
    )


@pytest.mark.defect("m2m-publish")
def test_annotator_of_b_cannot_tag_their_public_statement_with_a_private_tag_of_a(client, private, attackers):
    client.force_login(attackers.users["annotator"])
    url = reverse("admin:argmap_statement_change", args=[attackers.claim.pk])
    form, data = get_form(client, url)
    data.set("tags", attackers.tag.pk, private.tag.pk)
    response = client.post(url, data)

    tagged = attackers.claim.tags.filter(pk=private.tag.pk).exists()
    client.logout()
    anonymous = client.get(f"/api/v1/tags/{private.tag.pk}/").status_code

    assert "tags" in form.names, "the statement form lets an annotator tag their statement"
    assert (response.status_code != 302, tagged, anonymous) == (True, False, 404), (
        f"the admin answered {response.status_code}, tagged B's public statement with A's private tag: {tagged}, "
        f"and anonymous GET /api/v1/tags/<id>/ answers {anonymous}"
    )


@pytest.mark.defect("m2m-publish")
def test_editor_of_b_cannot_tag_their_public_inference_with_a_private_tag_of_a(client, private, attackers):
    client.force_login(attackers.users["editor"])
    url = reverse("admin:argmap_schemeapplication_change", args=[attackers.inference.pk])
    form, data = get_form(client, url)
    data.set("tags", private.tag.pk)
    response = client.post(url, data)

    if "tags" in form.names:  # a form without the field ignores it; otherwise the save must be refused
        assert response.status_code != 302, (
            "the admin accepted an inference tagged with another workspace's private tag"
        )
    assert not attackers.inference.tags.filter(pk=private.tag.pk).exists()


@pytest.mark.defect("m2m-publish")
@pytest.mark.parametrize(
    "role, page",
    [
        ("owner", "argumentmap_change"),
        ("owner", "argumentmap_add"),
        ("annotator", "statement_change"),
        ("annotator", "statement_add"),
        ("editor", "schemeapplication_change"),
        ("editor", "schemeapplication_add"),
    ],
)
def test_many_to_many_pickers_offer_no_private_document_or_tag(client, private, attackers, role, page):
    own = {"argumentmap": attackers.map, "statement": attackers.claim, "schemeapplication": attackers.inference}
    model_name, view = page.split("_")
    args = [own[model_name].pk] if view == "change" else []
    client.force_login(attackers.users[role])
    response = client.get(reverse(f"admin:argmap_{page}", args=args))
    assert response.status_code == 200
    page_text = text_of(response)
    assert private.document.title not in page_text and str(private.document.pk) not in page_text
    assert private.tag.slug not in page_text and str(private.tag.pk) not in page_text
    assert_no_leak(page_text, private, f"the {page} form of {role}")


# --------------------------------------------------------------------------- changelists, filters, facets, add forms


def _leaks(client, private, attackers, urls, allowed_statuses):
    """Every (user, url) whose page shows private content or answers an unexpected status."""
    problems = []
    for role, user in attackers.users.items():
        client.force_login(user)
        for url in urls:
            response = client.get(url)
            if response.status_code not in allowed_statuses:
                problems.append(f"{url} as {role}: status {response.status_code}")
                continue
            try:
                assert_no_leak(text_of(response), private, f"{url} as b-{role}")
            except AssertionError as exc:
                problems.append(str(exc).splitlines()[0])
        client.logout()
    return problems


@pytest.mark.defect("list-filters-and-pickers")
@pytest.mark.parametrize("model_name", MODELS)
def test_changelist_with_and_without_facets_names_nothing_private(client, private, attackers, model_name):
    base = f"/admin/argmap/{model_name}/"
    problems = _leaks(client, private, attackers, [base, f"{base}?_facets=True"], allowed_statuses={200, 403})
    assert not problems, "\n".join(problems)
    if model_name in registered_models():
        client.force_login(attackers.users["owner"])
        assert client.get(base).status_code == 200, "the owner of B should see the changelist (the test reaches it)"


@pytest.mark.defect("list-filters-and-pickers")
@pytest.mark.parametrize("model_name", MODELS)
def test_add_form_offers_nothing_private(client, private, attackers, model_name):
    problems = _leaks(client, private, attackers, [f"/admin/argmap/{model_name}/add/"], allowed_statuses={200, 403})
    assert not problems, "\n".join(problems)


def _private_objects(private):
    change = Change.objects.filter(workspace_id=private.workspace.pk, entity="statement").first()
    return [
        ("workspace", private.workspace.pk),
        ("membership", private.membership.pk),
        ("document", private.document.pk),
        ("argumentmap", private.map.pk),
        ("statement", private.claim.pk),
        ("schemeapplication", private.inference.pk),
        ("edge", private.edges[0].pk),
        ("anchor", private.anchor.pk),
        ("source", private.source.pk),
        ("evidencelink", private.evidence_link.pk),
        ("tag", private.tag.pk),
        ("participant", private.participant.pk),
        ("change", change.pk),
        ("comment", private.comment.pk),
        ("assessment", private.assessment.pk),
        ("criticalquestionanswer", private.answer.pk),
        ("independentannotation", private.blind.pk),
        ("webhook", private.webhook.pk),
        ("webhookdelivery", private.delivery.pk),
    ]


def _missing_id(model_name):
    return 987654321 if model_name == "change" else uuid.uuid4()


def _answer(response) -> tuple:
    return response.status_code, response.get("Location")


@pytest.mark.defect("list-filters-and-pickers")
@pytest.mark.parametrize("view", ["change", "history", "delete"])
def test_private_objects_change_history_and_delete_urls_answer_as_for_a_missing_object(
    client, private, attackers, view
):
    """A private object's page answers exactly as the page of an id that does not exist (the
    admin's 404 or its redirect to the index with "doesn't exist"), so ids cannot be probed;
    never with the object's content."""
    problems = []
    for role, user in attackers.users.items():
        client.force_login(user)
        for model_name, pk in _private_objects(private):
            url = f"/admin/argmap/{model_name}/{pk}/{view}/"
            response = client.get(url)
            missing = client.get(f"/admin/argmap/{model_name}/{_missing_id(model_name)}/{view}/")
            if response.status_code == 200 or _answer(response) != _answer(missing):
                problems.append(f"{url} as b-{role}: {_answer(response)}, for a missing id {_answer(missing)}")
            try:
                assert_no_leak(text_of(response), private, f"{url} as b-{role}")
            except AssertionError as exc:
                problems.append(str(exc).splitlines()[0])
        client.logout()
    assert not problems, "\n".join(problems)


# --------------------------------------------------------------------------- autocomplete

AUTOCOMPLETE_FIELDS = [
    ("edge", "statement"),
    ("evidencelink", "statement"),
    ("evidencelink", "source"),
    ("participant", "source"),
    ("membership", "user"),
]


@pytest.mark.defect("autocomplete")
@pytest.mark.parametrize("model_name, field_name", AUTOCOMPLETE_FIELDS)
def test_autocomplete_returns_no_private_rows(client, private, attackers, model_name, field_name):
    problems = []
    for role, user in attackers.users.items():
        client.force_login(user)
        for term in ("", MARKER, "7f3a"):
            response = client.get(
                "/admin/autocomplete/",
                {"app_label": "argmap", "model_name": model_name, "field_name": field_name, "term": term},
            )
            try:
                assert_no_leak(text_of(response), private, f"autocomplete {model_name}.{field_name} as b-{role}")
            except AssertionError as exc:
                problems.append(f"{exc} (term {term!r})".splitlines()[0])
        client.logout()
    assert not problems, "\n".join(problems)


@pytest.mark.defect("autocomplete")
def test_autocomplete_still_offers_the_users_own_statements(client, private, attackers):
    """Control: the attack above reaches the view; B's owner finds B's statements."""
    client.force_login(attackers.users["owner"])
    response = client.get(
        "/admin/autocomplete/",
        {"app_label": "argmap", "model_name": "edge", "field_name": "statement", "term": "Bravo"},
    )
    assert response.status_code == 200
    ids = {row["id"] for row in json.loads(response.content)["results"]}
    assert str(attackers.claim.pk) in ids
