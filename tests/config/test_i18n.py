"""The screens follow the user's language; the APIs answer in English whatever the client's Accept-Language;
the committed ``.mo`` catalogs are compiled from the committed ``.po`` files."""

from __future__ import annotations

import gettext
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings

from tests.api.rest.conftest import client_for

CATALOGS = sorted((Path(settings.BASE_DIR) / "locale").glob("*/LC_MESSAGES/*.po"))


def test_there_are_japanese_catalogs_for_templates_and_modules():
    assert {p.name for p in CATALOGS if p.parts[-3] == "ja"} == {"django.po", "djangojs.po"}


@pytest.mark.parametrize("po", CATALOGS, ids=lambda p: f"{p.parts[-3]}/{p.name}")
def test_the_committed_mo_is_compiled_from_the_po(po, tmp_path):
    """Compile the .po again and compare the messages (not the bytes: msgfmt versions lay files out differently).
    When this fails: ``msgfmt -o locale/ja/LC_MESSAGES/X.mo locale/ja/LC_MESSAGES/X.po`` (or compilemessages)."""
    if shutil.which("msgfmt") is None:
        pytest.skip("msgfmt (GNU gettext) is not installed")
    fresh = tmp_path / "fresh.mo"
    subprocess.run(["msgfmt", "--check", "-o", str(fresh), str(po)], check=True, capture_output=True)
    committed = po.with_suffix(".mo")
    assert committed.exists(), f"{committed} is missing: compile it"
    with fresh.open("rb") as a, committed.open("rb") as b:
        assert gettext.GNUTranslations(b)._catalog == gettext.GNUTranslations(a)._catalog, (
            f"{committed} is older than {po.name}: compile it"
        )


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="msgfmt (GNU gettext) is not installed")
@pytest.mark.parametrize("po", CATALOGS, ids=lambda p: f"{p.parts[-3]}/{p.name}")
def test_every_message_is_translated(po):
    statistics = subprocess.run(["msgfmt", "--statistics", "-o", "/dev/null", str(po)], capture_output=True, text=True)
    assert statistics.returncode == 0 and "untranslated" not in statistics.stderr, statistics.stderr
    assert "fuzzy" not in statistics.stderr, statistics.stderr


@pytest.mark.django_db
def test_the_apis_answer_in_english_to_a_japanese_client():
    client = client_for(None)
    rest = client.get("/api/v1/maps/not-an-id/", HTTP_ACCEPT_LANGUAGE="ja")
    english = client.get("/api/v1/maps/not-an-id/", HTTP_ACCEPT_LANGUAGE="en")
    assert rest.status_code == english.status_code and rest.json() == english.json()
    assert "Accept-Language" not in rest.get("Vary", "") and not rest.has_header("Content-Language")
    invalid = {"workspace": "x"}
    posted = client.post("/api/v1/statements/", invalid, format="json", HTTP_ACCEPT_LANGUAGE="ja")
    assert posted.json() == client.post("/api/v1/statements/", invalid, format="json").json()
    query = {"query": "{ nope }"}
    graphql = client.post("/graphql/", query, format="json", HTTP_ACCEPT_LANGUAGE="ja")
    assert graphql.json() == client.post("/graphql/", query, format="json").json()


@pytest.mark.django_db
def test_a_drf_message_stays_english_though_drf_ships_it_in_japanese():
    """DRF translates its own messages ("This field is required."): English here is the middleware's doing."""
    from django.utils import translation
    from rest_framework.fields import Field

    with translation.override("ja"):
        assert str(Field.default_error_messages["required"]) != "This field is required."
    response = client_for(None).post("/api/v1/statements/", {}, format="json", HTTP_ACCEPT_LANGUAGE="ja")
    assert response.status_code == 400
    assert response.json()["errors"]["map"] == ["This field is required."]
