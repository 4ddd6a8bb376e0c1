from __future__ import annotations

from argmap import services
from argmap.selectors.access import Action, visible_participants_for, visible_sources_for, visible_workspaces_for

from ..filters import Filter, by_updated_since, by_workspace
from ..serializers.participants import ParticipantCreate, ParticipantFields, ParticipantOutput
from .base import CreateMixin, DestroyMixin, ResourceViewSet, UpdateMixin, resource_docs

PARTICIPANT_FILTERS = (
    by_workspace(),
    Filter("key", "key", str, "Only the participant with this key."),
    by_updated_since(),
)


@resource_docs(
    tag="participants",
    output=ParticipantOutput,
    create=ParticipantCreate,
    update=ParticipantFields,
    filters=PARTICIPANT_FILTERS,
    destroy=True,
)
class ParticipantViewSet(CreateMixin, UpdateMixin, DestroyMixin, ResourceViewSet):
    """The voices of a workspace's documents (persons, organisations, collectives) to whom statements are
    attributed. A participant who still speaks a statement cannot be deleted (409 ``participant_speaks``)."""

    serializer_class = ParticipantOutput
    create_serializer_class = ParticipantCreate
    update_serializer_class = ParticipantFields
    filters = PARTICIPANT_FILTERS
    noun = "participant"
    detail_route = "/api/v1/participants/"

    def visible(self):
        return visible_participants_for(self.request.user)

    def _source(self, data: dict) -> None:
        if data.get("source") is not None:
            data["source"] = self.referenced(
                visible_sources_for(self.request.user), data["source"], field="source", noun="source"
            )

    def perform_create(self, data):
        user = self.request.user
        workspace = self.referenced(
            visible_workspaces_for(user), data.pop("workspace"), field="workspace", noun="workspace"
        )
        self.authorize(Action.CREATE, workspace)
        self._source(data)
        return services.create_participant(actor=user, workspace=workspace, **data)

    def perform_update(self, obj, data, version):
        self._source(data)
        return services.update_participant(actor=self.request.user, participant=obj, expected_version=version, **data)

    def perform_destroy(self, obj, version):
        services.delete_participant(actor=self.request.user, participant=obj, expected_version=version)
        return {"participants": 1}
