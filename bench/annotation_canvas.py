"""The annotation canvas on a 1,000-statement map in headless Chromium (a benchmark, not a timed test).

    python -m bench.annotation_canvas [--statements 1000] [--opens 3] [--frames 120] [--baseline REF | --baseline-dir DIR]

Builds its own database (``argmap_bench_canvas``) with a synthetic map (``argmap.datasets.synthetic``),
serves it with gunicorn (``DEBUG=0``, collected static files) on a free loopback port, logs a staff owner in
and opens the annotation screen ``--opens`` times: time from navigation start to the first drawn graph
(the canvas marks the frame after its first layout), first with no stored positions (automatic layout), then
with every node's position stored (what a team's map has once arranged). Then pans and zooms ``--frames``
animation frames each and reports frame intervals (median, p95, max). Prints the figures and the machine's
load average; paste them into docs/annotation.md. Bounded: every wait has a timeout; nothing leaves 127.0.0.1.

``--baseline REF`` swaps in ``static/argmap/`` as at commit REF (same server and templates);
``--baseline-dir DIR`` runs a second server from another checkout (e.g. ``git archive main``: its
templates, views and static files) on the same database. Either way the two are opened alternately.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

from bench.environment import configure
from bench.loadtest import free_port, server_environment, start_gunicorn, wait_until_up

DATABASE = "argmap_bench_canvas"
SCREEN_FILES = Path(__file__).resolve().parent.parent / "static" / "argmap"

PAINTED = """() => {
  new MutationObserver((changes, observer) => {
    const graph = document.getElementById("graph");
    if (!graph || !graph.dataset.drawn) return;
    observer.disconnect();
    requestAnimationFrame(() => requestAnimationFrame(() => { window.__painted = performance.now(); }));
  }).observe(document, { subtree: true, attributes: true, attributeFilter: ["data-drawn"] });
}"""
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
    if (/^(canvas|screen):/.test(mark.name) && !(mark.name in at)) at[mark.name] = Math.round(mark.startTime);
  }
  at.drawn = Number(document.getElementById("graph").dataset.drawn);
  at.painted = Math.round(window.__painted);
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
    page.wait_for_function("() => window.__painted > 0", timeout=60_000, polling=100)
    steps = page.evaluate(BREAKDOWN)
    nodes = page.evaluate("window.argmapCanvas.cy.nodes().length")
    return {"drawn_ms": steps["painted"], "nodes": nodes, "steps": steps}


def _screen_files(ref: str | None) -> dict[str, bytes]:
    """The screen's files (``static/argmap/``), from the work tree or from git commit ``ref``."""
    files = {}
    for path in sorted(SCREEN_FILES.iterdir()):
        if ref is None:
            files[path.name] = path.read_bytes()
            continue
        shown = subprocess.run(
            ["git", "show", f"{ref}:static/argmap/{path.name}"], cwd=SCREEN_FILES, capture_output=True, check=False
        )
        if shown.returncode == 0:
            files[path.name] = shown.stdout
    return files


def _serve_files(context, files: dict[str, bytes]) -> None:
    def handle(route):
        name = route.request.url.split("?")[0].rsplit("/", 1)[-1]
        if name not in files:
            route.continue_()
            return
        kind = "text/css" if name.endswith(".css") else "text/javascript"
        route.fulfill(status=200, body=files[name], headers={"Content-Type": kind, "Cache-Control": "no-store"})

    context.route("**/static/argmap/*", handle)


def _start_checkout(root: Path, port: int) -> subprocess.Popen:
    """gunicorn from another checkout at ``root`` (this interpreter, that code and its collected static files)."""
    environment = {**server_environment(DATABASE, port), "PYTHONPATH": str(root)}
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=root, env=environment, check=True
    )
    gunicorn = Path(sys.executable).with_name("gunicorn")
    return subprocess.Popen([str(gunicorn), "-c", "config/gunicorn.conf.py"], cwd=root, env=environment)


def _summary(values: list[float]) -> str:
    return (
        f"median {statistics.median(values):.1f} ms, p95 {_percentile(values, 0.95):.1f} ms, max {max(values):.1f} ms"
    )


def _milestones(runs: list[dict]) -> dict:
    keys = [k for k in runs[-1]["steps"] if all(k in r["steps"] for r in runs)]
    return {k: round(statistics.median(r["steps"][k] for r in runs)) for k in keys}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--statements", type=int, default=1000)
    parser.add_argument("--opens", type=int, default=3)
    parser.add_argument("--frames", type=int, default=120)
    baseline = parser.add_mutually_exclusive_group()
    baseline.add_argument(
        "--baseline", metavar="REF", help="also measure static/argmap/ as at git commit REF, alternately"
    )
    baseline.add_argument(
        "--baseline-dir", metavar="DIR", help="also measure a checkout at DIR (its own server), alternately"
    )
    args = parser.parse_args()

    configure(DATABASE)
    from django.urls import reverse

    argument_map, document, user = _setup(args.statements)
    screen = reverse("admin:argmap_annotate", args=[argument_map.pk, document.pk])
    layout_url = reverse("rest:map-layout", args=[argument_map.pk])
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    # uvicorn workers (what `make serve` runs): each open page keeps the change feed's stream open, which would
    # hold a sync worker per page until it times out.
    os.environ.setdefault("ARGMAP_SERVER", "asgi")
    servers = [start_gunicorn(DATABASE, port)]
    urls = [base]
    from playwright.sync_api import sync_playwright

    variants = {"work tree": (base, _screen_files(None))}
    if args.baseline:
        variants = {f"at {args.baseline}": (base, _screen_files(args.baseline)), **variants}
    if args.baseline_dir:
        other = free_port()
        servers.append(_start_checkout(Path(args.baseline_dir), other))
        urls.append(f"http://127.0.0.1:{other}")
        variants = {f"in {args.baseline_dir}": (urls[-1], None), **variants}
    load_before = os.getloadavg()
    try:
        for server, url in zip(servers, urls, strict=True):
            wait_until_up(url, server)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            pages = {}
            bases = {}
            for name, (base, files) in variants.items():
                bases[name] = base
                context = browser.new_context(viewport={"width": 1366, "height": 768})
                if files is not None:
                    _serve_files(context, files)
                context.add_init_script(script=f"({PAINTED})()")
                page = context.new_page()
                page.on("pageerror", lambda error, name=name: print(f"  [{name}] page error: {error}"))
                page.goto(f"{base}/admin/login/?next={screen}")
                page.fill("#id_username", user.username)
                page.fill("#id_password", PASSWORD)
                page.click("input[type=submit]")
                page.wait_for_function("() => window.__painted > 0", timeout=60_000, polling=100)
                pages[name] = page
            for phase in ("automatic layout", "stored positions"):
                if phase == "stored positions":
                    status, count = pages["work tree"].evaluate(STORE_ALL, layout_url)
                    print(f"  stored {count} positions: HTTP {status}")
                runs = {name: [] for name in pages}
                for i in range(args.opens):
                    order = list(pages) if i % 2 == 0 else list(reversed(pages))
                    for name in order:
                        runs[name].append(_open(pages[name], bases[name] + screen))
                for name, done in runs.items():
                    opens = [r["drawn_ms"] for r in done]
                    print(
                        f"  [{name}] open, {phase}: {opens} ms to the painted graph ({done[0]['nodes']} nodes), "
                        f"median {statistics.median(opens):.0f} ms"
                    )
                    print(f"    milestones (median over the opens, ms from navigation start): {_milestones(done)}")
            for mode in ("pan", "zoom"):
                intervals = {name: [] for name in pages}
                for i in range(2):
                    for name in pages if i == 0 else reversed(pages):
                        pages[name].evaluate("window.argmapCanvas.fit()")
                        pages[name].wait_for_timeout(300)
                        intervals[name] += pages[name].evaluate(FRAMES, {"frames": args.frames, "mode": mode})
                for name, values in intervals.items():
                    print(f"  [{name}] {mode}: {len(values)} frames, {_summary(values)}")
            browser.close()
    finally:
        for server in servers:
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
