import pytest

from tests.factories import UserFactory, make_document, make_map, make_workspace

pytest_plugins = ["tests.browser"]


DATABASE_FIXTURES = {
    "db",
    "transactional_db",
    "live_server",
    "django_db_reset_sequences",
    "django_db_serialized_rollback",
}


@pytest.fixture(autouse=True)
def _walton_schemes(request):
    """Transactional tests flush every table when they end, the migration's schemes included: put them back."""
    if DATABASE_FIXTURES & set(request.fixturenames) or request.node.get_closest_marker("django_db"):
        from argmap.models import Scheme
        from argmap.schemes_data import WALTON_SCHEMES, install_walton_schemes

        request.getfixturevalue("transactional_db" if _is_transactional(request) else "db")
        if Scheme.objects.count() < len(WALTON_SCHEMES):
            install_walton_schemes()


def _is_transactional(request) -> bool:
    marker = request.node.get_closest_marker("django_db")
    return bool(
        {"transactional_db", "live_server"} & set(request.fixturenames) or (marker and marker.kwargs.get("transaction"))
    )


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
