from rest_framework import serializers

from argmap.models import Role
from argmap.selectors.access import role_in

from .common import AuthoredOutput, StrictInputSerializer


class WorkspaceOutput(AuthoredOutput):
    id = serializers.UUIDField(read_only=True)
    slug = serializers.SlugField(read_only=True)
    name = serializers.CharField(read_only=True)
    description = serializers.CharField(read_only=True)
    my_role = serializers.SerializerMethodField(help_text="The requesting user's role here, or null.")

    def get_my_role(self, workspace) -> str | None:
        request = self.context.get("request")
        return role_in(request.user, workspace.pk) if request is not None else None


class WorkspaceCreate(StrictInputSerializer):
    slug = serializers.SlugField(max_length=80)
    name = serializers.CharField(max_length=200)
    description = serializers.CharField(required=False, allow_blank=True, default="")


class WorkspaceUpdate(StrictInputSerializer):
    slug = serializers.SlugField(max_length=80)
    name = serializers.CharField(max_length=200)
    description = serializers.CharField(allow_blank=True)


class MembershipOutput(AuthoredOutput):
    id = serializers.UUIDField(read_only=True)
    workspace = serializers.UUIDField(source="workspace_id", read_only=True)
    user = serializers.IntegerField(source="user_id", read_only=True)
    username = serializers.CharField(source="user.username", read_only=True)
    role = serializers.ChoiceField(choices=Role.choices, read_only=True)


class MembershipCreate(StrictInputSerializer):
    user = serializers.CharField(help_text="The user to add: a username or a numeric user id.")
    role = serializers.ChoiceField(choices=Role.choices)


class MembershipUpdate(StrictInputSerializer):
    role = serializers.ChoiceField(choices=Role.choices)
