"""The annotation canvas on a 1,000-statement map in headless Chromium (a benchmark, not a timed test).

    python -m bench.annotation_canvas [--statements 1000] [--opens 3] [--frames 120]

Builds its own database (``argmap_bench_canvas``) with a synthetic map (``argmap.datasets.synthetic``),
serves it with gunicorn (``DEBUG=0``, collected static files) on a free loopback port, logs a staff owner in
and opens the annotation screen ``--opens`` times: time from navigation start to the first drawn graph
(the canvas marks the frame after its first layout), first with no stored positions (automatic layout), then
with every node's position stored (what a team's map has once arranged). Then pans and zooms ``--frames``
animation frames each and reports frame intervals (median, p95, max). Prints the figures and the machine's
load average; paste them into docs/annotation.md. Bounded: every wait has a timeout; nothing leaves 127.0.0.1.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import time

from bench.environment import configure
from bench.loadtest import free_port, start_gunicorn, wait_until_up

DATABASE = "argmap_bench_canvas"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"]
PASSWORD = "bench-canvas-pw"

FRAMES = """async ({ frames, mode }) => {
  const cy = window.argmapCanvas.cy;
  const intervals = [];
  let last = performance.now();
  for (let i = 0; i < frames; i++) {
    if (mode === "pan") cy.panBy({ x: (i % 40 < 20 ? 12 : -12), y: (i % 30 < 15 ? 7 : -7) });
    else cy.zoom({ level: cy.zoom() * (i % 40 < 20 ? 1.04 : 1 / 1.04), renderedPosition: { x: cy.width() / 2, y: cy.height() / 2 } });
    await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
    const now = performance.now();
    intervals.push((now - last) / 2);
    last = now;
  }
  return intervals;
}"""

STORE_ALL = """async (url) => {
  const cy = window.argmapCanvas.cy;
  const positions = cy.nodes().map((n) => ({ node: n.id(), x: n.position("x"), y: n.position("y") }));
  const csrf = document.querySelector("[name=csrfmiddlewaretoken]").value;
  const response = await fetch(url, { method: "PUT", credentials: "same-origin", body: JSON.stringify({ positions }),
    headers: { "Content-Type": "application/json", "X-CSRFToken": csrf, Accept: "application/json" } });
  return [response.status, positions.length];
}"""


BREAKDOWN = """() => {
  const at = {};
  const nav = performance.getEntriesByType("navigation")[0];
  at.page = Math.round(nav.responseEnd);
  for (const entry of performance.getEntriesByType("resource")) {
    const path = new URL(entry.name).pathname;
    if (path.endsWith("/annotation/")) at.state = Math.round(entry.responseEnd);
    if (path.endsWith("/layout/")) at.layout_get = Math.round(entry.responseEnd);
    if (path.endsWith("cytoscape.esm.min.js")) at.cytoscape_js = Math.round(entry.responseEnd);
  }
  for (const mark of performance.getEntriesByType("mark")) {
    if (mark.name.startsWith("canvas:") && !(mark.name in at)) at[mark.name] = Math.round(mark.startTime);
  }
  return at;
}"""


def _setup(statements: int):
    from django.contrib.auth import get_user_model
    from django.core.management import call_command

    from argmap import services
    from argmap.datasets.synthetic import generate_map

    workspace = services.create_workspace(actor=None, slug="canvas-bench", name="Canvas bench")
    argument_map = generate_map(workspace=workspace, statements=statements, seed=1)
    user = get_user_model().objects.create_user("bench-owner", password=PASSWORD, is_staff=True)
    services.add_member(actor=None, workspace=workspace, user=user, role="owner")
    call_command("collectstatic", interactive=False, verbosity=0)
    return argument_map, argument_map.documents.get(), user


def _percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def _open(page, url: str) -> dict:
    page.goto(url, wait_until="commit", timeout=60_000)
    page.wait_for_selector("#graph[data-drawn]", timeout=60_000, state="attached")
    drawn = int(page.get_attribute("#graph", "data-drawn"))
    nodes = page.evaluate("window.argmapCanvas.cy.nodes().length")
    return {"drawn_ms": drawn, "nodes": nodes, "steps": page.evaluate(BREAKDOWN)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--statements", type=int, default=1000)
    parser.add_argument("--opens", type=int, default=3)
    parser.add_argument("--frames", type=int, default=120)
    args = parser.parse_args()

    configure(DATABASE)
    from django.urls import reverse

    argument_map, document, user = _setup(args.statements)
    screen = reverse("admin:argmap_annotate", args=[argument_map.pk, document.pk])
    layout_url = reverse("rest:map-layout", args=[argument_map.pk])
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = start_gunicorn(DATABASE, port)
    from playwright.sync_api import sync_playwright

    load_before = os.getloadavg()
    results: dict = {}
    try:
        wait_until_up(base, server)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1366, "height": 768})
            page.on("pageerror", lambda error: print(f"  page error: {error}"))
            page.on("console", lambda m: print(f"  console {m.type}: {m.text}") if m.type == "error" else None)
            page.goto(f"{base}/admin/login/?next={screen}")
            page.fill("#id_username", user.username)
            page.fill("#id_password", PASSWORD)
            page.click("input[type=submit]")
            page.wait_for_selector("#graph[data-drawn]", timeout=60_000, state="attached")
            for phase in ("automatic layout", "stored positions"):
                if phase == "stored positions":
                    status, count = page.evaluate(STORE_ALL, layout_url)
                    print(f"  stored {count} positions: HTTP {status}")
                runs = [_open(page, base + screen) for _ in range(args.opens)]
                results[phase] = runs
                print(
                    f"  open, {phase}: {[r['drawn_ms'] for r in runs]} ms to the first drawn graph ({runs[0]['nodes']} nodes)"
                )
                print(f"    milestones of the last open (ms from navigation start): {runs[-1]['steps']}")
            page.evaluate("window.argmapCanvas.fit()")
            for mode in ("pan", "zoom"):
                intervals = page.evaluate(FRAMES, {"frames": args.frames, "mode": mode})
                results[mode] = intervals
                print(
                    f"  {mode}: {len(intervals)} frames, median {statistics.median(intervals):.1f} ms, "
                    f"p95 {_percentile(intervals, 0.95):.1f} ms, max {max(intervals):.1f} ms"
                )
            browser.close()
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
    load_after = os.getloadavg()
    print(f"  load average (1, 5, 15 min) before {load_before}, after {load_after}; {os.cpu_count()} cores")
    started = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    print(f"  measured {started}")


if __name__ == "__main__":
    main()
