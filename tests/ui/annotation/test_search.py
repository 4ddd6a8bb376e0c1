"""Search in the document, in headless Chromium: every hit of a Japanese substring highlighted (classes,
under the strict CSP), "n of m", next/previous with Enter, Shift+Enter and F3; Esc leaves the current hit
selected and a kind hotkey annotates exactly it (code points, after astral characters)."""

from __future__ import annotations

import pytest

from argmap.models import Anchor
from tests.ui.annotation.test_keyboard import open_screen

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.urls("tests.ui.annotation.urls"),
]

TEXT = (
    "𠮷野家で北朝鮮の話。\n"
    "北朝鮮は核弾頭を50発保有すると推計される。𩸽定食と北朝鮮問題。\n"
    "Second sentence about 北朝鮮, and north korea (North Korea).\n"
)
QUERY = "北朝鮮"


def _hits(text: str, query: str) -> list[int]:
    """Code-point starts of every occurrence."""
    points, needle = list(text), list(query)
    return [i for i in range(len(points)) if points[i : i + len(needle)] == needle]


def test_search_highlights_every_hit_and_moves_between_them(live_server, browser_page):
    from playwright.sync_api import expect

    page, _ = open_screen(live_server, browser_page, slug="search", text=TEXT)

    starts = _hits(TEXT, QUERY)
    assert len(starts) == 4
    page.keyboard.press("/")
    expect(page.locator("#doc-search")).to_be_focused()
    page.keyboard.type(QUERY)
    count = page.locator("#doc-search-count")
    expect(count).to_have_text(f"1 of {len(starts)}")
    hits = page.locator("#doc .seg.search-hit")
    expect(hits).to_have_count(len(starts))
    assert [int(s) for s in hits.evaluate_all("(els) => els.map((e) => e.dataset.start)")] == starts
    assert hits.evaluate_all("(els) => els.map((e) => e.textContent)") == [QUERY] * len(starts)
    assert hits.first.get_attribute("style") is None, "classes, not style attributes"
    current = page.locator("#doc .seg.search-current")
    expect(current).to_have_attribute("data-start", str(starts[0]))

    page.keyboard.press("Enter")
    expect(count).to_have_text(f"2 of {len(starts)}")
    expect(current).to_have_attribute("data-start", str(starts[1]))
    page.keyboard.press("F3")
    expect(current).to_have_attribute("data-start", str(starts[2]))
    page.keyboard.press("Shift+Enter")
    expect(current).to_have_attribute("data-start", str(starts[1]))
    page.keyboard.press("Shift+F3")
    page.keyboard.press("Shift+F3")
    expect(count).to_have_text(f"4 of {len(starts)}")
    page.click("#doc-search-prev")
    page.click("#doc-search-prev")
    expect(count).to_have_text(f"2 of {len(starts)}")
    expect(current).to_have_attribute("data-start", str(starts[1]))

    # Latin text is found whatever its case; a miss says so
    page.fill("#doc-search", "NORTH korea")
    expect(count).to_have_text("1 of 2")
    page.fill("#doc-search", "南朝鮮")
    expect(count).to_have_text("no match")
    expect(hits).to_have_count(0)
    page.fill("#doc-search", QUERY)
    expect(count).to_have_text(f"1 of {len(starts)}")
    page.keyboard.press("Enter")  # the second hit, after 𠮷 and a newline

    # Esc clears the search and leaves the hit selected: "2" makes it a premise, on exactly those code points
    page.keyboard.press("Escape")
    expect(page.locator("#doc-search")).to_have_value("")
    expect(hits).to_have_count(0)
    expect(page.locator("#kind-menu")).to_be_visible()
    page.keyboard.press("2")
    expect(page.locator("#flash")).to_have_text("New premise created.")
    anchor = Anchor.objects.get()
    assert (anchor.start, anchor.end, anchor.exact) == (starts[1], starts[1] + 3, QUERY)
    assert anchor.statement.kind == "premise"
    assert not page.errors, page.errors
