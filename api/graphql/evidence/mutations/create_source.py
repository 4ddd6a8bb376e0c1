from __future__ import annotations

import graphene

from argmap import services
from argmap.selectors.access import Action, authorize

from ...core import readers
from ...core.context import current_user
from ...core.errors import DomainMutation
from ...core.lookup import find
from ..types import Source


class CreateSource(DomainMutation):
    """Add a bibliographic record to a workspace, for its statements to cite."""

    class Arguments:
        workspace_id = graphene.ID(required=True)
        title = graphene.String(required=True)
        authors = graphene.List(graphene.NonNull(graphene.String))
        container = graphene.String(description="Journal, website or series.")
        publisher = graphene.String()
        published = graphene.String(description="YYYY, YYYY-MM or YYYY-MM-DD.")
        url = graphene.String()
        accessed_on = graphene.Date()
        footnote = graphene.Int(description="The document's footnote number.")
        locator = graphene.String()
        citation = graphene.String(description="The citation as the document gives it.")
        key = graphene.String()

    source = graphene.Field(Source)

    @classmethod
    def perform(cls, info, workspace_id, title, **fields):
        user = current_user(info)
        workspace = find(info, workspace_id, readers.WORKSPACE, field="workspaceId")
        authorize(user, Action.CREATE, workspace)
        text_fields = ("container", "publisher", "published", "url", "locator", "citation", "key")
        cleaned = {name: (value or "") if name in text_fields else value for name, value in fields.items()}
        if "authors" in cleaned:
            cleaned["authors"] = list(cleaned["authors"] or [])
        source = services.create_source(actor=user, workspace=workspace, title=title, **cleaned)
        return cls(source=source, errors=[])
