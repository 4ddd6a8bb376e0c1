"""``Map.pipelineEvaluation``: the same figures as REST, for members only."""

import base64

import pytest

from tests.api.graphql.conftest import GraphQLClient
from tests.argmap.selectors.test_pipeline_evaluation import scene  # noqa: F401 (fixture)
from tests.factories import UserFactory

QUERY = """
query($id: ID!) { map(id: $id) { pipelineEvaluation(pipeline: "markers", version: "1") {
  overlapThreshold gold
  versions { version predictedStatementsByOutcome { pending accepted dismissed }
    spans { exact { truePositives predicted gold precision recall f1 } overlap { truePositives f1 } }
    labelledSpans { overlap { truePositives } }
    relations { exact { truePositives } overlap { precision recall f1 } } }
} } }
"""


def map_id(argument_map):
    return base64.b64encode(f"Map:{argument_map.pk}".encode()).decode()


def test_the_hand_computed_figures_over_graphql(scene, owner):  # noqa: F811
    answer = GraphQLClient(owner)(QUERY, {"id": map_id(scene)})
    assert "errors" not in answer, answer
    evaluation = answer["data"]["map"]["pipelineEvaluation"]
    (v1,) = evaluation["versions"]
    assert v1["predictedStatementsByOutcome"] == {"pending": 1, "accepted": 1, "dismissed": 1}
    assert v1["spans"]["exact"] == {
        "truePositives": 1,
        "predicted": 3,
        "gold": 3,
        "precision": pytest.approx(1 / 3),
        "recall": pytest.approx(1 / 3),
        "f1": pytest.approx(1 / 3),
    }
    assert v1["spans"]["overlap"]["truePositives"] == 2
    assert v1["relations"]["exact"]["truePositives"] == 0
    assert v1["relations"]["overlap"]["f1"] == pytest.approx(2 / 3)


def test_a_stranger_sees_no_private_map(scene):  # noqa: F811
    answer = GraphQLClient(UserFactory(username="stranger"))(QUERY, {"id": map_id(scene)})
    assert answer["data"]["map"] is None
