"""The review queue in context: inferences as "premises ⇒ conclusion (scheme)", conflicts as "attacker ⟂ target
(kind)", statements with their passages; accept/reject per node or for a selection; a refused rejection keeps
the ticks."""

import re

import pytest
from django.urls import reverse

from argmap import services
from argmap.models import Scheme, SchemeApplication, Statement
from tests.factories import make_passage, make_statement

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.ui.annotation.urls")]

URL = "/admin/argmap/argumentmap/annotate/review-queue/"


def _propose(user, node):
    node.refresh_from_db()
    return services.set_review_status(actor=user, node=node, status="proposed", expected_version=node.version)


def _debate(team, argument_map, document):
    alice = team["alice"]
    premise = make_passage(argument_map, document, "核弾頭を50発保有", kind="premise", actor=alice)
    claim = make_passage(argument_map, document, "𠮷野家の例", kind="claim", actor=alice)
    attacker = make_statement(argument_map, "推計は古い", kind="rebuttal", actor=alice)
    scheme = Scheme.objects.get(key="expert_opinion")
    inference = services.create_argument(actor=alice, premises=[premise], conclusion=claim, scheme=scheme)
    rebut = services.create_attack(actor=alice, attacker=attacker, target=claim)
    undercut = services.create_attack(actor=alice, attacker=attacker, target=inference)
    for node in (premise, inference, rebut, undercut):
        _propose(alice, node)
    return {"premise": premise, "claim": claim, "inference": inference, "rebut": rebut, "undercut": undercut}


def _rows(page: str) -> list[str]:
    """The queue's rows as a reader sees them: tags dropped, whitespace collapsed."""
    body = page.split('id="review-queue"')[1].split("</table>")[0]
    return [re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", row)).strip() for row in body.split("<tr")[2:]]


def test_each_node_is_shown_with_what_a_reviewer_needs_to_judge_it(team, as_user, argument_map, document):
    _debate(team, argument_map, document)
    rows = _rows(as_user(team["rita"]).get(URL).content.decode())
    scheme = Scheme.objects.get(key="expert_opinion").name
    assert any("premise 核弾頭を50発保有" in r and r.count("核弾頭を50発保有") == 2 for r in rows), rows
    assert any(f"核弾頭を50発保有 ⇒ 𠮷野家の例 ({scheme})" in r for r in rows), rows
    assert any("推計は古い ⟂ 𠮷野家の例 (rebut)" in r for r in rows), rows
    assert any(f"推計は古い ⟂ inference ({scheme}) (undercut)" in r for r in rows), rows


def test_the_queue_costs_the_same_number_of_queries_however_long(
    team, as_user, argument_map, document, django_assert_max_num_queries
):
    client = as_user(team["rita"])
    _debate(team, argument_map, document)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        assert client.get(URL).status_code == 200
    for n in range(15):
        premise = make_statement(argument_map, f"前提{n}", actor=team["alice"])
        conclusion = make_statement(argument_map, f"結論{n}", kind="claim", actor=team["alice"])
        _propose(
            team["alice"], services.create_argument(actor=team["alice"], premises=[premise], conclusion=conclusion)
        )
        _propose(team["alice"], services.create_attack(actor=team["alice"], attacker=premise, target=conclusion))
        _propose(team["alice"], premise)
    with CaptureQueriesContext(connection) as many:
        page = client.get(URL).content.decode()
    assert "前提14 ⇒ 結論14" in " ".join(_rows(page))
    assert len(many) == len(few) <= 20


def test_a_rejection_without_reason_is_refused_and_keeps_the_ticks(team, as_user, argument_map, document):
    nodes = _debate(team, argument_map, document)
    client = as_user(team["rita"])
    ticked = [f"statement:{nodes['premise'].pk}:2", f"application:{nodes['inference'].pk}:2"]
    response = client.post(URL, {"node": ticked, "status": "rejected", "reason": "  "})
    assert response.status_code == 400
    page = response.content.decode()
    assert "A rejection needs a reason." in page
    for value in ticked:
        assert re.search(rf'value="{value}"[^>]*checked', page), value
    assert f'value="application:{nodes["rebut"].pk}:2" aria-label="select conflict">' in page
    assert Statement.objects.get(pk=nodes["premise"].pk).status == "proposed"
    assert SchemeApplication.objects.get(pk=nodes["inference"].pk).status == "proposed"
    response = client.post(URL, {"node": ticked, "status": "rejected", "reason": "根拠が弱い"})
    assert response.status_code == 302
    assert Statement.objects.get(pk=nodes["premise"].pk).status_reason == "根拠が弱い"
    assert SchemeApplication.objects.get(pk=nodes["inference"].pk).status == "rejected"


def test_one_node_is_accepted_or_rejected_by_its_own_button(team, as_user, argument_map, document):
    nodes = _debate(team, argument_map, document)
    client = as_user(team["rita"])
    rebut = f"application:{nodes['rebut'].pk}:2"
    response = client.post(URL, {"one": f"accepted {rebut}", "node": [f"statement:{nodes['premise'].pk}:2"]})
    assert response.status_code == 302
    assert SchemeApplication.objects.get(pk=nodes["rebut"].pk).status == "accepted"
    assert Statement.objects.get(pk=nodes["premise"].pk).status == "proposed", "only the row's node"
    undercut = f"application:{nodes['undercut'].pk}:2"
    refused = client.post(URL, {"one": f"rejected {undercut}"})
    assert refused.status_code == 400 and "A rejection needs a reason." in refused.content.decode()
    assert client.post(URL, {"one": f"rejected {undercut}", "reason": "重複"}).status_code == 302
    assert SchemeApplication.objects.get(pk=nodes["undercut"].pk).status == "rejected"


def test_annotators_may_not_accept_from_the_queue(team, as_user, argument_map, document):
    nodes = _debate(team, argument_map, document)
    response = as_user(team["bob"]).post(URL, {"one": f"accepted application:{nodes['rebut'].pk}:2"})
    assert response.status_code == 400
    assert SchemeApplication.objects.get(pk=nodes["rebut"].pk).status == "proposed"
    assert reverse("admin:argmap_review_queue") == URL
