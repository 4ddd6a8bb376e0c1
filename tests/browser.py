"""Headless Debian chromium driven by Playwright, for tests of pages a person opens.

Use the ``browser_page`` fixture with pytest-django's ``live_server``. Every
request that leaves 127.0.0.1 is recorded, so a test can assert that a page
loads nothing from a CDN. Every Content-Security-Policy violation is recorded
too (the browser's console report and the page's ``securitypolicyviolation``
events), and any one fails the test: each page must work under the strict policy.
"""

from __future__ import annotations

import os
from urllib.parse import urlparse

import pytest

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-quic",
    "--no-first-run",
]


@pytest.fixture
def browser_page():
    """A Playwright page; ``page.external_requests`` lists every non-local URL it asked for."""
    if not os.path.exists(CHROMIUM):
        pytest.skip("Debian's chromium is not installed (config/scripts/ensure_chromium.sh installs it)")
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page()
        page.external_requests = []

        def watch(request):
            host = urlparse(request.url).hostname
            if request.url.startswith(("http:", "https:")) and host not in {"127.0.0.1", "localhost"}:
                page.external_requests.append(request.url)

        page.on("request", watch)
        page.csp_violations = []

        def console(message):
            if "Content Security Policy" in message.text or message.text.startswith("Refused to"):
                page.csp_violations.append(message.text)

        page.on("console", console)
        page.add_init_script(CSP_LISTENER)
        try:
            yield page
            page.csp_violations += _reported_violations(page)
            if page.csp_violations:
                pytest.fail("Content-Security-Policy violations:\n" + "\n".join(page.csp_violations))
        finally:
            browser.close()


#: Collects ``securitypolicyviolation`` events on every document the page opens.
CSP_LISTENER = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__cspViolations.push(`${e.violatedDirective} blocked ${e.blockedURI || "inline"} at ${e.sourceFile}:${e.lineNumber}`);
});
"""


def _reported_violations(page) -> list[str]:
    try:
        return page.evaluate("window.__cspViolations || []")
    except Exception:  # the page is gone (closed, navigating): the console record still holds
        return []
