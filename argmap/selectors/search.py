"""Substring search over statements, documents and sources, as the caller may see them.

Japanese has no spaces, so word tokenisers find nothing inside a sentence:
search is by case-insensitive substring. On PostgreSQL the condition is a plain
``column ILIKE '%term%'``, which the pg_trgm GIN indexes of migration 0003 serve
for terms of three or more characters (Django's ``icontains`` would wrap the
column in ``UPPER()`` and miss them). On SQLite it is ``icontains`` (a scan).
Whitespace separates terms, and every term must occur (``nuclear deterrence``).
"""

from __future__ import annotations

import re

from django.db import connection
from django.db.models import F, Lookup, Q, QuerySet, Value

from argmap.errors import InvalidInput
from argmap.models import ArgumentMap
from argmap.rules import require_clean

from .access import visible_documents_for, visible_sources_for, visible_statements_for

MAX_QUERY_LENGTH = 200
MAX_LIMIT = 200
SNIPPET_CONTEXT = 40
KINDS = ("statement", "document", "source")


class ILikeContains(Lookup):
    """``lhs ILIKE rhs`` (PostgreSQL), where ``rhs`` is a LIKE pattern; see :func:`contains_term`."""

    lookup_name = "ilike_contains"

    def as_sql(self, compiler, connection):
        lhs_sql, lhs_params = self.process_lhs(compiler, connection)
        rhs_sql, rhs_params = self.process_rhs(compiler, connection)
        return f"{lhs_sql} ILIKE {rhs_sql}", [*lhs_params, *rhs_params]


def _escape_like(term: str) -> str:
    return term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def contains_term(field: str, term: str) -> Q:
    """Case-insensitive substring condition that uses the trigram index on PostgreSQL."""
    if connection.vendor == "postgresql":
        return Q(ILikeContains(F(field), Value("%" + _escape_like(term) + "%")))
    return Q(**{f"{field}__icontains": term})


def search_terms(q: str) -> list[str]:
    if not isinstance(q, str) or not q.strip():
        raise InvalidInput("Give something to search for (q).", field="q")
    if len(q) > MAX_QUERY_LENGTH:
        raise InvalidInput(f"q is limited to {MAX_QUERY_LENGTH} characters.", field="q")
    require_clean(q, field="q")
    return q.split()


def _all_terms(fields: tuple[str, ...], terms: list[str]) -> Q:
    """Every term occurs in one of ``fields``."""
    condition = Q()
    for term in terms:
        either = Q()
        for field in fields:
            either |= contains_term(field, term)
        condition &= either
    return condition


def first_match(text: str, terms: list[str]) -> tuple[int, int] | None:
    """Code-point offsets of the first occurrence of any term, ignoring case without changing lengths."""
    pattern = re.compile("|".join(re.escape(t) for t in terms), re.IGNORECASE)
    found = pattern.search(text or "")
    return (found.start(), found.end()) if found else None


def _snippet(text: str, span: tuple[int, int]) -> dict:
    start, end = span
    snippet_start = max(0, start - SNIPPET_CONTEXT)
    return {
        "snippet": text[snippet_start : end + SNIPPET_CONTEXT],
        "snippet_start": snippet_start,
        "start": start,
        "end": end,
    }


def _matched(row: dict, fields: tuple[str, ...], terms: list[str]) -> dict:
    for field in fields:
        span = first_match(row.get(field) or "", terms)
        if span is not None:
            return {"field": field, **_snippet(row[field], span)}
    return {"field": fields[0], "snippet": "", "snippet_start": 0, "start": None, "end": None}


def search(
    *,
    user,
    q: str,
    limit: int = 50,
    kinds: tuple[str, ...] = KINDS,
    argument_map: ArgumentMap | None = None,
) -> list[dict]:
    """What ``user`` may see that contains every term of ``q``: statements, then documents, then sources.

    Each hit is ``{"type", "id", "workspace_id", "map_id", "title", "field",
    "snippet", "snippet_start", "start", "end"}``; ``start``/``end`` are
    code-point offsets of the first match in ``field`` (for a document's
    ``text`` they are offsets into the document, as anchors use), and
    ``snippet`` is the text around it from ``snippet_start``. At most ``limit``
    hits; ``argument_map`` narrows statements to one map and documents to its
    documents. Three queries at most.
    """
    terms = search_terms(q)
    if isinstance(limit, bool) or not isinstance(limit, int) or not 1 <= limit <= MAX_LIMIT:
        raise InvalidInput(f"limit must be between 1 and {MAX_LIMIT}.", field="limit")
    unknown = set(kinds) - set(KINDS)
    if unknown:
        raise InvalidInput(f"type must be among: {', '.join(KINDS)}.", field="type")
    hits: list[dict] = []
    if "statement" in kinds:
        hits += _statement_hits(user, terms, limit, argument_map)
    if "document" in kinds and len(hits) < limit:
        hits += _document_hits(user, terms, limit - len(hits), argument_map)
    if "source" in kinds and len(hits) < limit and argument_map is None:
        hits += _source_hits(user, terms, limit - len(hits))
    return hits


def _statement_hits(user, terms: list[str], limit: int, argument_map: ArgumentMap | None) -> list[dict]:
    fields = ("text", "gloss")
    statements: QuerySet = visible_statements_for(user).filter(_all_terms(fields, terms))
    if argument_map is not None:
        statements = statements.filter(map_id=argument_map.pk)
    rows = statements.order_by("created_at", "id").values("id", "workspace_id", "map_id", "kind", "status", *fields)
    return [
        {
            "type": "statement",
            "id": row["id"],
            "workspace_id": row["workspace_id"],
            "map_id": row["map_id"],
            "title": row["text"][:120],
            "kind": row["kind"],
            "status": row["status"],
            **_matched(row, fields, terms),
        }
        for row in rows[:limit]
    ]


def _document_hits(user, terms: list[str], limit: int, argument_map: ArgumentMap | None) -> list[dict]:
    fields = ("title", "text")
    documents: QuerySet = visible_documents_for(user).filter(_all_terms(fields, terms))
    if argument_map is not None:
        documents = documents.filter(maps=argument_map.pk)
    rows = documents.order_by("title", "id").values("id", "workspace_id", *fields)
    return [
        {
            "type": "document",
            "id": row["id"],
            "workspace_id": row["workspace_id"],
            "map_id": None,
            "title": row["title"],
            **_matched(row, ("text", "title"), terms),
        }
        for row in rows[:limit]
    ]


def _source_hits(user, terms: list[str], limit: int) -> list[dict]:
    fields = ("title", "citation")
    rows = (
        visible_sources_for(user)
        .filter(_all_terms(fields, terms))
        .order_by("footnote", "title", "id")
        .values("id", "workspace_id", *fields)
    )
    return [
        {
            "type": "source",
            "id": row["id"],
            "workspace_id": row["workspace_id"],
            "map_id": None,
            "title": row["title"],
            **_matched(row, fields, terms),
        }
        for row in rows[:limit]
    ]
