"""Every admin page renders for the people who use it, and the forms write through the services."""

import re

import pytest
from django.contrib import admin
from django.urls import reverse

from argmap import services
from argmap.models import Anchor, ArgumentMap, Change, Statement
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def graph(owner, workspace, argument_map, document):
    owner.is_staff = True
    owner.save()
    premise = services.create_statement(actor=owner, argument_map=argument_map, kind="premise", text="A premise.")
    claim = services.create_statement(actor=owner, argument_map=argument_map, kind="claim", text="A claim.")
    inference = services.create_argument(actor=owner, premises=[premise], conclusion=claim)
    services.create_anchor(actor=owner, statement=claim, document=document, exact="𠮷野家の例。")
    source = services.create_source(actor=owner, workspace=workspace, title="A source")
    services.create_evidence_link(actor=owner, statement=premise, source=source)
    services.create_tag(actor=owner, workspace=workspace, slug="tagged")
    return {"premise": premise, "claim": claim, "inference": inference, "source": source}


def _rows_of(model):
    return model._default_manager.all()


@pytest.mark.parametrize("who", ["owner", "superuser"])
def test_every_changelist_add_and_change_page_renders(client, graph, owner, who):
    user = owner if who == "owner" else UserFactory(is_staff=True, is_superuser=True)
    client.force_login(user)
    for model in admin.site._registry:
        if model._meta.app_label != "argmap":
            continue
        name = model._meta.model_name
        changelist = client.get(reverse(f"admin:argmap_{name}_changelist"))
        assert changelist.status_code == 200, name
        assert client.get(reverse(f"admin:argmap_{name}_changelist") + "?_facets=True").status_code == 200, name
        add = client.get(reverse(f"admin:argmap_{name}_add"))
        assert add.status_code in (200, 403), name
        row = _rows_of(model).first()
        if row is not None:
            page = client.get(reverse(f"admin:argmap_{name}_change", args=[row.pk]))
            assert page.status_code == 200, name
            assert client.get(reverse(f"admin:argmap_{name}_history", args=[row.pk])).status_code == 200, name


def form_data(html: str) -> dict:
    """The values a browser would submit for the page's main form."""
    form = html[html.index("<form") : html.rindex("</form>")]
    data: dict = {}
    for tag in re.finditer(r"<input\b[^>]*>", form):
        attrs = dict(re.findall(r'(\w[\w-]*)="([^"]*)"', tag.group(0)))
        if "name" not in attrs or attrs.get("type") in ("submit", "button", "file"):
            continue
        if attrs.get("type") == "checkbox" and "checked" not in tag.group(0):
            continue
        data.setdefault(attrs["name"], []).append(
            _unescape(attrs.get("value", "on" if attrs.get("type") == "checkbox" else ""))
        )
    for match in re.finditer(r'<textarea\b[^>]*name="([^"]+)"[^>]*>(.*?)</textarea>', form, re.S):
        data[match.group(1)] = [_unescape(match.group(2).lstrip("\n"))]
    for match in re.finditer(r'<select\b[^>]*name="([^"]+)"[^>]*>(.*?)</select>', form, re.S):
        chosen = re.findall(r'<option value="([^"]*)"[^>]*selected', match.group(2))
        if chosen:
            data[match.group(1)] = chosen
    return data


def _unescape(value: str) -> str:
    return (
        value.replace("&quot;", '"')
        .replace("&#x27;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
    )


def test_a_statement_form_saves_through_the_service_with_its_inlines_as_one_batch(client, graph, owner, document):
    claim = graph["claim"]
    client.force_login(owner)
    url = reverse("admin:argmap_statement_change", args=[claim.pk])
    data = form_data(client.get(url).content.decode())
    data["text"] = ["A revised claim."]
    prefix = "anchors"
    total = int(data[f"{prefix}-TOTAL_FORMS"][0])
    data[f"{prefix}-TOTAL_FORMS"] = [str(total + 1)]
    data[f"{prefix}-{total}-document"] = [str(document.pk)]
    data[f"{prefix}-{total}-exact"] = ["Second sentence."]
    response = client.post(url, data)
    assert response.status_code == 302, re.findall(r"errorlist[^>]*>(.*?)</ul>", response.content.decode(), re.S)
    claim.refresh_from_db()
    assert claim.text == "A revised claim."
    assert claim.version == 2
    assert claim.updated_by == owner
    anchor = Anchor.objects.get(statement=claim, exact="Second sentence.")
    points = list(document.text)
    assert "".join(points[anchor.start : anchor.end]) == "Second sentence."
    recorded = Change.objects.get(entity="anchor", entity_id=str(anchor.pk))
    assert recorded.actor == owner and anchor.created_by == owner
    same_batch = Change.objects.filter(batch=recorded.batch)
    assert set(same_batch.values_list("entity", "action")) == {("statement", "update"), ("anchor", "create")}


def test_a_stale_form_is_refused_and_changes_nothing(client, graph, owner):
    claim = graph["claim"]
    client.force_login(owner)
    url = reverse("admin:argmap_statement_change", args=[claim.pk])
    data = form_data(client.get(url).content.decode())
    services.update_statement(actor=owner, statement=claim, expected_version=claim.version, text="Someone else's.")
    data["text"] = ["Mine."]
    response = client.post(url, data)
    assert response.status_code == 200
    assert "version" in response.content.decode()
    claim.refresh_from_db()
    assert claim.text == "Someone else's."


def test_the_map_page_of_the_report_size_saves(client, owner, argument_map):
    owner.is_staff = True
    owner.save()
    for n in range(140):
        services.create_statement(actor=owner, argument_map=argument_map, kind="premise", text=f"Statement {n}.")
    client.force_login(owner)
    url = reverse("admin:argmap_argumentmap_change", args=[argument_map.pk])
    data = form_data(client.get(url).content.decode())
    assert len(data) < 50
    data["description"] = ["The report's map."]
    assert client.post(url, data).status_code == 302
    argument_map.refresh_from_db()
    assert argument_map.description == "The report's map."


def test_deleting_a_map_from_the_admin_records_every_row(client, graph, owner, argument_map):
    client.force_login(owner)
    url = reverse("admin:argmap_argumentmap_delete", args=[argument_map.pk])
    page = client.get(url)
    assert page.status_code == 200 and "text/html" in page["Content-Type"]
    assert client.post(url, {"post": "yes"}).status_code == 302
    assert not ArgumentMap.objects.filter(pk=argument_map.pk).exists()
    deleted = set(Change.objects.filter(action="delete").values_list("entity_id", flat=True))
    assert {
        str(argument_map.pk),
        str(graph["claim"].pk),
        str(graph["premise"].pk),
        str(graph["inference"].pk),
    } <= deleted
    assert not Statement.objects.filter(map_id=argument_map.pk).exists()
