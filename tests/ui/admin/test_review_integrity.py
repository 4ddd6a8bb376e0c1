"""Review integrity in the admin: a change form that rewrites accepted content sends it back to review,
and the review queue says why it is there again."""

import pytest
from django.urls import reverse

from argmap import services
from argmap.models import Statement
from argmap.rules.review import EDITED_AFTER_REVIEW

from .conftest import get_form, text_of


def accept(node, users):
    services.set_review_status(actor=users["annotator"], node=node, status="proposed", expected_version=node.version)
    node.refresh_from_db()
    services.set_review_status(actor=users["reviewer"], node=node, status="accepted", expected_version=node.version)
    node.refresh_from_db()


@pytest.mark.parametrize("who", ["annotator", "reviewer"])
def test_rewriting_an_accepted_statement_in_the_change_form_sends_it_to_the_review_queue(client, attackers, who):
    users, claim = attackers.users, attackers.claim
    accept(claim, users)
    if who == "reviewer":
        services.change_member_role(
            actor=users["owner"],
            membership=attackers.workspace.memberships.get(user=users["reviewer"]),
            role="owner",
            expected_version=1,
        )
        users = {**users, "reviewer": users["reviewer"]}
    client.force_login(users[who])
    url = reverse("admin:argmap_statement_change", args=[claim.pk])
    _form, data = get_form(client, url)
    data.set("text", "Bravo claim, reworded")
    response = client.post(url, data)
    assert response.status_code == 302, text_of(response)[:3000]
    stored = Statement.objects.get(pk=claim.pk)
    assert (stored.text, stored.status, stored.status_reason) == (
        "Bravo claim, reworded",
        "proposed",
        EDITED_AFTER_REVIEW,
    )

    client.force_login(users["reviewer"])
    queue = text_of(client.get(reverse("admin:argmap_review_queue")))
    assert "Bravo claim, reworded" in queue and EDITED_AFTER_REVIEW in queue
