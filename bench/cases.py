"""Every measurement of the suite, each paired with its baseline."""

from __future__ import annotations

import random
import uuid
from contextlib import contextmanager
from urllib.parse import quote

import orjson
from django.db import connection, transaction
from django.test import Client

from argmap.interchange.imports import import_map
from argmap.semantics.dung import Framework, grounded_labelling

from .aif import raw_import, synthetic_aif
from .baselines import RawSQL, bare_grounded, raw_graph, raw_neighbourhood, raw_search
from .data import COMMON_TERM, BenchData, BenchMap, size_label
from .graphql_floor import QUERY, graphql_core_graph
from .measure import Case

#: What a typed client sends for the whole map, field by field (the floor measures the same query).
GRAPH_QUERY = QUERY
#: The whole map as one pre-serialised JSON value: REST's graph body, no field-by-field execution.
GRAPH_DOCUMENT_QUERY = "query ($id: ID!) { map(id: $id) { graphDocument } }"
TRAVERSAL_DEPTHS = (1, 3, 6)


class Api:
    """Requests through Django's whole WSGI stack (middleware, DRF, graphene) as the bench owner."""

    def __init__(self, token: str):
        self.client = Client(HTTP_AUTHORIZATION=f"Token {token}")

    def get(self, path: str, *, expect: int = 200, **headers):
        response = self.client.get(path, **headers)
        if response.status_code != expect:
            raise AssertionError(f"GET {path}: {response.status_code} {response.content[:300]!r}")
        return response

    def graphql(self, query: str, variables: dict) -> bytes:
        response = self.client.post(
            "/graphql/", orjson.dumps({"query": query, "variables": variables}), content_type="application/json"
        )
        body = orjson.loads(response.content)
        if response.status_code != 200 or body.get("errors"):
            raise AssertionError(f"GraphQL: {response.status_code} {str(body.get('errors'))[:300]}")
        return response.content

    def post_graphql(self, query: str, variables: dict):
        """The response as it comes, unparsed (checked outside the timed runs)."""
        return self.client.post(
            "/graphql/", orjson.dumps({"query": query, "variables": variables}), content_type="application/json"
        )


def graph_cases(api: Api, raw: RawSQL, bench: BenchMap, *, reps: int, graphql: bool = True) -> list[Case]:
    map_id = bench.argument_map.pk
    path = f"/api/v1/maps/{map_id}/graph/"
    target = bench.label == "10k"
    cases = [
        Case(
            "graph",
            "REST GET /maps/{id}/graph/",
            bench.label,
            lambda: api.get(path).content,
            "psycopg + orjson, same rows",
            lambda: raw_graph(raw, map_id),
            raw=raw,
            max_ratio=2 if target else None,
            reps=reps,
        )
    ]
    etag = api.get(path)["ETag"]
    cases.append(
        Case(
            "graph",
            "REST graph again, If-None-Match → 304",
            bench.label,
            lambda: api.get(path, expect=304, HTTP_IF_NONE_MATCH=etag),
            "psycopg + orjson, same rows",
            lambda: raw_graph(raw, map_id),
            raw=raw,
            check=_not_modified,
            reps=reps,
            note="answered from the fingerprint query, graph not built",
        )
    )
    if graphql:
        from graphql_relay import to_global_id

        variables = {"id": to_global_id("Map", str(map_id))}
        cases.append(
            Case(
                "graph",
                "GraphQL map { graph { … } }",
                bench.label,
                lambda: api.post_graphql(GRAPH_QUERY, variables),
                "psycopg + orjson, same rows",
                lambda: raw_graph(raw, map_id),
                raw=raw,
                check=_graphql_answered,
                max_ratio=4 if target else None,
                reps=reps,
            )
        )
        cases.append(
            Case(
                "graph",
                "GraphQL map { graphDocument }",
                bench.label,
                lambda: api.post_graphql(GRAPH_DOCUMENT_QUERY, variables),
                "psycopg + orjson, same rows",
                lambda: raw_graph(raw, map_id),
                raw=raw,
                check=_whole_graph_document(bench.argument_map.statements.count()),
                max_ratio=4 if target else None,
                reps=reps,
                note="REST's graph body as one JSON value",
            )
        )
        cases.append(
            Case(
                "graph",
                "graphql-core alone: same query over the raw rows",
                bench.label,
                lambda: graphql_core_graph(raw, map_id),
                "psycopg + orjson, same rows",
                lambda: raw_graph(raw, map_id),
                raw=raw,
                reps=reps,
                note="the floor of field-by-field GraphQL execution, no Django",
            )
        )
    return cases


def _graphql_answered(response) -> str | None:
    """Checked on the untimed profiling pass: the timed runs never parse the response."""
    body = orjson.loads(response.content)
    if response.status_code != 200 or body.get("errors"):
        return f"answered {response.status_code}: {str(body.get('errors'))[:300]}"
    return None


def _whole_graph_document(statements: int):
    def check(response) -> str | None:
        body = orjson.loads(response.content)
        if response.status_code != 200 or body.get("errors"):
            return f"answered {response.status_code}: {str(body.get('errors'))[:300]}"
        served = len(body["data"]["map"]["graphDocument"]["statements"])
        return None if served == statements else f"{served} statements served, not {statements}"

    return check


def _not_modified(response) -> str | None:
    return None if response.status_code == 304 else f"answered {response.status_code}, not 304"


def traversal_cases(api: Api, raw: RawSQL, bench: BenchMap, *, reps: int) -> list[Case]:
    origin = bench.origin.pk
    cases = []
    for depth in TRAVERSAL_DEPTHS:
        path = f"/api/v1/statements/{origin}/neighbourhood/?depth={depth}&direction=both"
        cases.append(
            Case(
                "traversal",
                f"REST neighbourhood depth {depth}",
                bench.label,
                lambda path=path: api.get(path).content,
                "recursive CTE + rows, psycopg + orjson",
                lambda depth=depth: raw_neighbourhood(raw, origin, depth),
                raw=raw,
                max_ratio=2 if bench.label == "100k" else None,
                reps=reps,
            )
        )
    return cases


def search_cases(api: Api, raw: RawSQL, bench: BenchMap, workspace_id, *, reps: int) -> list[Case]:
    cases = []
    for label, term in (("one hit", bench.rare_term), ("many hits", COMMON_TERM)):
        path = f"/api/v1/search/?q={quote(term)}&type=statement&limit=50"
        cases.append(
            Case(
                "search",
                f"REST search, Japanese substring ({label})",
                bench.label,
                lambda path=path: api.get(path).content,
                "same ILIKE (trigram index), psycopg + orjson",
                lambda term=term: raw_search(raw, workspace_id, term),
                raw=raw,
                reps=reps,
            )
        )
    return cases


@contextmanager
def rolled_back():
    """A transaction undone afterwards, so every repetition imports into the same database."""
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


def _check_constraints() -> None:
    """Run the deferred foreign-key checks now, as a commit would."""
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")


def import_cases(raw: RawSQL, data: BenchData, nodes: list[int], *, reps: int, log=print) -> list[Case]:
    cases = []
    for count in nodes:
        document = synthetic_aif(count)

        def subject(document=document):
            _, counts = import_map(
                actor=data.owner, workspace=data.workspace, raw=document, format="aif", progress=_Progress(log)
            )
            _check_constraints()
            return counts

        def baseline(document=document):
            written = raw_import(raw, data.workspace.pk, document)
            _check_constraints()
            return written

        cases.append(
            Case(
                "import",
                "AIF import (parse, validate, COPY, history)",
                f"{size_label(count)} nodes",
                subject,
                "orjson parse + COPY of the same graph rows",
                baseline,
                raw=raw,
                max_ratio=5,
                around=rolled_back,
                reps=reps,
            )
        )
    return cases


class _Progress:
    """The import's progress callback: a line per table at the end of the profiling pass."""

    shown: set = set()

    def __init__(self, log):
        self.log = log

    def __call__(self, stage: str, done: int, total: int) -> None:
        if done == total and (stage, total) not in self.shown:
            self.shown.add((stage, total))
            self.log(f"      import progress: {stage} {done}/{total}")


def random_framework(attacks: int, *, seed: int = 8) -> tuple[list, set, list[tuple[int, int]]]:
    """Arguments named as :func:`argmap.semantics.framework.dung_framework` names them, about two attacks each."""
    rng = random.Random(seed)
    n = max(2, attacks // 2)
    arguments = [("statement", str(uuid.UUID(int=rng.getrandbits(128)))) for _ in range(n)]
    pairs: set[tuple[int, int]] = set()
    while len(pairs) < attacks:
        pairs.add((rng.randrange(n), rng.randrange(n)))
    indexed = sorted(pairs)
    return arguments, {(arguments[a], arguments[b]) for a, b in indexed}, indexed


def grounded_cases(attack_counts: list[int], *, reps: int) -> list[Case]:
    cases = []
    for attacks in attack_counts:
        arguments, named_attacks, indexed = random_framework(attacks)
        cases.append(
            Case(
                "semantics",
                "grounded labelling (Framework + labels)",
                f"{size_label(attacks) if attacks < 1_000_000 else f'{attacks // 1_000_000}M'} attacks",
                lambda arguments=arguments, named_attacks=named_attacks: grounded_labelling(
                    Framework(arguments, named_attacks)
                ),
                "bare Python queue over int ids",
                lambda n=len(arguments), indexed=indexed: bare_grounded(n, indexed),
                max_seconds=3 if attacks >= 1_000_000 else None,
                reps=reps,
            )
        )
    return cases
