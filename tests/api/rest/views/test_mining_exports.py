"""Training exports over REST: suggestions left out unless asked (and only for members), status and provenance."""

import io
import json
import zipfile

import pytest

from argmap import services
from tests.api.rest.conftest import client_for
from tests.argmap.selectors.test_pipeline_evaluation import scene  # noqa: F401 (fixture)
from tests.factories import UserFactory


def export(client, argument_map, query=""):
    return client.get(f"/api/v1/maps/{argument_map.pk}/export/?format=jsonl{query}")


def spans(response):
    assert response.status_code == 200, response.content
    lines = [json.loads(line) for line in response.content.decode().splitlines()]
    return sorted(
        (line["fragments"][0]["text"], line["status"], line["provenance"]) for line in lines if line["type"] == "span"
    )


def test_suggestions_are_left_out_unless_asked(scene, owner):  # noqa: F811
    """The scene: B, C (people, accepted), a (taken up: a draft of pipeline markers@1), b (pending)."""
    assert spans(export(client_for(owner), scene)) == [
        ("北朝鮮は核を放棄せず", "draft", "pipeline:markers@1"),
        ("日本は抑止を強化する", "accepted", "person"),
        ("米国は交渉を望んでる", "accepted", "person"),
    ]
    asked = spans(export(client_for(owner), scene, "&include=suggestions"))
    assert ("米国は交渉を望ん", "suggested", "pipeline:markers@1") in asked and len(asked) == 4


def test_status_and_provenance_choose_the_rows(scene, owner):  # noqa: F811
    client = client_for(owner)
    assert [s[0] for s in spans(export(client, scene, "&status=accepted"))] == [
        "日本は抑止を強化する",
        "米国は交渉を望んでる",
    ]
    assert [s[0] for s in spans(export(client, scene, "&provenance=pipeline:markers@1&include=suggestions"))] == [
        "北朝鮮は核を放棄せず",
        "米国は交渉を望ん",
    ]
    assert spans(export(client, scene, "&provenance=pipeline:markers@2")) == []
    relations = [
        json.loads(line)
        for line in export(client, scene, "&provenance=person").content.decode().splitlines()
        if '"relation"' in line
    ]
    assert [(r["label"], r["provenance"]) for r in relations] == [("supports", "person")]  # C → B; B → a needs a


def test_brat_takes_the_same_filter(scene, owner):  # noqa: F811
    response = client_for(owner).get(f"/api/v1/maps/{scene.pk}/export/?format=brat&status=accepted")
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        (ann,) = [archive.read(n).decode() for n in archive.namelist() if n.endswith(".ann")]
    assert sorted(line.split("\t")[2] for line in ann.splitlines() if line.startswith("T")) == [
        "日本は抑止を強化する",
        "米国は交渉を望んでる",
    ]


@pytest.mark.parametrize(
    "query",
    ["&status=approved", "&status=", "&provenance=robot", "&provenance=pipeline:markers@"],
)
def test_bad_filters_are_a_400_naming_the_parameter(scene, owner, query):  # noqa: F811
    response = client_for(owner).get(
        f"/api/v1/maps/{scene.pk}/export/?format=jsonl{query}".replace("format=jsonl&format=aif", "format=aif")
    )
    assert response.status_code == 400, response.content


def test_an_outsider_of_a_public_map_never_gets_suggestions(scene):  # noqa: F811
    scene.refresh_from_db()
    services.update_map(actor=None, argument_map=scene, expected_version=scene.version, visibility="public")
    outsider = client_for(UserFactory(username="reader"))
    assert all(status != "suggested" for _, status, _ in spans(export(outsider, scene, "&include=suggestions")))
