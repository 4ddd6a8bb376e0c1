from django.db import transaction

from argmap import services
from argmap.datasets.dataset import canonical_json, export_map
from argmap.datasets.synthetic import generate_map
from argmap.models import Anchor, SchemeApplication, Statement
from argmap.selectors.graph import conflict_kind_of
from argmap.selectors.integrity import map_integrity_problems


def _generate(seed: int) -> str:
    with transaction.atomic():
        workspace = services.create_workspace(
            actor=None, slug="synthetic", name="synthetic", workspace_id="7d0f6a2e-3c1b-4e5d-9a8b-1c2d3e4f5a6b"
        )
        argument_map = generate_map(workspace=workspace, statements=600, seed=seed)
        assert map_integrity_problems(argument_map) == []
        exported = canonical_json(export_map(argument_map))
        transaction.set_rollback(True)
    return exported


def test_generator_is_deterministic_for_a_seed(db):
    assert _generate(5) == _generate(5)
    assert _generate(5) != _generate(6)


def test_generated_map_has_a_realistic_shape(db):
    workspace = services.create_workspace(actor=None, slug="shape", name="shape")
    argument_map = generate_map(workspace=workspace, statements=800, seed=3)
    assert Statement.objects.filter(map=argument_map).count() == 800
    assert Anchor.objects.filter(map=argument_map).count() == 800
    conflicts = SchemeApplication.objects.filter(map=argument_map, type="conflict")
    assert SchemeApplication.objects.filter(map=argument_map, type="inference").count() > 300
    assert {conflict_kind_of(c) for c in conflicts[:60]} >= {"undercut", "undermine"}
    assert map_integrity_problems(argument_map) == []
