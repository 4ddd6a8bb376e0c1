"""``manage.py export_dataset``: pipelines' pending suggestions stay out of the dump unless asked."""

import json
from io import StringIO

from django.core.management import call_command

from argmap.models import ReviewStatus, SchemeApplication, Statement
from tests.argmap.selectors.test_pipeline_evaluation import scene  # noqa: F401 (fixture)


def dump(argument_map, **options) -> dict:
    out = StringIO()
    call_command("export_dataset", str(argument_map.pk), stdout=out, **options)
    return json.loads(out.getvalue())


def test_the_dump_leaves_pending_suggestions_out_unless_asked(scene):  # noqa: F811
    pending_statements = {
        str(pk) for pk in Statement.objects.filter(status=ReviewStatus.SUGGESTED).values_list("pk", flat=True)
    }
    pending_applications = {
        str(pk) for pk in SchemeApplication.objects.filter(status=ReviewStatus.SUGGESTED).values_list("pk", flat=True)
    }
    assert pending_statements and pending_applications

    plain = dump(scene)
    assert "suggested" not in {s["status"] for s in plain["statements"] + plain["applications"]}
    assert not pending_statements & {a["statement_id"] for a in plain["anchors"]}
    assert not pending_statements & {e["statement_id"] for e in plain["edges"]}
    assert not pending_applications & {e["application_id"] for e in plain["edges"]}
    assert {s["status"] for s in plain["statements"]} == {"accepted", "draft"}

    asked = dump(scene, include="suggestions")
    assert pending_statements <= {s["id"] for s in asked["statements"]}
    assert pending_applications <= {a["id"] for a in asked["applications"]}
    assert pending_statements <= {a["statement_id"] for a in asked["anchors"]}
    assert len(asked["edges"]) > len(plain["edges"])
