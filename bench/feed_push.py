"""Push delivery under load: ``python -m bench.feed_push [--subscribers 100 --rate 50 --seconds 30]``.

One map; N SSE subscribers (asyncio + httpx, this process) on uvicorn app processes (``--processes``,
``DB_POOL=1``, ``DEBUG=0``, loopback only); a writer thread in this process creates statements through the
service at ``--rate`` per second for ``--seconds``. Latency is measured per (subscriber, event) from the
moment the writer's service call returned (committed) to the moment the event's data line arrived. Every
subscriber must receive every event, in order; the run reports how many did and p50/p95/max latency.
Bounded: the writer stops after ``--seconds``, the subscribers ``--drain`` seconds later.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import threading
import time

import httpx

from bench.environment import configure, database_url


def _percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


async def _subscriber(base: str, map_id: str, token: str, cursor: str, seen: list) -> None:
    """Reads the stream into ``seen`` as ``(statement text, arrival time)`` until cancelled."""
    headers = {"Authorization": f"Token {token}", "Accept": "text/event-stream", "Last-Event-ID": cursor}
    url = f"{base}/api/v1/maps/{map_id}/events/"
    async with (
        httpx.AsyncClient(timeout=httpx.Timeout(10, read=None)) as client,
        client.stream("GET", url, headers=headers) as response,
    ):
        response.raise_for_status()
        async for line in response.aiter_lines():
            if os.environ.get("BENCH_DEBUG"):
                print(repr(line))
            if line.startswith("data:"):
                event = json.loads(line[5:])
                seen.append((event["changes"][0]["after"]["text"], time.monotonic()))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--subscribers", type=int, default=100)
    parser.add_argument("--rate", type=float, default=50.0)
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--processes", type=int, default=2)
    parser.add_argument("--drain", type=float, default=10.0)
    args = parser.parse_args()

    configure("argmap_bench_push")
    from django.conf import settings

    os.environ.update({"DB_POOL": "1", "DB_POOL_MAX": "8", "SECURE_SSL_REDIRECT": "0"})
    prefix = f"argmap-bench-{os.getpid()}"  # Redis pub/sub is shared by everyone on the machine
    settings.CHANNEL_LAYERS["default"]["CONFIG"]["prefix"] = prefix
    from django.contrib.auth import get_user_model
    from rest_framework.authtoken.models import Token

    from argmap import services
    from argmap.models import FeedEntry
    from argmap.selectors.changes import encode_cursor
    from tests.push_clients import AppProcess

    actor = get_user_model().objects.create_user("bench-push")
    token = Token.objects.create(user=actor).key
    workspace = services.create_workspace(actor=actor, slug="bench-push", name="Bench push")
    argument_map = services.create_map(actor=actor, workspace=workspace, name="Push", visibility="private")
    cursor = encode_cursor(FeedEntry.objects.filter(map_id=argument_map.pk).order_by("-position")[0].position)

    apps = [
        AppProcess(database_url=database_url("argmap_bench_push"), channel_prefix=prefix, settings="config.settings")
        for _ in range(args.processes)
    ]
    try:
        for app in apps:
            app.wait_ready()
        written: dict[str, float] = {}

        def writer():
            interval, start = 1.0 / args.rate, time.monotonic()
            n = 0
            while time.monotonic() - start < args.seconds:
                due = start + n * interval
                if (delay := due - time.monotonic()) > 0:
                    time.sleep(delay)
                text = f"bench {n}"
                services.create_statement(actor=actor, argument_map=argument_map, kind="claim", text=text)
                written[text] = time.monotonic()
                n += 1

        async def run():
            arrivals = [[] for _ in range(args.subscribers)]
            tasks = [
                asyncio.create_task(
                    _subscriber(apps[i % len(apps)].base, str(argument_map.pk), token, cursor, arrivals[i])
                )
                for i in range(args.subscribers)
            ]
            await asyncio.sleep(3)  # let every stream open
            thread = threading.Thread(target=writer)
            thread.start()
            await asyncio.to_thread(thread.join)
            await asyncio.sleep(args.drain)
            for task in tasks:
                task.cancel()
            for outcome in await asyncio.gather(*tasks, return_exceptions=True):
                if isinstance(outcome, BaseException) and not isinstance(outcome, asyncio.CancelledError):
                    print(f"subscriber failed: {outcome!r}")
            return arrivals

        started = time.monotonic()
        arrivals = asyncio.run(run())
        elapsed = time.monotonic() - started
    finally:
        for app in apps:
            app.stop()

    expected = [f"bench {n}" for n in range(len(written))]
    complete = sum(1 for seen in arrivals if [text for text, _ in seen] == expected)
    latencies = [at - written[text] for seen in arrivals for text, at in seen if text in written]
    print(
        f"{args.subscribers} SSE subscribers on {args.processes} uvicorn process(es), {len(written)} writes "
        f"at {args.rate:g}/s for {args.seconds:g} s ({elapsed:.0f} s in all): {complete}/{len(arrivals)} "
        f"subscribers received every event in order; {len(latencies)} deliveries"
    )
    if latencies:
        print(
            f"delivery latency: p50 {statistics.median(latencies) * 1000:.0f} ms, "
            f"p95 {_percentile(latencies, 0.95) * 1000:.0f} ms, max {max(latencies) * 1000:.0f} ms"
        )
    print(f"load average: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")


if __name__ == "__main__":
    main()
