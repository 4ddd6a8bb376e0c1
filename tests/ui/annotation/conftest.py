import pytest

from argmap import services
from tests.factories import UserFactory

TEXT = "北朝鮮は核弾頭を50発保有すると推計される。𠮷野家の例。Second sentence."


@pytest.fixture
def team(owner, workspace):
    """Staff users with workspace roles (the admin needs staff accounts)."""
    owner.is_staff = True
    owner.save()
    users = {"owner": owner}
    for name, role in (
        ("alice", "annotator"),
        ("bob", "annotator"),
        ("rita", "reviewer"),
        ("vera", "viewer"),
        ("eddie", "editor"),
    ):
        users[name] = UserFactory(username=name, is_staff=True)
        users[name].save()  # the factory sets the password after saving; the session hash needs it stored
        services.add_member(actor=owner, workspace=workspace, user=users[name], role=role)
    users["stranger"] = UserFactory(username="stranger", is_staff=True)
    users["stranger"].save()
    return users


@pytest.fixture
def as_user(client):
    def login(user):
        client.force_login(user)
        return client

    return login
