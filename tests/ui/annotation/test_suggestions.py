"""Machine suggestions on the annotation screen, in headless Chromium and from the keyboard only: a pipeline's
batch shows as ghosts (dashed passages, translucent canvas nodes, the Suggestions tab); n moves to one, y accepts
it (the annotator's draft, provenance shown), x dismisses another (gone, and still gone after a reload); a batch
written while the screen is open arrives over the live feed."""

from __future__ import annotations

import pytest
from django.urls import reverse

from argmap import broker, services
from argmap.models import Outcome, ReviewStatus, Statement, SuggestionDecision
from argmap.services.suggestions import write_suggestion_batch
from tests.factories import make_map, make_workspace
from tests.ui.annotation.test_browser import ARTIFACTS, _log_in, _user

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.urls("tests.ui.annotation.urls"),
]

CLAIM = "北朝鮮は核弾頭を50発保有すると推計される。"
PREMISE = "𠮷野家の例は別である。"
THIRD = "二期目には外的要因が作用する。"
TEXT = f"{CLAIM}{PREMISE}{THIRD}\n"


def _span(key: str, kind: str, passage: str, confidence: float, **boundaries) -> dict:
    start = TEXT.index(passage)  # Python counts code points: 𠮷 is one
    return {
        "key": key,
        "kind": kind,
        "start": start,
        "end": start + len(passage),
        "confidence": confidence,
        **boundaries,
    }


def _suggest(bot, argument_map, document, *, key: str, spans: list[dict]):
    return write_suggestion_batch(
        actor=bot,
        argument_map=argument_map,
        document=document,
        pipeline_name="jp-adu",
        pipeline_version="0.3",
        parameters={},
        key=key,
        spans=spans,
        relations=[],
    )


@pytest.fixture
def quick_polling(monkeypatch):
    """The WSGI test server's event stream polls the feed; poll faster than the default 2 s."""
    monkeypatch.setattr(broker, "POLL_SECONDS", 0.3)


@pytest.fixture
def suggested_map():
    owner = _user("owner-ghosts")
    annotator = _user("annotator-ghosts")
    bot = _user("bot-ghosts")
    workspace = make_workspace(owner=owner, slug="ghosts", annotator=[annotator], pipeline=[bot])
    document = services.create_document(actor=owner, workspace=workspace, title="報告", text=TEXT, language="ja")
    argument_map = make_map(workspace, documents=[document], name="提案")
    result = _suggest(
        bot,
        argument_map,
        document,
        key="first",
        spans=[
            _span("claim", "claim", CLAIM, 0.83, start_confidence=0.9, end_confidence=0.7),
            _span("premise", "premise", PREMISE, 0.41),
        ],
    )
    return annotator, bot, argument_map, document, result.statements


def _open(page, base, user, argument_map, document):
    page.set_viewport_size({"width": 1366, "height": 768})
    page.errors = []
    page.on("pageerror", lambda exc: page.errors.append(str(exc)))
    _log_in(page, base, user, reverse("admin:argmap_annotate", args=[argument_map.pk, document.pk]))
    page.wait_for_selector("#annotator[data-ready]")


def _canvas_classes(page, node_id: str) -> str:
    return page.evaluate("(id) => window.argmapCanvas.cy.getElementById(id).classes().join(' ')", node_id)


def test_an_annotator_accepts_and_dismisses_suggestions_from_the_keyboard(live_server, browser_page, suggested_map):
    from playwright.sync_api import expect

    annotator, _bot, argument_map, document, ids = suggested_map
    page = browser_page
    _open(page, live_server.url, annotator, argument_map, document)
    keyboard = page.keyboard

    expect(page.locator("#doc .seg.ghost-only")).to_have_count(2)
    expect(page.locator(".side-tabs [data-tab=suggestions]")).to_have_text("Suggestions (2)")
    assert "status-suggested" in _canvas_classes(page, ids["claim"])
    assert "0.83" in page.evaluate("(id) => window.argmapCanvas.cy.getElementById(id).data('display')", ids["claim"])
    claim_title = page.locator("#doc .seg.ghost-hl").first.get_attribute("title")
    assert "jp-adu 0.3" in claim_title and "0.83" in claim_title and "0.90" in claim_title

    # n: the first suggestion in the text, its confidence shown after its passage; y accepts it
    keyboard.press("n")
    expect(page.locator("#doc .seg.ghost-current[data-confidence='0.83']")).to_have_count(1)
    expect(page.locator("#detail .suggestion-decision")).to_be_visible()
    keyboard.press("y")
    expect(page.locator("#flash")).to_have_text("Suggestion accepted: it is now your draft.", timeout=15000)
    claim = Statement.objects.get(pk=ids["claim"])
    assert claim.status == ReviewStatus.DRAFT
    assert (claim.pipeline.name, claim.pipeline.version, claim.confidence) == ("jp-adu", "0.3", 0.83)
    assert SuggestionDecision.objects.get(node_id=claim.pk).outcome == Outcome.ACCEPTED
    expect(page.locator("#detail .provenance")).to_have_text("suggested by jp-adu 0.3, confidence 0.83")
    expect(page.locator("#doc .seg.ghost-hl")).to_have_count(1)  # only the premise is a ghost now
    expect(page.locator(f"#statement-list li[data-statement='{claim.pk}']")).to_have_count(1)  # listed now
    assert "status-suggested" not in _canvas_classes(page, ids["claim"])
    assert "status-draft" in _canvas_classes(page, ids["claim"])

    # n: the next one; x dismisses it
    keyboard.press("n")
    expect(page.locator("#doc .seg.ghost-current[data-confidence='0.41']")).to_have_count(1)
    expect(page.locator("#detail .provenance")).to_have_text("suggested by jp-adu 0.3, confidence 0.41")
    expect(page.locator("#detail .suggestion-decision")).to_be_visible()
    page.screenshot(path=str(ARTIFACTS / "suggestions.png"))  # docs/img/annotation-suggestions.png
    keyboard.press("x")
    expect(page.locator("#flash")).to_have_text("Suggestion dismissed.", timeout=15000)
    assert not Statement.objects.filter(pk=ids["premise"]).exists()
    assert SuggestionDecision.objects.get(node_id=ids["premise"]).outcome == Outcome.DISMISSED
    expect(page.locator("#doc .seg.ghost-hl")).to_have_count(0)
    expect(page.locator(".side-tabs [data-tab=suggestions]")).to_have_text("Suggestions")

    page.reload()
    page.wait_for_selector("#annotator[data-ready]")
    expect(page.locator("#doc .seg.ghost-hl")).to_have_count(0)
    expect(page.locator("#doc .seg.hl")).to_have_text([CLAIM])  # the accepted one, solid
    assert page.evaluate("(id) => window.argmapCanvas.cy.getElementById(id).empty()", ids["premise"])
    assert not page.errors


def test_the_shortcut_sheet_lists_the_suggestion_keys_and_they_wait_while_typing(
    live_server, browser_page, suggested_map
):
    from playwright.sync_api import expect

    annotator, _bot, argument_map, document, _ids = suggested_map
    page = browser_page
    _open(page, live_server.url, annotator, argument_map, document)
    page.locator("#doc-search").focus()
    page.keyboard.type("ny")  # typed into the search field, not moved to or accepted
    assert Statement.objects.filter(status=ReviewStatus.SUGGESTED).count() == 2
    expect(page.locator("#doc .seg.ghost-current")).to_have_count(0)
    page.keyboard.press("Escape")
    page.locator("#doc").focus()
    page.keyboard.press("?")
    sheet = page.locator("#shortcut-sheet")
    expect(sheet.locator("section", has_text="Suggestions")).to_contain_text("Move to the next / previous suggestion")
    keys = sheet.locator("section", has_text="Suggestions").locator("kbd").all_text_contents()
    assert keys == ["n", "Shift+N", "y", "x"]


def test_bulk_accept_above_a_threshold_asks_first(live_server, browser_page, suggested_map):
    from playwright.sync_api import expect

    annotator, _bot, argument_map, document, ids = suggested_map
    page = browser_page
    _open(page, live_server.url, annotator, argument_map, document)
    page.locator(".side-tabs [data-tab=suggestions]").click()
    page.locator("[name=suggestion-threshold]").fill("0.5")
    expect(page.locator("#suggestion-list li.suggestion")).to_have_count(1)
    questions = []
    page.once("dialog", lambda dialog: (questions.append(dialog.message), dialog.dismiss()))
    page.locator("[data-action=accept-all]").click()
    expect(page.locator("#suggestion-list li.suggestion")).to_have_count(1)
    assert questions and "1 suggestion(s)" in questions[0] and "0.50" in questions[0]
    assert Statement.objects.filter(status=ReviewStatus.SUGGESTED).count() == 2  # refused: nothing changed
    page.once("dialog", lambda dialog: dialog.accept())
    page.locator("[data-action=accept-all]").click()
    expect(page.locator("#flash")).to_have_text("1 suggestion(s) accepted.", timeout=15000)
    assert Statement.objects.get(pk=ids["claim"]).status == ReviewStatus.DRAFT
    assert Statement.objects.get(pk=ids["premise"]).status == ReviewStatus.SUGGESTED
    page.locator("[name=suggestion-threshold]").fill("0")
    expect(page.locator("#suggestion-list li.suggestion")).to_have_count(1)


def test_a_batch_written_while_the_screen_is_open_arrives_as_ghosts(
    live_server, browser_page, suggested_map, quick_polling
):
    from playwright.sync_api import expect

    annotator, bot, argument_map, document, _ids = suggested_map
    page = browser_page
    _open(page, live_server.url, annotator, argument_map, document)
    page.wait_for_selector("#annotator[data-live=open]")
    expect(page.locator("#doc .seg.ghost-only")).to_have_count(2)
    result = _suggest(bot, argument_map, document, key="second", spans=[_span("third", "premise", THIRD, 0.66)])
    expect(page.locator(".side-tabs [data-tab=suggestions]")).to_have_text("Suggestions (3)", timeout=10000)
    expect(page.locator("#doc .seg.ghost-only")).to_have_count(3)
    assert "status-suggested" in _canvas_classes(page, result.statements["third"])


def test_ctrl_z_undoes_a_dismissal_and_an_acceptance(live_server, browser_page, suggested_map):
    """The screen's undo reverts a decision's history batch: the suggestion is offered again, decision and all."""
    from playwright.sync_api import expect

    annotator, _bot, argument_map, document, ids = suggested_map
    page = browser_page
    _open(page, live_server.url, annotator, argument_map, document)
    keyboard = page.keyboard
    keyboard.press("n")
    keyboard.press("n")
    expect(page.locator("#doc .seg.ghost-current[data-confidence='0.41']")).to_have_count(1)
    keyboard.press("x")
    expect(page.locator("#flash")).to_have_text("Suggestion dismissed.", timeout=15000)
    expect(page.locator("#doc .seg.ghost-hl")).to_have_count(1)
    keyboard.press("Control+z")
    expect(page.locator("#flash")).to_have_text("Undone.", timeout=15000)
    expect(page.locator("#doc .seg.ghost-only")).to_have_count(2)
    assert Statement.objects.get(pk=ids["premise"]).status == ReviewStatus.SUGGESTED
    assert not SuggestionDecision.objects.filter(node_id=ids["premise"]).exists()

    keyboard.press("N")
    expect(page.locator("#doc .seg.ghost-current[data-confidence='0.83']")).to_have_count(1)
    keyboard.press("y")
    expect(page.locator("#flash")).to_have_text("Suggestion accepted: it is now your draft.", timeout=15000)
    expect(page.locator("#doc .seg.ghost-hl")).to_have_count(1)
    page.locator("#doc").focus()
    keyboard.press("Control+z")
    expect(page.locator("#flash")).to_have_text("Undone.", timeout=15000)
    expect(page.locator("#doc .seg.ghost-only")).to_have_count(2)
    assert Statement.objects.get(pk=ids["claim"]).status == ReviewStatus.SUGGESTED
    assert not SuggestionDecision.objects.filter(node_id=ids["claim"]).exists()
