"""What every resource shares: lists cost a fixed number of queries, pages are stable, creates answer 201 + ETag."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from argmap import services
from tests.api.rest.conftest import client_for
from tests.factories import make_statement

LISTS = [
    "workspaces",
    "documents",
    "maps",
    "statements",
    "scheme-applications",
    "edges",
    "anchors",
    "sources",
    "evidence-links",
    "schemes",
    "tags",
]


def grow(owner, workspace, argument_map, document, n):
    """``n`` more rows of every kind."""
    for i in range(n):
        services.create_workspace(actor=owner, slug=f"extra-{n}-{i}", name="extra")
        services.create_document(actor=owner, workspace=workspace, title=f"d{i}", text=f"文書{i}の本文。核弾頭。")
        services.create_map(actor=owner, workspace=workspace, name=f"m{i}", documents=[document])
        tag = services.create_tag(actor=owner, workspace=workspace, slug=f"t-{n}-{i}")
        p = make_statement(argument_map, text=f"p{i}", tags=[tag])
        c = make_statement(argument_map, text=f"c{i}", tags=[tag])
        inference = services.create_argument(actor=owner, premises=[p], conclusion=c)
        services.create_attack(actor=owner, attacker=p, target=inference)
        services.create_anchor(actor=owner, statement=p, document=document, exact="核弾頭")
        source = services.create_source(actor=owner, workspace=workspace, title=f"s{i}")
        services.create_evidence_link(actor=owner, statement=p, source=source)


@pytest.mark.parametrize("resource", LISTS)
def test_list_queries_do_not_grow_with_the_page(owner, workspace, argument_map, document, resource):
    counts = []
    for n in (2, 12):
        grow(owner, workspace, argument_map, document, n - (2 if n == 12 else 0))
        client = client_for(type(owner).objects.get(pk=owner.pk))
        with CaptureQueriesContext(connection) as queries:
            response = client.get(f"/api/v1/{resource}/", {"page_size": 200})
        assert response.status_code == 200
        assert response.json()["results"]
        counts.append(len(queries))
    assert counts[0] == counts[1] <= 5, (resource, counts)


@pytest.mark.parametrize("resource", LISTS)
def test_pages_follow_creation_order(api, owner, workspace, argument_map, document, resource):
    grow(owner, workspace, argument_map, document, 3)
    everything = [row["id"] for row in api.get(f"/api/v1/{resource}/", {"page_size": 500}).json()["results"]]
    paged, url = [], f"/api/v1/{resource}/?page_size=2"
    while url:
        page = api.get(url).json()
        paged += [row["id"] for row in page["results"]]
        url = page["next"]
    assert paged == everything and len(set(paged)) == len(paged)
    refused = api.get(f"/api/v1/{resource}/", {"page_size": "lots"})
    assert refused.status_code == 400 and "page_size" in refused.json()["errors"], "the schema says: an integer"
