import pytest
from django.contrib.auth.models import AnonymousUser

from argmap import services
from argmap.errors import NotFound, PermissionDenied
from argmap.selectors.access import (
    Action,
    authorize,
    authorize_review,
    visible_documents_for,
    visible_maps_for,
    visible_statements_for,
)
from tests.factories import UserFactory, make_map, make_statement

ROLES = ["viewer", "annotator", "reviewer", "editor"]


@pytest.fixture
def team(owner, workspace):
    users = {role: UserFactory(username=role) for role in ROLES}
    for role, user in users.items():
        services.add_member(actor=owner, workspace=workspace, user=user, role=role)
    users["owner"] = owner
    users["outsider"] = UserFactory(username="outsider")
    users["anonymous"] = AnonymousUser()
    return workspace, users


def test_private_map_is_invisible_to_non_members(team):
    workspace, users = team
    private = make_map(workspace, name="private")
    public = make_map(workspace, name="public", visibility="public")
    make_statement(private, text="secret")
    make_statement(public, text="open")
    for who in ("outsider", "anonymous"):
        assert list(visible_maps_for(users[who])) == [public]
        assert list(visible_statements_for(users[who]).values_list("text", flat=True)) == ["open"]
        with pytest.raises(NotFound):
            authorize(users[who], Action.READ, private)
    for who in ("viewer", "annotator", "reviewer", "editor", "owner"):
        assert set(visible_maps_for(users[who])) == {private, public}


@pytest.mark.parametrize(
    ("who", "create", "edit_others", "review", "members"),
    [
        ("viewer", False, False, False, False),
        ("annotator", True, False, False, False),
        ("reviewer", False, False, True, False),
        ("editor", True, True, False, False),
        ("owner", True, True, True, True),
    ],
)
def test_role_matrix(team, who, create, edit_others, review, members):
    workspace, users = team
    argument_map = make_map(workspace)
    someone_elses = make_statement(argument_map, actor=users["editor"])
    user = users[who]
    for action, allowed, obj in [
        (Action.CREATE, create, argument_map),
        (Action.EDIT, edit_others, someone_elses),
        (Action.MANAGE_MEMBERS, members, workspace),
    ]:
        if allowed:
            authorize(user, action, obj)
        else:
            with pytest.raises(PermissionDenied):
                authorize(user, action, obj)
    if review:
        authorize_review(user, someone_elses, "accepted")
    else:
        with pytest.raises(PermissionDenied):
            authorize_review(user, someone_elses, "accepted")


def test_annotator_edits_own_work(team):
    workspace, users = team
    argument_map = make_map(workspace)
    own = make_statement(argument_map, actor=users["annotator"])
    authorize(users["annotator"], Action.EDIT, own)
    authorize_review(users["annotator"], own, "proposed")


def test_outsider_gets_not_found_for_writes_too(team):
    workspace, users = team
    private = make_map(workspace)
    with pytest.raises(NotFound):
        authorize(users["outsider"], Action.CREATE, private)


def test_documents_of_public_maps_are_visible(team, document):
    workspace, users = team
    assert not visible_documents_for(users["outsider"]).exists()
    make_map(workspace, visibility="public", documents=[document])
    assert list(visible_documents_for(users["outsider"])) == [document]


def test_factory_users_can_log_in(owner, client):
    from tests.factories import TEST_PASSWORD

    assert client.login(username=owner.username, password=TEST_PASSWORD)
