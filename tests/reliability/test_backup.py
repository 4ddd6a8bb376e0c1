"""Backups: the documented dump → restore round trip reproduces every map exactly.

The procedure (docs/security.md): ``manage.py dumpdata`` with natural foreign keys, leaving out what
``migrate`` recreates (content types, permissions) and what is transient (sessions, admin log);
restore into a migrated, empty database with ``manage.py loaddata``. The test loads the report's
dataset plus a private map with annotation history, dumps, empties the database, restores, and
compares every map's canonical export, every table's rows and the history.
"""

from __future__ import annotations

from pathlib import Path

from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection
from rest_framework.authtoken.models import Token

from argmap import services
from argmap.datasets.dataset import canonical_json, export_map, load_dataset
from argmap.models import ArgumentMap, Change

DATASET = Path(__file__).resolve().parents[2] / "fixtures" / "jiia-fy2024-1"
DUMP_OPTIONS = {
    "natural_foreign": True,
    "natural_primary": False,  # keep user ids: history snapshots refer to them
    "exclude": ["contenttypes", "auth.permission", "sessions", "admin.logentry"],
}


def _state() -> dict:
    maps = {str(m.pk): canonical_json(export_map(m)) for m in ArgumentMap.objects.order_by("pk")}
    rows = {
        model._meta.label: sorted(map(str, model.objects.values_list("pk", flat=True)))
        for model in apps.get_app_config("argmap").get_models()
    }
    history = sorted(
        (str(c.batch), c.entity, c.entity_id, c.action, repr(c.before), repr(c.after), c.actor_id)
        for c in Change.objects.all()
    )
    users = sorted(get_user_model().objects.values_list("pk", "username", "password", "is_staff"))
    tokens = sorted(Token.objects.values_list("key", "user__username"))
    return {"maps": maps, "rows": rows, "history": history, "users": users, "tokens": tokens}


def test_dump_and_restore_reproduce_every_map_exactly(fuzz_team, tmp_path):
    load_dataset(DATASET)
    editor = fuzz_team["users"]["editor"]
    services.update_statement(actor=editor, statement=fuzz_team["claim"], expected_version=1, gloss="Deterrence frays")
    services.set_review_status(
        actor=fuzz_team["users"]["reviewer"], node=fuzz_team["premise"], status="proposed", expected_version=1
    )
    before = _state()
    assert len(before["maps"]) == 3 and before["history"]

    backup = tmp_path / "argmap-backup.json"
    call_command("dumpdata", output=str(backup), verbosity=0, **DUMP_OPTIONS)
    with connection.cursor() as cursor:  # inside the test's transaction: settle deferred FK checks first
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    call_command("flush", interactive=False, verbosity=0)
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")  # as a fresh restore transaction has them
    assert not ArgumentMap.objects.exists()
    call_command("loaddata", str(backup), verbosity=0)

    after = _state()
    assert after["maps"] == before["maps"], "a map's canonical export changed in the round trip"
    assert after == before
