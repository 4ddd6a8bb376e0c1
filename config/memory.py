"""The cyclic garbage collector in a serving process.

A whole-map request builds millions of short-lived container objects (rows,
dicts, model instances, GraphQL results). With CPython's default thresholds
(700, 10, 10) every 700 net allocations trigger a young collection, and each
older collection re-scans everything the process has loaded (Django, DRF,
graphene, the schema): the collector took about half of a 10k-statement graph
request (issue 18). Almost all of that garbage is freed by reference counting
anyway; the collector only needs to catch the rare cycle.

So a worker, once its application is loaded:

* collects once and **freezes** what survives (``gc.freeze()``): the loaded
  modules, URLconf and schemas move to a permanent generation the collector
  never scans again;
* raises the young-generation threshold so a large request triggers a few
  hundred cheap collections instead of tens of thousands, while cycles are
  still collected within the request (memory stays bounded; measured in
  docs/performance.md, "Memory behaviour").
"""

from __future__ import annotations

import gc

#: Net container allocations between young collections (CPython's default: 700).
YOUNG_THRESHOLD = 50_000
#: Young collections per middle one, and middle per full one (CPython's defaults).
OLDER_THRESHOLDS = (10, 10)


def settle_worker() -> None:
    """Freeze what the loaded application holds and set the serving thresholds.

    Called by gunicorn in each worker after the application is loaded
    (``post_worker_init`` in config/gunicorn.conf.py)."""
    from django.urls import get_resolver

    # Django imports the URLconf (REST views, the GraphQL schema) on the first request: load it before freezing.
    get_resolver().check()
    gc.collect()
    gc.freeze()
    gc.set_threshold(YOUNG_THRESHOLD, *OLDER_THRESHOLDS)
