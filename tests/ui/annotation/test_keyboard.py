"""Keyboard only, in headless Chromium: caret mode picks sentences, kind hotkeys create statements, a
support is made through the type-ahead pickers, the shortcut sheet lists every key; no mouse."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from argmap import services
from argmap.models import Anchor, EdgeRole, SchemeApplication, Statement
from tests.factories import make_map, make_passage, make_workspace
from tests.ui.annotation.test_browser import _ensure_schemes, _log_in, _user

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.urls("tests.ui.annotation.urls"),
]

FIRST = "テスト用の注記：野家の定食。"
PREMISE = "北朝鮮は核弾頭を50発保有すると推計される。"
CLAIM = "𠮷野家の𩸽定食は別である！"
TEXT = f"{FIRST}\n\n{PREMISE}{CLAIM}Second sentence.\n"


def open_screen(live_server, page, *, slug: str, text: str):
    """An annotator's screen on a new map of one Japanese document; page errors gather in ``page.errors``."""
    _ensure_schemes()
    owner = _user(f"owner-{slug}")
    annotator = _user(f"annotator-{slug}")
    workspace = make_workspace(owner=owner, slug=slug, annotator=[annotator])
    document = services.create_document(actor=owner, workspace=workspace, title="報告", text=text, language="ja")
    argument_map = make_map(workspace, documents=[document], name=slug)
    page.set_viewport_size({"width": 1366, "height": 768})
    page.errors = []
    page.on("pageerror", lambda exc: page.errors.append(str(exc)))
    _log_in(page, live_server.url, annotator, reverse("admin:argmap_annotate", args=[argument_map.pk, document.pk]))
    page.wait_for_selector("#annotator[data-ready]")
    return page, document


@pytest.fixture
def screen(live_server, browser_page):
    return open_screen(live_server, browser_page, slug="keys", text=TEXT)


def _code_points(text: str, part: str) -> tuple[int, int]:
    start = len(list(text[: text.index(part)]))
    return start, start + len(list(part))


def test_keyboard_only_creates_a_statement_and_a_support(screen):
    from playwright.sync_api import expect

    page, document = screen
    keyboard = page.keyboard
    keyboard.press("t")
    expect(page.locator("#doc")).to_be_focused()
    keyboard.press("]")  # the caret moves to the second sentence, then the third
    keyboard.press("]")
    keyboard.press("v")
    expect(page.locator("#kind-menu")).to_be_visible()
    expect(page.locator("#kind-menu [data-kind=claim] kbd")).to_have_text("1")
    assert page.evaluate("window.getSelection().toString()") == CLAIM
    keyboard.press("1")
    expect(page.locator("#flash")).to_have_text("New claim created.")

    claim = Statement.objects.get(kind="claim")
    anchor = Anchor.objects.get(statement=claim)
    assert anchor.exact == CLAIM and claim.text == CLAIM
    assert (anchor.start, anchor.end) == _code_points(TEXT, CLAIM)
    assert document.text[anchor.start : anchor.end] == CLAIM  # Python slices code points; 𠮷 and 𩸽 count one

    page.locator("#doc").focus()
    keyboard.press("[")  # back to the sentence before the claim
    keyboard.press("Enter")
    assert page.evaluate("window.getSelection().toString()") == PREMISE
    keyboard.press("p")
    expect(page.locator("#flash")).to_have_text("New premise created.")
    premise = Statement.objects.get(kind="premise")
    assert (premise.anchors.get().start, premise.anchors.get().end) == _code_points(TEXT, PREMISE)

    # caret by character, Shift extends: "北朝鮮" alone
    page.locator("#doc").focus()
    keyboard.press("Home")
    for _ in range(3):
        keyboard.press("Shift+ArrowRight")
    assert page.evaluate("window.getSelection().toString()") == "北朝鮮"
    keyboard.press("Escape")

    # the premise is selected; j moves to the claim (below it in the list), s opens the support's premise picker
    keyboard.press("j")
    expect(page.locator("#detail textarea").first).to_have_value(CLAIM)
    picker = page.locator(".support-form .typeahead[data-name=premise] [role=combobox]")
    option = page.locator(".support-form [role=option]").first
    keyboard.press("s")
    for attempt in range(3):  # the panel may be redrawn once by the feed's echo of our own write
        expect(picker).to_be_focused()
        keyboard.type("核弾頭")  # typing into a picker never fires a hotkey ("2", "p" …)
        try:
            expect(option).to_contain_text("北朝鮮は核弾頭", timeout=3000)
            break
        except AssertionError:
            if attempt == 2:
                raise
            picker.fill("")
            picker.focus()
    expect(picker).to_have_attribute("aria-expanded", "true")
    keyboard.press("ArrowDown")
    keyboard.press("ArrowUp")
    keyboard.press("Enter")
    expect(page.locator(".support-form .typeahead-chip")).to_contain_text("北朝鮮は核弾頭")
    keyboard.press("Tab")  # the scheme picker
    keyboard.press("Tab")  # "Add support"
    expect(page.locator(".support-form button:has-text('Add support')")).to_be_focused()
    keyboard.press("Enter")
    expect(page.locator("#flash")).to_have_text("Support added.")

    inference = SchemeApplication.objects.get(type="inference")
    assert {(e.role, e.statement_id) for e in inference.edges.all()} == {
        (EdgeRole.ANTECEDENT, premise.pk),
        (EdgeRole.CONSEQUENT, claim.pk),
    }
    assert Statement.objects.count() == 2, "no hotkey fired while typing"
    assert not page.errors, page.errors


def test_the_shortcut_sheet_lists_every_hotkey_and_hotkeys_wait_while_typing(screen):
    from playwright.sync_api import expect

    page, _ = screen
    page.keyboard.press("?")
    sheet = page.locator("#shortcut-sheet")
    expect(sheet).to_be_visible()
    for text in ("Selection → claim", "Selection → evidence", "Next hit", "Undo / redo", "next / previous sentence"):
        expect(sheet).to_contain_text(text)
    expect(sheet.locator("kbd", has_text="?")).to_have_count(1)
    page.keyboard.press("Escape")
    expect(sheet).to_be_hidden()

    page.keyboard.press("/")
    expect(page.locator("#doc-search")).to_be_focused()
    page.keyboard.type("?1c")
    expect(sheet).to_be_hidden()
    assert not Statement.objects.exists()
    assert not page.errors, page.errors


def test_pickers_put_the_best_matches_first_then_the_nearest_in_the_document(live_server, browser_page):
    from playwright.sync_api import expect

    page, document = open_screen(live_server, browser_page, slug="rank", text=TEXT)
    actor = get_user_model().objects.get(username="annotator-rank")
    argument_map = document.maps.get()

    def passage(exact, kind, gloss=""):
        statement = make_passage(argument_map, document, exact, kind=kind, actor=actor)
        if gloss:
            statement = services.update_statement(
                actor=actor, statement=statement, expected_version=statement.version, gloss=gloss
            )
        return statement

    far = passage(FIRST, "evidence")  # "野家" inside the text, far from the claim
    near = passage("Second sentence.", "premise", gloss="about 野家")  # inside the gloss, next to the claim
    best = passage("野家の定食。", "premise")  # the text starts with it
    passage(CLAIM, "claim")
    page.reload()
    page.wait_for_selector("#annotator[data-ready]")
    page.locator("#statement-list li", has_text=CLAIM[:6]).click()
    picker = page.locator(".support-form .typeahead[data-name=premise] [role=combobox]")
    picker.fill("野家")
    options = page.locator(".support-form [role=option]")
    expect(options).to_have_count(3)
    assert options.evaluate_all("(els) => els.map((e) => e.dataset.id)") == [str(best.pk), str(near.pk), str(far.pk)]
    expect(options.first).to_have_attribute("aria-selected", "true")
    expect(options.first.locator(".chip")).to_have_text("premise")
    picker.press("Escape")
    expect(picker).to_have_attribute("aria-expanded", "false")
    assert not page.errors, page.errors
