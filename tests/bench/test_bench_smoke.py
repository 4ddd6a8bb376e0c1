"""The bench suite at toy sizes, so the machinery behind ``make bench`` cannot rot unnoticed."""

import pytest

from bench.report import END, START, markdown_table, section, write
from bench.run import run_suite

# The suite runs once per module (below); the mark makes pytest-django set up the test database.
pytestmark = pytest.mark.django_db

EXPECTED_CASES = {
    ("graph", "REST GET /maps/{id}/graph/"),
    ("graph", "REST graph again, If-None-Match → 304"),
    ("graph", "GraphQL map { graph { … } }"),
    ("graph", "graphql-core alone: same query over the raw rows"),
    ("traversal", "REST neighbourhood depth 1"),
    ("traversal", "REST neighbourhood depth 3"),
    ("traversal", "REST neighbourhood depth 6"),
    ("search", "REST search, Japanese substring (one hit)"),
    ("search", "REST search, Japanese substring (many hits)"),
    ("import", "AIF import (parse, validate, COPY, history)"),
    ("semantics", "grounded labelling (Framework + labels)"),
}


@pytest.fixture(scope="module")
def results(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        from django.db import transaction

        with transaction.atomic():
            # The maps live in this uncommitted transaction: the raw reads must share Django's connection.
            found = run_suite(
                sizes=[60, 240], import_nodes=[300], attacks=[2000], reps=1, plain_raw=False, log=lambda *a: None
            )
            table = markdown_table(found)
            block = section(found, command="pytest", elapsed=1.0, reps_note="smoke")
            transaction.set_rollback(True)
    return found, table, block


def test_every_case_is_measured_at_every_size_next_to_its_baseline(results):
    found, table, _ = results
    measured = {(r.case.group, r.case.name, r.case.size) for r in found}
    for group, name in EXPECTED_CASES:
        sizes = {size for g, n, size in measured if (g, n) == (group, name)}
        assert sizes, f"{group}: {name} missing from the run"
        if group in ("graph", "traversal", "search"):
            assert sizes == {"60", "240"}, (name, sizes)
    for result in found:
        assert result.median > 0
        assert result.baseline_median and result.baseline_median > 0, result.case.name
        assert result.ratio is not None
        assert result.peak > 0
        assert result.failure is None, (result.case.name, result.failure)
        assert f"| {result.case.name}" in table
    assert table.count("\n") + 1 == len(found) + 2


def test_the_graph_costs_the_same_sql_queries_whatever_the_map_size(results):
    found, _, _ = results
    for name in ("REST GET /maps/{id}/graph/", "GraphQL map { graph { … } }"):
        counts = {r.case.size: r.queries for r in found if r.case.name == name}
        assert counts["60"] == counts["240"], (name, counts)
        assert counts["60"] <= 30, counts
    raw = {r.case.size: r.baseline_queries for r in found if r.case.name == "REST GET /maps/{id}/graph/"}
    assert raw == {"60": 9, "240": 9}


def test_a_repeated_graph_request_is_answered_304_without_reading_the_graph(results):
    found, _, _ = results
    full = {r.case.size: r for r in found if r.case.name == "REST GET /maps/{id}/graph/"}
    cached = {r.case.size: r for r in found if r.case.name == "REST graph again, If-None-Match → 304"}
    for size, result in cached.items():
        assert result.met is True
        assert result.queries < full[size].queries


def test_the_table_replaces_the_previous_one_in_the_performance_doc(results, tmp_path):
    _, table, block = results
    doc = tmp_path / "performance.md"
    doc.write_text(f"# Performance\n\nWhy the numbers are what they are.\n\n{START}\nold table\n{END}\n\nMore text.\n")
    write(doc, block)
    text = doc.read_text()
    assert "old table" not in text
    assert table in text
    assert text.startswith("# Performance\n\nWhy the numbers") and text.endswith("More text.\n")
