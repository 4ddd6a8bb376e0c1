"""The reviewer's panel in the annotation screen, in headless Chromium: an inference reads "premises ⇒
conclusion (scheme)", a conflict "attacker ⟂ target (rebut)", their passages are highlighted in the text;
a rejection without a reason is refused with the server's words and changes nothing."""

from __future__ import annotations

import pytest
from django.urls import reverse

from argmap import services
from argmap.models import Scheme, SchemeApplication
from tests.factories import make_map, make_passage, make_workspace
from tests.ui.annotation.test_browser import _ensure_schemes, _log_in, _user

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.urls("tests.ui.annotation.urls"),
]

PREMISE = "北朝鮮は核弾頭を50発保有すると推計される。"
CLAIM = "𠮷野家の例は別である。"
REBUTTAL = "それは誤りだ。"
TEXT = f"前置き。{PREMISE}{CLAIM}{REBUTTAL}\n"


def test_the_reviewer_judges_links_with_their_passages_in_view(live_server, browser_page):
    from playwright.sync_api import expect

    _ensure_schemes()
    owner, annotator, reviewer = _user("owner-rv"), _user("annotator-rv"), _user("reviewer-rv")
    workspace = make_workspace(owner=owner, slug="rv", annotator=[annotator], reviewer=[reviewer])
    document = services.create_document(actor=owner, workspace=workspace, title="報告", text=TEXT, language="ja")
    argument_map = make_map(workspace, documents=[document], name="審査")
    premise, claim, rebuttal = (
        make_passage(argument_map, document, text, kind=kind, actor=annotator)
        for text, kind in ((PREMISE, "premise"), (CLAIM, "claim"), (REBUTTAL, "rebuttal"))
    )
    inference = services.create_argument(
        actor=annotator, premises=[premise], conclusion=claim, scheme=Scheme.objects.get(key="cause_to_effect")
    )
    conflict = services.create_attack(actor=annotator, attacker=rebuttal, target=claim)
    page = browser_page
    page.set_viewport_size({"width": 1366, "height": 768})
    _log_in(page, live_server.url, reviewer, reverse("admin:argmap_annotate", args=[argument_map.pk, document.pk]))
    page.wait_for_selector("#annotator[data-ready]")

    page.locator("#statement-list li", has_text=CLAIM[:6]).click()
    detail = page.locator("#detail")
    link = detail.get_by_role(
        "link",
        name="「北朝鮮は核弾頭を50発保有すると推計される。」 ⇒ 「𠮷野家の例は別である。」 (Argument from cause to effect)",
    )
    expect(link).to_have_count(1)
    expect(detail.get_by_role("link", name="「それは誤りだ。」 ⟂ 「𠮷野家の例は別である。」 (rebut)")).to_have_count(1)
    link.click()
    expect(detail.locator("strong").first).to_have_text("inference")
    expect(page.locator("#doc .seg.hl.selected")).to_have_text([PREMISE, CLAIM])

    detail.get_by_role("button", name="Reject").click()
    expect(page.locator("#flash")).to_contain_text("reason")
    assert SchemeApplication.objects.get(pk=inference.pk).status == "draft"
    detail.get_by_label("reason for rejecting").fill("因果が飛躍している")
    detail.get_by_role("button", name="Reject").click()
    expect(page.locator("#flash")).to_have_text("Now rejected.")
    inference.refresh_from_db()
    assert (inference.status, inference.status_reason) == ("rejected", "因果が飛躍している")

    page.click(".side-tabs [data-tab=statements]")
    page.locator("#statement-list li", has_text=CLAIM[:6]).click()
    detail.get_by_role("link", name="「それは誤りだ。」 ⟂ 「𠮷野家の例は別である。」 (rebut)").click()
    expect(page.locator("#doc .seg.hl.selected")).to_have_text([CLAIM, REBUTTAL])
    expect(detail.locator("strong").first).to_have_text("attack (rebut)")
    detail.get_by_role("button", name="Accept").click()
    expect(page.locator("#flash")).to_have_text("Now accepted.")
    assert SchemeApplication.objects.get(pk=conflict.pk).status == "accepted"
