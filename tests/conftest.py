import pytest

from tests.factories import UserFactory, make_document, make_map, make_workspace

pytest_plugins = ["tests.browser"]


@pytest.fixture
def owner(db):
    return UserFactory(username="owner")


@pytest.fixture
def workspace(owner):
    return make_workspace(owner=owner, slug="team")


@pytest.fixture
def document(workspace):
    return make_document(workspace, text="北朝鮮は核弾頭を50発保有すると推計される。𠮷野家の例。Second sentence.")


@pytest.fixture
def argument_map(workspace, document):
    return make_map(workspace, documents=[document])
