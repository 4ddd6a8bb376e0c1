import pytest

from tests.argmap.rules.doors import Nodes
from tests.factories import make_map, make_statement


@pytest.fixture
def nodes(argument_map, workspace) -> Nodes:
    return Nodes(
        argument_map=argument_map,
        p=make_statement(argument_map, "p", kind="premise"),
        c=make_statement(argument_map, "c", kind="claim"),
        r=make_statement(argument_map, "r", kind="rebuttal"),
        stranger=make_statement(make_map(workspace, name="elsewhere"), "stranger"),
    )
