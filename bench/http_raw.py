"""The raw limit over HTTP: a bare WSGI app, psycopg 3 on its own plain connection and orjson, no Django.

Served by gunicorn exactly as argmap is (one sync worker) by ``bench/http.py``:
``gunicorn bench.http_raw:application`` with ``RAW_DATABASE_URL`` set. It reads the
same rows as argmap's endpoints with the SQL of :mod:`bench.baselines`; it checks
no token and no visibility (a floor, not a service).

* ``GET /graph/<map>`` — every row of the whole map (REST graph's rows);
* ``GET /statements/<id>`` — one statement with its tags;
* ``GET /neighbourhood/<id>?depth=N`` — the recursive CTE and the reached rows;
* ``GET /search?workspace=<id>&q=<term>`` — the trigram-served ``ILIKE``.
"""

from __future__ import annotations

import os
from urllib.parse import parse_qs

from .baselines import RawSQL, raw_graph, raw_neighbourhood, raw_search, raw_statement

_raw: RawSQL | None = None


def _connection() -> RawSQL:
    global _raw
    if _raw is None or _raw.connection.closed:
        _raw = RawSQL.plain(os.environ["RAW_DATABASE_URL"])
    return _raw


def _answer(start_response, status: str, body: bytes):
    start_response(status, [("Content-Type", "application/json"), ("Content-Length", str(len(body)))])
    return [body]


def application(environ, start_response):
    parts = environ.get("PATH_INFO", "").strip("/").split("/")
    query = {key: values[0] for key, values in parse_qs(environ.get("QUERY_STRING", "")).items()}
    raw = _connection()
    body = None
    if len(parts) == 2 and parts[0] == "graph":
        body = raw_graph(raw, parts[1])
    elif len(parts) == 2 and parts[0] == "statements":
        body = raw_statement(raw, parts[1])
    elif len(parts) == 2 and parts[0] == "neighbourhood":
        body = raw_neighbourhood(raw, parts[1], int(query.get("depth", "1")))
    elif parts == ["search"]:
        body = raw_search(raw, query["workspace"], query["q"])
    if body is None:
        return _answer(start_response, "404 Not Found", b'{"detail":"not found"}')
    return _answer(start_response, "200 OK", body)
