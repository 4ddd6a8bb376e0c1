"""The official Argdown parser over argmap's Argdown: the report's map, every export of these tests, the corpus."""

from pathlib import Path

import pytest

from argmap.interchange.argdown import export_argdown
from argmap.interchange.imports import import_map
from argmap.selectors.interchange import interchange_graph
from tests.argmap.interchange.argdown_referee import assert_export_agrees

DATASET = Path(__file__).resolve().parents[3] / "fixtures" / "jiia-fy2024-1"


@pytest.fixture
def report_map(db):
    from argmap.datasets.dataset import load_dataset

    return load_dataset(DATASET)


def test_the_reports_map_exports_with_no_error_and_the_official_counts(report_map, workspace):
    graph = interchange_graph(argument_map=report_map)
    text = export_argdown(graph)
    model = assert_export_agrees(text, graph, "report")
    assert model["2.0.1"]["groups"] == []  # no heading drawn as a box holding every statement
    rows = _rows_of_the_map(model["2.0.1"]["dot"])
    print(f"argdown map of the report: {len(rows)} rows, widest {max(rows.values())} of {sum(rows.values())} nodes")
    assert len(rows) >= 5 and max(rows.values()) < len(graph["statements"]) / 2


def _rows_of_the_map(dot: str) -> dict:
    """Nodes per row of Argdown's map as Graphviz lays it out (``dot -Tplain``): {y: count}."""
    import shutil
    import subprocess
    from collections import Counter

    if shutil.which("dot") is None:
        pytest.skip("Graphviz's dot is not installed")
    plain = subprocess.run(["dot", "-Tplain"], input=dot, capture_output=True, text=True, timeout=120, check=True)
    return Counter(line.split()[3] for line in plain.stdout.splitlines() if line.startswith("node "))


def test_the_reports_map_comes_back_from_its_argdown_as_the_same_graph(report_map, workspace):
    from tests.argmap.interchange.test_argdown import graph_shape

    text = export_argdown(interchange_graph(argument_map=report_map))
    again, _ = import_map(actor=None, workspace=workspace, raw=text, format="argdown")
    assert graph_shape(again) == graph_shape(report_map, as_argdown_keeps_it=True)
    second = export_argdown(interchange_graph(argument_map=again))
    defining = lambda text: [line for line in text.splitlines() if line.startswith(("[", "<", "(", "--"))]  # noqa: E731
    assert defining(second) == defining(text)  # titles, texts, data and structures, line for line


CORPUS = Path(__file__).resolve().parent / "argdown_corpus"
CORPUS_FILES = sorted(CORPUS.glob("*.argdown"))


def _own(argument_map) -> dict:
    """Titles, descriptions and rules argmap kept from the file, as sets (ids differ between imports)."""
    from argmap.models import SchemeApplication, Statement

    kept: dict[str, set] = {"statement titles": set(), "argument titles": set(), "descriptions": set(), "yaml": set()}
    for data in Statement.objects.filter(map=argument_map).values_list("data", flat=True):
        kept["statement titles"].add(data.get("title"))
        kept["yaml"].add(repr(sorted((data.get("yaml") or {}).items())))
    for data in SchemeApplication.objects.filter(map=argument_map).values_list("data", flat=True):
        kept["argument titles"].add(data.get("title"))
        kept["descriptions"].add(data.get("description"))
        kept["yaml"].add(repr(sorted((data.get("yaml") or {}).items())))
        kept["yaml"].add(repr(sorted((data.get("inference") or {}).items())))
        kept["yaml"].add(repr(data.get("rule")))
    return kept


def test_the_corpus_covers_twenty_files_and_the_official_parser_reads_each():
    from tests.argmap.interchange.argdown_referee import assert_official_reads

    assert len(CORPUS_FILES) >= 20
    assert_official_reads({path.name: path.read_text(encoding="utf-8") for path in CORPUS_FILES})


@pytest.mark.parametrize("path", CORPUS_FILES, ids=[p.stem for p in CORPUS_FILES])
def test_each_corpus_file_imports_exports_cleanly_and_round_trips(path, workspace):
    from tests.argmap.interchange.test_argdown import graph_shape

    first, _ = import_map(actor=None, workspace=workspace, raw=path.read_bytes(), filename=path.name)
    graph = interchange_graph(argument_map=first)
    text = export_argdown(graph)
    assert_export_agrees(text, graph, path.name)
    again, _ = import_map(actor=None, workspace=workspace, raw=text, format="argdown")
    assert graph_shape(again) == graph_shape(first)
    assert _own(again) == _own(first)
