"""The annotation screen in the user's language: Japanese for a ``ja`` browser or after choosing 日本語 in the
switcher (kept in the language cookie), English otherwise; scheme names and critical questions from the data."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from argmap import services
from argmap.models import Scheme
from tests.factories import UserFactory, make_map, make_passage, make_workspace
from tests.ui.annotation.test_browser import (
    ARTIFACTS,
    CLAIM,
    INTRODUCTION,
    PREMISE,
    SELECT_PASSAGE,
    _ensure_schemes,
    _log_in,
)

pytestmark = pytest.mark.urls("tests.ui.annotation.urls")

CAUSE_TO_EFFECT_JA = "因果から結果への議論"
FIRST_QUESTION_JA = "CQ1. その因果的一般化はどの程度強いか。"


def _annotated_map(owner_name: str = "owner-i18n", annotator_name: str = "annotator-i18n"):
    """A map of the report's introduction with a claim supported by a premise through argument from cause to effect."""
    _ensure_schemes()
    owner = UserFactory(username=owner_name, is_staff=True)
    owner.save()
    annotator = UserFactory(username=annotator_name, is_staff=True)
    annotator.save()
    workspace = make_workspace(owner=owner, slug=f"ws-{owner_name}", annotator=[annotator])
    document = services.create_document(
        actor=owner, workspace=workspace, title="北朝鮮核問題", text=INTRODUCTION, language="ja"
    )
    argument_map = make_map(workspace, documents=[document], name="核問題の論証マップ")
    claim = make_passage(argument_map, document, CLAIM, kind="claim", actor=annotator)
    premise = make_passage(argument_map, document, PREMISE, kind="premise", actor=annotator)
    services.create_argument(
        actor=annotator,
        premises=[premise],
        conclusion=claim,
        scheme=Scheme.objects.get(key="cause_to_effect"),
    )
    return annotator, reverse("admin:argmap_annotate", args=[argument_map.pk, document.pk])


def _open_the_inference(page) -> None:
    """From the statement list to the claim, then to the inference that supports it (its critical questions)."""
    page.click(".side-tabs [data-tab=statements]")
    page.locator("#statement-list li", has_text=CLAIM[:12]).click()
    page.locator("#detail a", has_text="⇒").first.click()


def _the_canvas_search_and_shortcut_sheet_are_in_japanese(page) -> None:
    from playwright.sync_api import expect

    toolbar = page.locator(".canvas-toolbar")
    expect(toolbar).to_have_attribute("aria-label", "グラフのツール")
    expect(toolbar.locator("[data-action=evaluate]")).to_have_text("評価を表示")
    expect(toolbar.locator("[data-action=implicit]")).to_have_text("暗黙の前提")
    expect(toolbar.locator("[data-action=fit]")).to_have_text("全体表示")
    expect(toolbar.locator("[data-action=relayout]")).to_have_text("再配置")
    expect(toolbar.locator("[data-action=zoom-in]")).to_have_attribute("title", "拡大")
    expect(toolbar.locator(".canvas-legend")).to_contain_text("破線 下書き")

    search = page.locator("#doc-search")
    expect(search).to_have_attribute("placeholder", "本文を検索（/）")
    search.fill("北朝鮮")
    expect(page.locator("#doc-search-count")).to_contain_text(" / ")
    search.fill("存在しない語句")
    expect(page.locator("#doc-search-count")).to_have_text("一致なし")
    search.press("Escape")

    page.click("#shortcuts")
    sheet = page.locator("#shortcut-sheet")
    expect(sheet.locator("h2")).to_have_text("キーボードショートカット")
    expect(sheet.locator("h3")).to_have_text(
        ["本文", "検索", "言明とリンク", "マップのキャンバス（フォーカスがあるとき）", "提案"]
    )
    expect(sheet).to_contain_text("選択範囲 → 主張")
    expect(sheet).to_contain_text("マップ全体をペインに収める")
    expect(sheet.locator("kbd", has_text="Shift + ⊕ からドラッグ")).to_have_count(1)
    expect(sheet.locator("button")).to_have_text("閉じる（Esc）")
    sheet.locator("button").click()
    expect(sheet).to_be_hidden()


@pytest.mark.django_db(transaction=True)
def test_a_japanese_browser_gets_the_screen_schemes_and_questions_in_japanese_and_the_switcher_sticks(
    live_server, browser_page
):
    from playwright.sync_api import expect

    page = browser_page
    page.set_viewport_size({"width": 1440, "height": 1000})
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    annotator, screen = _annotated_map()
    page.set_extra_http_headers({"Accept-Language": "ja,en;q=0.5"})
    _log_in(page, live_server.url, annotator, screen)
    page.wait_for_selector("#annotator[data-ready]")

    assert page.get_attribute("html", "lang") == "ja"
    expect(page.locator("#undo")).to_have_text("元に戻す")
    expect(page.locator("#propose-mine")).to_have_text("自分の下書きをすべて提案")
    expect(page.locator("#queue-link")).to_have_text("レビュー待ち一覧")
    expect(page.locator(".side-tabs button")).to_have_text(["言明", "選択中", "削除済み", "提案"])
    expect(page.locator("#role-badge")).to_have_text(f"{annotator.username} · アノテーター")

    page.evaluate(SELECT_PASSAGE, "第一期トランプ政権を特徴づけたのは")
    page.wait_for_selector("#kind-menu:not([hidden])")
    expect(page.locator("#kind-menu [data-kind]")).to_have_text(
        ["主張 1", "前提 2", "反論 3", "証拠 4"]
    )  # with their hotkeys
    page.click("#kind-menu [data-kind=evidence]")
    expect(page.locator("#flash")).to_have_text("新しい「証拠」を作成しました。")

    _open_the_inference(page)
    detail = page.locator("#detail")
    expect(detail).to_contain_text(f"批判的質問（{CAUSE_TO_EFFECT_JA}）")
    expect(detail).to_contain_text(FIRST_QUESTION_JA)
    expect(page.locator("#detail")).to_contain_text(f"{CAUSE_TO_EFFECT_JA}）")  # the inference named in Japanese
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "annotation-screen-ja.png"))
    page.click(".side-tabs [data-tab=statements]")
    page.locator("#statement-list li", has_text=CLAIM[:12]).click()
    page.fill(".support-form input[name=scheme]", "因果")
    expect(page.locator(".support-form [role=option]", has_text=CAUSE_TO_EFFECT_JA)).to_have_count(1)
    page.keyboard.press("Escape")

    _the_canvas_search_and_shortcut_sheet_are_in_japanese(page)

    # the switcher: English, kept in the cookie over the browser's Accept-Language: ja
    page.select_option("#language-switcher select[name=language]", "en")
    page.click("#language-switcher button[type=submit]")
    page.wait_for_selector("#annotator[data-ready]")
    expect(page.locator("#undo")).to_have_text("Undo")
    assert any(c["name"] == "django_language" and c["value"] == "en" for c in page.context.cookies())
    page.goto(live_server.url + screen)
    page.wait_for_selector("#annotator[data-ready]")
    assert page.get_attribute("html", "lang") == "en"
    expect(page.locator(".side-tabs button")).to_have_text(["Statements", "Selected", "Deleted", "Suggestions"])
    _open_the_inference(page)
    expect(page.locator("#detail")).to_contain_text("Critical questions (Argument from cause to effect)")
    expect(page.locator("#detail")).to_contain_text("CQ1. How strong is the causal generalisation?")
    assert not errors, errors


@pytest.mark.django_db(transaction=True)
def test_an_english_browser_gets_english_and_can_switch_to_japanese(live_server, browser_page):
    from playwright.sync_api import expect

    page = browser_page
    page.set_viewport_size({"width": 1440, "height": 1000})
    annotator, screen = _annotated_map("owner-en", "annotator-en")
    page.set_extra_http_headers({"Accept-Language": "en-GB,en;q=0.8"})
    _log_in(page, live_server.url, annotator, screen)
    page.wait_for_selector("#annotator[data-ready]")
    expect(page.locator("#undo")).to_have_text("Undo")
    expect(page.locator("#kind-menu [data-kind]")).to_have_text(["Claim 1", "Premise 2", "Rebuttal 3", "Evidence 4"])
    _open_the_inference(page)
    expect(page.locator("#detail")).to_contain_text("Critical questions (Argument from cause to effect)")

    page.select_option("#language-switcher select[name=language]", "ja")
    page.click("#language-switcher button[type=submit]")
    page.wait_for_selector("#annotator[data-ready]")
    expect(page.locator("#undo")).to_have_text("元に戻す")
    page.goto(live_server.url + reverse("admin:argmap_review_queue"))
    expect(page.locator("#content-main h2").first).to_contain_text("レビュー待ち")


# ---------------------------------------------------------------- without a browser


@pytest.fixture
def screen(as_user, team, argument_map, document):
    return as_user(team["alice"]), reverse("admin:argmap_annotate", args=[argument_map.pk, document.pk])


@pytest.mark.django_db
def test_accept_language_picks_the_screens_language(screen):
    client, url = screen
    japanese = client.get(url, HTTP_ACCEPT_LANGUAGE="ja").content.decode()
    assert "元に戻す" in japanese and '<html lang="ja"' in japanese
    english = client.get(url, HTTP_ACCEPT_LANGUAGE="en-US").content.decode()
    assert ">Undo<" in english and "元に戻す" not in english
    assert ">Undo<" in client.get(url).content.decode()  # no preference: English


@pytest.mark.django_db
def test_the_catalog_is_loaded_before_the_modules_from_its_own_url(screen):
    client, url = screen
    page = client.get(url, HTTP_ACCEPT_LANGUAGE="ja").content.decode()
    # Before the modules, and not async: a deferred classic script still runs before them, in document order.
    catalog_tag = re.search(r'<script src="/jsi18n/"[^>]*>', page)
    assert catalog_tag and catalog_tag.start() < page.index('src="/static/argmap/annotate.js"')
    assert "async" not in catalog_tag.group()
    catalog = client.get("/jsi18n/", HTTP_ACCEPT_LANGUAGE="ja")
    assert catalog.status_code == 200 and catalog["Content-Type"].startswith("text/javascript")
    assert (
        '"Undone.": "\\u5143\\u306b\\u623b\\u3057\\u307e\\u3057\\u305f\\u3002"' in catalog.content.decode()
    )  # 元に戻しました。
    assert '"Undone."' not in client.get("/jsi18n/", HTTP_ACCEPT_LANGUAGE="en").content.decode()


@pytest.mark.django_db
def test_set_language_keeps_the_choice_in_the_cookie_and_goes_back(screen):
    client, url = screen
    response = client.post(reverse("set_language"), {"language": "ja", "next": url})
    assert response.status_code == 302 and response["Location"] == url
    assert client.cookies["django_language"].value == "ja"
    assert "元に戻す" in client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    response = client.post(reverse("set_language"), {"language": "xx", "next": url})
    assert client.cookies["django_language"].value == "ja"  # an unknown language changes nothing
    response = client.post(reverse("set_language"), {"language": "en", "next": "https://elsewhere.example/"})
    assert response.status_code == 302 and response["Location"] == "/"  # never an open redirect


@pytest.mark.django_db
def test_review_queue_and_messages_in_japanese(as_user, team, argument_map, document):
    from argmap.models import Statement

    statement = make_passage(argument_map, document, "北朝鮮", kind="claim", actor=team["alice"])
    services.set_review_status(actor=team["alice"], node=statement, status="proposed", expected_version=1)
    rita = as_user(team["rita"])
    queue = reverse("admin:argmap_review_queue")
    page = rita.get(queue, HTTP_ACCEPT_LANGUAGE="ja").content.decode()
    assert "レビュー待ち：言明 1 件、推論・攻撃 0 件" in page and ">主張<" in page
    node = f"statement:{statement.pk}:{Statement.objects.get(pk=statement.pk).version}"
    followed = rita.post(queue, {"status": "accepted", "node": [node]}, HTTP_ACCEPT_LANGUAGE="ja", follow=True)
    assert "1 件を「承認済み」にしました。" in followed.content.decode()
