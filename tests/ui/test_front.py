"""The way in: the front page, the admin's home and the demo's printed address."""

from io import StringIO

import pytest
from django.core.management import call_command

from tests.factories import UserFactory, make_document, make_map, make_workspace

pytestmark = pytest.mark.django_db


@pytest.fixture
def maps(owner):
    workspace = make_workspace(owner=owner, slug="jiia")
    document = make_document(workspace, text="北朝鮮の核問題。")
    public = make_map(workspace, visibility="public", documents=[document], name="核問題の論証マップ")
    private = make_map(workspace, documents=[document], name="Internal draft map")
    return public, private, document


def test_the_front_page_links_every_door_and_lists_only_what_the_reader_may_see(client, maps, owner):
    public, _, _ = maps
    response = client.get("/")
    assert response.status_code == 200
    page = response.content.decode()
    for href in ('href="/admin/argmap/argumentmap/annotate/"', 'href="/api/v1/docs/"', 'href="/graphql/"'):
        assert href in page
    assert "核問題の論証マップ" in page and "Internal draft map" not in page
    assert client.get(f"/api/v1/maps/{public.pk}/export/?format=svg").status_code == 200
    client.force_login(owner)
    assert "Internal draft map" in client.get("/").content.decode()


def test_the_admin_home_starts_from_annotate_and_the_users_maps(client, maps, owner):
    public, _, document = maps
    owner.is_staff = True
    owner.save()
    client.force_login(owner)
    page = client.get("/admin/").content.decode()
    annotate = f"/admin/argmap/argumentmap/annotate/{public.pk}/{document.pk}/"
    assert annotate in page
    assert page.index("<h2>Annotate</h2>") < page.index(annotate) < page.index("Data tables")
    assert client.get(annotate).status_code == 200
    stranger = UserFactory(username="stranger", is_staff=True)
    client.force_login(stranger)
    page = client.get("/admin/").content.decode()
    assert "Internal draft map" not in page and "核問題の論証マップ" in page


def test_load_demo_prints_the_address_make_demo_serves(settings):
    out = StringIO()
    call_command("load_demo", "--url", "http://127.0.0.1:8101/", stdout=out)
    assert "open http://127.0.0.1:8101/ " in out.getvalue()
    assert "8000" not in out.getvalue()


def test_the_front_page_speaks_japanese_and_offers_the_switcher(client):
    page = client.get("/", HTTP_ACCEPT_LANGUAGE="ja").content.decode()
    assert '<html lang="ja">' in page and "政策文書の論証マップ" in page
    assert 'action="/i18n/setlang/"' in page and 'lang="ja" selected' in page
    assert "argument maps of policy documents" in client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
