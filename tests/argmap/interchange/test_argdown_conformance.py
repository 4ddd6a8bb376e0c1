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
    assert model["2.0.1"]["groups"] == []


def test_the_reports_map_comes_back_from_its_argdown_as_the_same_graph(report_map, workspace):
    from tests.argmap.interchange.test_argdown import graph_shape

    text = export_argdown(interchange_graph(argument_map=report_map))
    again, _ = import_map(actor=None, workspace=workspace, raw=text, format="argdown")
    assert graph_shape(again) == graph_shape(report_map)
    second = export_argdown(interchange_graph(argument_map=again))
    defining = lambda text: [line for line in text.splitlines() if line.startswith(("[", "<", "(", "--"))]  # noqa: E731
    assert defining(second) == defining(text)  # titles, texts, data and structures, line for line
