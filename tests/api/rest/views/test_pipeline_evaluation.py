"""``GET /api/v1/maps/{id}/pipeline-evaluation/``: the selector's figures, for members only."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from argmap import services
from tests.api.rest.conftest import client_for
from tests.argmap.selectors.test_pipeline_evaluation import scene  # noqa: F401 (fixture)
from tests.factories import UserFactory


def url(argument_map, query="?pipeline=markers&version=1"):
    return f"/api/v1/maps/{argument_map.pk}/pipeline-evaluation/{query}"


def test_a_member_reads_the_hand_computed_figures(scene, owner):  # noqa: F811
    with CaptureQueriesContext(connection) as queries:
        response = client_for(owner).get(url(scene))
    assert response.status_code == 200, response.content
    (v1,) = response.json()["versions"]
    assert v1["spans"]["overlap"]["true_positives"] == 2
    assert v1["spans"]["exact"]["precision"] == pytest.approx(1 / 3)
    assert v1["relations"]["overlap"]["f1"] == pytest.approx(2 / 3)
    assert response.json()["overlap_threshold"] == 0.5
    assert len(queries) <= 16  # authentication, the map, its role, then the selector's eight


def test_the_pipeline_account_reads_its_own_figures(scene):  # noqa: F811
    bot = scene.workspace.memberships.get(role="pipeline").user
    assert client_for(bot).get(url(scene)).status_code == 200


def test_a_missing_pipeline_name_is_a_400_and_an_unknown_one_has_no_versions(scene, owner):  # noqa: F811
    response = client_for(owner).get(url(scene, "?version=1"))
    assert response.status_code == 400 and "pipeline" in response.json()["detail"]
    assert client_for(owner).get(url(scene, "?pipeline=nobody")).json()["versions"] == []


def test_outsiders_get_404_on_a_private_map_and_403_on_a_public_one(scene):  # noqa: F811
    stranger = UserFactory(username="stranger")
    assert client_for(stranger).get(url(scene)).status_code == 404
    assert client_for(None).get(url(scene)).status_code in (401, 403, 404)
    scene.refresh_from_db()
    services.update_map(actor=None, argument_map=scene, expected_version=scene.version, visibility="public")
    assert client_for(stranger).get(url(scene)).status_code == 403
