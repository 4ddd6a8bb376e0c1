"""Export actions, the import form and the evaluation report in the admin."""

import io
import json
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from argmap import services
from argmap.models import ArgumentMap, Change, Statement
from tests.factories import make_map, make_statement

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.ui.annotation.urls")]


@pytest.fixture
def small_map(workspace):
    argument_map = make_map(workspace, name="Small map")
    premise = make_statement(argument_map, text="核弾頭は50発と推計される", kind="evidence")
    claim = make_statement(argument_map, text="北朝鮮の核戦力は増強されている", kind="claim")
    rebuttal = make_statement(argument_map, text="推計は不確かだ", kind="rebuttal")
    services.create_argument(actor=None, premises=[premise], conclusion=claim)
    services.create_attack(actor=None, attacker=rebuttal, target=claim)
    return argument_map


def changelist(client, action, maps):
    return client.post(
        reverse("admin:argmap_argumentmap_changelist"),
        {"action": action, "_selected_action": [str(m.pk) for m in maps]},
    )


def test_export_action_downloads_one_map_as_aif(team, as_user, small_map):
    response = changelist(as_user(team["owner"]), "export_aif", [small_map])
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    nodes = json.loads(response.content)["nodes"]
    assert {n["type"] for n in nodes} >= {"I", "RA", "CA"}
    assert "北朝鮮の核戦力は増強されている" in {n["text"] for n in nodes}


def test_export_action_zips_several_maps(team, as_user, small_map, workspace):
    other = make_map(workspace, name="Other map")
    make_statement(other, text="another")
    response = changelist(as_user(team["owner"]), "export_argdown", [small_map, other])
    assert response["Content-Type"] == "application/zip"
    names = zipfile.ZipFile(io.BytesIO(response.content)).namelist()
    assert len(names) == 2 and all(name.endswith(".argdown") for name in names)


def test_import_form_creates_a_map_from_an_aif_file(team, as_user, small_map, workspace):
    client = as_user(team["owner"])
    aif = changelist(client, "export_aif", [small_map]).content
    response = client.post(
        reverse("admin:argmap_map_import"),
        {
            "workspace": workspace.pk,
            "file": SimpleUploadedFile("small.json", aif),
            "format": "",
            "name": "Re-imported",
            "visibility": "private",
        },
    )
    imported = ArgumentMap.objects.get(name="Re-imported")
    assert response.status_code == 302
    assert set(Statement.objects.filter(map=imported).values_list("text", flat=True)) == set(
        Statement.objects.filter(map=small_map).values_list("text", flat=True)
    )


def test_a_broken_file_is_refused_and_nothing_is_written(team, as_user, workspace):
    client = as_user(team["owner"])
    before = (ArgumentMap.objects.count(), Change.objects.count())
    bad = json.dumps(
        {"nodes": [{"nodeID": "1", "type": "I", "text": "a"}], "edges": [{"edgeID": "e", "fromID": "1", "toID": "404"}]}
    )
    response = client.post(
        reverse("admin:argmap_map_import"),
        {
            "workspace": workspace.pk,
            "file": SimpleUploadedFile("bad.json", bad.encode()),
            "format": "aif",
            "name": "",
            "visibility": "private",
        },
    )
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert (ArgumentMap.objects.count(), Change.objects.count()) == before


@pytest.mark.parametrize(
    ("text", "says"),
    [('"a\\ud800"', "nodes[0] (1): text must not contain a lone surrogate"), ('"a\\u0000"', "NUL")],
)
def test_a_file_with_unstorable_text_is_refused_naming_the_node(team, as_user, workspace, text, says):
    client = as_user(team["owner"])
    before = (ArgumentMap.objects.count(), Change.objects.count())
    bad = '{"nodes": [{"nodeID": "1", "type": "I", "text": TEXT}], "edges": []}'.replace("TEXT", text)
    response = client.post(
        reverse("admin:argmap_map_import"),
        {
            "workspace": workspace.pk,
            "file": SimpleUploadedFile("bad.json", bad.encode()),
            "format": "aif",
            "name": "",
            "visibility": "private",
        },
    )
    assert response.status_code == 200
    assert says in " ".join(response.context["form"].non_field_errors())
    assert (ArgumentMap.objects.count(), Change.objects.count()) == before


def test_only_owners_and_editors_may_import_into_a_workspace(team, as_user, workspace):
    response = as_user(team["alice"]).get(reverse("admin:argmap_map_import"))
    assert workspace not in response.context["form"].fields["workspace"].queryset
    response = as_user(team["eddie"]).get(reverse("admin:argmap_map_import"))
    assert workspace in response.context["form"].fields["workspace"].queryset


def test_evaluation_page_labels_statements(team, as_user, small_map):
    response = as_user(team["vera"]).get(
        reverse("admin:argmap_map_evaluation", args=[small_map.pk]), {"semantics": "grounded"}
    )
    assert response.status_code == 200
    labels = {row["text"]: row["label"] for row in response.context["rows"]}
    assert labels["推計は不確かだ"] == "IN"
    assert labels["北朝鮮の核戦力は増強されている"] == "OUT"


def test_evaluation_of_a_private_map_is_not_shown_to_outsiders(team, as_user, small_map):
    response = as_user(team["stranger"]).get(reverse("admin:argmap_map_evaluation", args=[small_map.pk]))
    assert response.status_code == 302
    assert "推計は不確かだ".encode() not in response.content
