"""The practical limits: the same rows read with bare psycopg 3 and serialised with orjson, no Django.

Reads run on a plain psycopg connection of their own (:meth:`RawSQL.plain`):
Django's connection registers Django's pure-Python timestamp loaders, which
made the old baseline (on Django's connection) 1.65x slower than bare psycopg
(issue 18). Writes that must share Django's transaction (the import cases,
rolled back afterwards) and readers of uncommitted data (the smoke test) use
:class:`RawSQL` on Django's connection. No ORM, no serializers, no
middleware. ``RawSQL.queries`` counts the statements sent.
"""

from __future__ import annotations

from collections import deque

import orjson

AUTHORED = "version, created_at, updated_at, created_by_id, updated_by_id"

GRAPH_QUERIES = {
    "statements": f"""
        SELECT id, map_id, key, kind, text, gloss, status, status_reason, implicit, {AUTHORED}
        FROM argmap_statement WHERE map_id = %(map)s ORDER BY created_at, id""",
    "scheme_applications": """
        SELECT a.id, a.map_id, a.key, a.type, a.scheme_id, a.note, a.status, a.status_reason, a.version,
               a.created_at, a.updated_at, a.created_by_id, a.updated_by_id, s.key AS scheme
        FROM argmap_schemeapplication a LEFT JOIN argmap_scheme s ON s.id = a.scheme_id
        WHERE a.map_id = %(map)s ORDER BY a.created_at, a.id""",
    "edges": f"""
        SELECT id, map_id, application_id, role, statement_id, other_application_id, {AUTHORED}
        FROM argmap_edge WHERE map_id = %(map)s ORDER BY created_at, id""",
    "anchors": f"""
        SELECT id, map_id, statement_id, document_id, exact, prefix, suffix, start, "end", status, {AUTHORED}
        FROM argmap_anchor WHERE map_id = %(map)s ORDER BY document_id, start, "end", id""",
    "evidence_links": f"""
        SELECT id, map_id, statement_id, source_id, footnote, locator, quote, {AUTHORED}
        FROM argmap_evidencelink WHERE map_id = %(map)s ORDER BY created_at, id""",
    "sources": """
        SELECT id, key, title, authors, container, publisher, published, url, accessed_on, footnote, locator,
               citation, version
        FROM argmap_source WHERE id IN (SELECT source_id FROM argmap_evidencelink WHERE map_id = %(map)s)
        ORDER BY footnote, title, id""",
    "documents": """
        SELECT d.id, d.key, d.title, d.title_en, d.language, d.sha256, d.version
        FROM argmap_document d JOIN argmap_argumentmap_documents md ON md.document_id = d.id
        WHERE md.argumentmap_id = %(map)s ORDER BY d.title, d.id""",
}
STATEMENT_TAGS = """
    SELECT st.statement_id, t.slug FROM argmap_statement_tags st
    JOIN argmap_statement s ON s.id = st.statement_id JOIN argmap_tag t ON t.id = st.tag_id
    WHERE s.map_id = %(map)s ORDER BY t.slug"""
APPLICATION_TAGS = """
    SELECT st.schemeapplication_id, t.slug FROM argmap_schemeapplication_tags st
    JOIN argmap_schemeapplication a ON a.id = st.schemeapplication_id JOIN argmap_tag t ON t.id = st.tag_id
    WHERE a.map_id = %(map)s ORDER BY t.slug"""

#: Everything reachable within ``depth`` scheme applications, one index lookup per step (see
#: :func:`argmap.selectors.graph.neighbourhood` for the walk's rules).
REACH = """
WITH RECURSIVE walk(node, is_app, depth) AS (
    SELECT %(origin)s::uuid, FALSE, 0
    UNION
    SELECT step.node, step.is_app, step.depth
    FROM walk w CROSS JOIN LATERAL (
        SELECT e.application_id AS node, TRUE AS is_app, w.depth + 1 AS depth
        FROM argmap_edge e
        WHERE NOT w.is_app AND e.statement_id = w.node
          AND ((e.role = 'antecedent' AND %(up)s) OR (e.role = 'consequent' AND %(down)s))
        UNION ALL
        SELECT COALESCE(e.statement_id, e.other_application_id), e.other_application_id IS NOT NULL,
               w.depth + CASE WHEN e.other_application_id IS NULL THEN 0 ELSE 1 END
        FROM argmap_edge e
        WHERE w.is_app AND e.application_id = w.node
          AND ((e.role = 'consequent' AND %(up)s) OR (e.role = 'antecedent' AND %(down)s))
        UNION ALL
        SELECT e.application_id, TRUE, w.depth + 1
        FROM argmap_edge e
        WHERE w.is_app AND e.other_application_id = w.node
          AND ((e.role = 'antecedent' AND %(up)s) OR (e.role = 'consequent' AND %(down)s))
    ) step
    WHERE step.depth <= %(depth)s
)
SELECT node, is_app, MIN(depth) FROM walk GROUP BY node, is_app
"""
NEIGHBOUR_ROWS = {
    "statements": f"""
        SELECT id, map_id, key, kind, text, gloss, status, status_reason, implicit, {AUTHORED}
        FROM argmap_statement WHERE id = ANY(%(ids)s) ORDER BY created_at, id""",
    "scheme_applications": """
        SELECT a.id, a.map_id, a.key, a.type, a.scheme_id, a.note, a.status, a.status_reason, a.version,
               a.created_at, a.updated_at, a.created_by_id, a.updated_by_id, s.key AS scheme
        FROM argmap_schemeapplication a LEFT JOIN argmap_scheme s ON s.id = a.scheme_id
        WHERE a.id = ANY(%(ids)s) ORDER BY a.created_at, a.id""",
    "edges": f"""
        SELECT id, map_id, application_id, role, statement_id, other_application_id, {AUTHORED}
        FROM argmap_edge WHERE application_id = ANY(%(ids)s) ORDER BY created_at, id""",
}
SEARCH = """
    SELECT id, workspace_id, map_id, kind, status, text, gloss FROM argmap_statement
    WHERE workspace_id = %(workspace)s AND (text ILIKE %(pattern)s OR gloss ILIKE %(pattern)s)
    ORDER BY created_at, id LIMIT %(limit)s"""


class RawSQL:
    """Bare psycopg, counting the statements it sends: on Django's connection unless given a plain one."""

    def __init__(self, plain_connection=None):
        self.queries = 0
        self._plain = plain_connection

    @classmethod
    def plain(cls, url: str) -> RawSQL:
        """Its own autocommit psycopg connection to ``url``: none of Django's adapters or loaders."""
        import psycopg

        return cls(psycopg.connect(url, autocommit=True))

    @property
    def connection(self):
        if self._plain is not None:
            return self._plain
        from django.db import connection

        connection.ensure_connection()
        return connection.connection

    def rows(self, sql: str, params: dict) -> list[dict]:
        self.queries += 1
        with self.connection.cursor() as cursor:
            cursor.execute(sql, params)
            names = [column.name for column in cursor.description]
            return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]

    def execute(self, sql: str, params: dict) -> None:
        self.queries += 1
        with self.connection.cursor() as cursor:
            cursor.execute(sql, params)

    def tuples(self, sql: str, params: dict) -> list[tuple]:
        self.queries += 1
        with self.connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()

    def copy(self, table: str, columns: tuple[str, ...], rows) -> None:
        self.queries += 1
        names = ", ".join(f'"{c}"' for c in columns)
        with self.connection.cursor() as cursor, cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)


def raw_graph(raw: RawSQL, map_id) -> bytes:
    """Every row :func:`argmap.selectors.graph.map_graph` reads, as one JSON document."""
    params = {"map": map_id}
    body = {name: raw.rows(sql, params) for name, sql in GRAPH_QUERIES.items()}
    for key, sql in (("statements", STATEMENT_TAGS), ("scheme_applications", APPLICATION_TAGS)):
        tags: dict = {}
        for owner_id, slug in raw.tuples(sql, params):
            tags.setdefault(owner_id, []).append(slug)
        for row in body[key]:
            row["tags"] = tags.get(row["id"], [])
    return orjson.dumps(body)


def raw_neighbourhood(raw: RawSQL, origin_id, depth: int, direction: str = "both") -> bytes:
    """The recursive CTE, then the reached rows, as one JSON document."""
    reached = raw.tuples(
        REACH,
        {"origin": origin_id, "depth": depth, "up": direction in ("up", "both"), "down": direction in ("down", "both")},
    )
    statement_depth = {node: d for node, is_app, d in reached if not is_app}
    application_depth = {node: d for node, is_app, d in reached if is_app}
    statements = raw.rows(NEIGHBOUR_ROWS["statements"], {"ids": list(statement_depth)})
    applications = raw.rows(NEIGHBOUR_ROWS["scheme_applications"], {"ids": list(application_depth)})
    edges = [
        e
        for e in raw.rows(NEIGHBOUR_ROWS["edges"], {"ids": list(application_depth)})
        if e["statement_id"] in statement_depth or e["other_application_id"] in application_depth
    ]
    for row in statements:
        row["depth"] = statement_depth[row["id"]]
    for row in applications:
        row["depth"] = application_depth[row["id"]]
    for row in edges:
        row["depth"] = application_depth[row["application_id"]]
    return orjson.dumps(
        {"origin": origin_id, "statements": statements, "scheme_applications": applications, "edges": edges}
    )


STATEMENT = f"""
    SELECT id, workspace_id, map_id, key, kind, text, gloss, status, status_reason, implicit, illocution, {AUTHORED}
    FROM argmap_statement WHERE id = %(id)s"""
STATEMENT_TAG_SLUGS = """
    SELECT t.slug FROM argmap_statement_tags st JOIN argmap_tag t ON t.id = st.tag_id
    WHERE st.statement_id = %(id)s ORDER BY t.slug"""


def raw_statement(raw: RawSQL, statement_id) -> bytes | None:
    """One statement with its tags (a point read), or None."""
    rows = raw.rows(STATEMENT, {"id": statement_id})
    if not rows:
        return None
    rows[0]["tags"] = [slug for (slug,) in raw.tuples(STATEMENT_TAG_SLUGS, {"id": statement_id})]
    return orjson.dumps(rows[0])


def raw_search(raw: RawSQL, workspace_id, term: str, limit: int = 50) -> bytes:
    """The statement half of search: the trigram-served ``ILIKE`` with the same order and limit."""
    escaped = term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    rows = raw.rows(SEARCH, {"workspace": workspace_id, "pattern": f"%{escaped}%", "limit": limit})
    return orjson.dumps({"q": term, "results": rows})


def bare_grounded(n_arguments: int, attacks: list[tuple[int, int]]) -> list[int]:
    """Grounded labelling over integer arguments with flat lists: the floor for pure Python.

    Labels: 1 IN, 2 OUT, 0 UNDEC.
    """
    attacked_by: list[list[int]] = [[] for _ in range(n_arguments)]
    live = [0] * n_arguments
    for attacker, attacked in attacks:
        attacked_by[attacker].append(attacked)
        live[attacked] += 1
    label = [0] * n_arguments
    queue = deque(a for a in range(n_arguments) if live[a] == 0)
    for a in queue:
        label[a] = 1
    while queue:
        for attacked in attacked_by[queue.popleft()]:
            if label[attacked]:
                continue
            label[attacked] = 2
            for next_attacked in attacked_by[attacked]:
                if label[next_attacked]:
                    continue
                live[next_attacked] -= 1
                if live[next_attacked] == 0:
                    label[next_attacked] = 1
                    queue.append(next_attacked)
    return label
