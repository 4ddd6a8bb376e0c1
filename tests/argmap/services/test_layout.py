"""move_nodes: the canvas layout of a map, all or none."""

import pytest

from argmap import services
from argmap.errors import InvalidInput
from argmap.models import NodePosition
from tests.factories import make_map, make_statement


@pytest.fixture
def claim(owner, argument_map):
    return make_statement(argument_map, "主張", kind="claim", actor=owner)


def test_the_service_refuses_a_node_of_another_map_all_or_none(owner, workspace, argument_map, claim):
    elsewhere = make_statement(make_map(workspace, name="Other"), "よそ", actor=owner)
    with pytest.raises(InvalidInput):
        services.move_nodes(
            actor=owner,
            argument_map=argument_map,
            positions=[services.NodeMove(claim, 1, 2), services.NodeMove(elsewhere, 3, 4)],
        )
    assert not NodePosition.objects.exists()


def test_the_last_placement_of_a_node_in_one_request_wins(owner, argument_map, claim):
    services.move_nodes(
        actor=owner,
        argument_map=argument_map,
        positions=[services.NodeMove(claim, 1, 2), services.NodeMove(claim, 5, 6)],
    )
    assert NodePosition.objects.values_list("x", "y").get() == (5, 6)
