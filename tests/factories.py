"""Factories for tests. Graph rows are made through the services, as users make them."""

from __future__ import annotations

import factory
from django.contrib.auth import get_user_model

from argmap import services
from argmap.models import ArgumentMap, Document, Role, Statement, Workspace

User = get_user_model()
TEST_PASSWORD = "pw-for-tests"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.django.Password(TEST_PASSWORD)


def make_workspace(*, owner=None, slug: str | None = None, **members: list) -> Workspace:
    """A workspace; ``members`` maps a role name to the users to add with it."""
    slug = (
        slug
        or f"ws-{Workspace.objects.count() + 1}-{factory.Faker._get_faker().pystr(min_chars=6, max_chars=6).lower()}"
    )
    workspace = services.create_workspace(actor=owner, slug=slug, name=slug.upper())
    for role, users in members.items():
        for user in users:
            services.add_member(actor=owner, workspace=workspace, user=user, role=Role(role))
    return workspace


def make_document(workspace: Workspace, text: str = "A claim. A premise. Some evidence.", **kwargs) -> Document:
    return services.create_document(
        actor=None, workspace=workspace, title=kwargs.pop("title", "Doc"), text=text, **kwargs
    )


def make_map(workspace: Workspace, *, visibility: str = "private", documents=(), name: str = "Map") -> ArgumentMap:
    return services.create_map(
        actor=None, workspace=workspace, name=name, visibility=visibility, documents=list(documents)
    )


def make_statement(
    argument_map: ArgumentMap, text: str = "A statement.", kind: str = "premise", actor=None, **kwargs
) -> Statement:
    return services.create_statement(actor=actor, argument_map=argument_map, kind=kind, text=text, **kwargs)


def make_participant(workspace: Workspace, name: str = "KCNA", kind: str = "organisation", **kwargs):
    return services.create_participant(
        actor=kwargs.pop("actor", None), workspace=workspace, name=name, kind=kind, **kwargs
    )


def make_anchored_passage(
    argument_map: ArgumentMap, document: Document, exact: str, *, kind: str = "claim", actor=None, **fields
):
    """``(statement, anchor)`` for the first occurrence of ``exact`` in the document (code points, as the screen
    sends); ``fields`` go to ``annotate_passage`` (``text``, ``confirm_repeat`` …)."""
    from argmap.services.annotation import annotate_passage

    start = document.text.index(exact)
    return annotate_passage(
        actor=actor,
        argument_map=argument_map,
        document=document,
        kind=kind,
        exact=exact,
        start=start,
        end=start + len(exact),
        **fields,
    )


def make_passage(argument_map: ArgumentMap, document: Document, exact: str, *, kind: str = "claim", actor=None):
    """A statement anchored to the first occurrence of ``exact`` in the document."""
    return make_anchored_passage(argument_map, document, exact, kind=kind, actor=actor)[0]
