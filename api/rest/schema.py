"""OpenAPI: every operation documents its errors (problem details), its preconditions and its ETag."""

from __future__ import annotations

from drf_spectacular.openapi import AutoSchema
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter
from rest_framework import serializers

from .errors import PROBLEM_CONTENT_TYPE


class ProblemSerializer(serializers.Serializer):
    """RFC 9457 problem details."""

    type = serializers.CharField(help_text="urn:argmap:problem:<code>, e.g. urn:argmap:problem:rule_violation")
    title = serializers.CharField()
    status = serializers.IntegerField()
    detail = serializers.CharField(help_text="What went wrong, for a person.")
    instance = serializers.CharField(required=False, help_text="The request path.")
    rule = serializers.CharField(
        required=False, help_text="The domain rule that refused the request (e.g. edge_within_map, one_consequent)."
    )
    errors = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        required=False,
        help_text="Messages per field of the request.",
    )
    expected_version = serializers.IntegerField(required=False, help_text="412 only: the version you sent.")
    current_version = serializers.IntegerField(required=False, help_text="412 only: the object's current version.")


ERROR_DESCRIPTIONS = {
    "400": "Invalid input (field messages in `errors`) or a refused domain rule (named in `rule`).",
    "401": "Authentication required: log in (session) or send `Authorization: Token <key>`.",
    "403": "Your role in this workspace does not allow this.",
    "404": "No such object, or one you may not see (private objects are never revealed).",
    "409": "The change would break a rule of the argument map (named in `rule`).",
    "412": "Stale: the object changed since the version you sent in If-Match. Reload and retry.",
    "428": "If-Match is required on PATCH, PUT and DELETE.",
}
IF_MATCH = OpenApiParameter(
    "If-Match",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    required=True,
    description='The ETag (version) you read, e.g. `"3"`. Missing → 428; stale → 412, and nothing is written.',
)
#: POST actions that change an existing object and so, like PATCH, need the version read (If-Match).
IF_MATCH_POSTS = {"attach_document"}
ETAG = OpenApiParameter(
    "ETag",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    response=[200, 201],
    description='The object\'s version, e.g. `"3"`; send it back in If-Match to change or delete the object.',
)


class ArgmapAutoSchema(AutoSchema):
    """AutoSchema that adds the error responses each kind of operation can give, If-Match and ETag."""

    def get_tags(self):
        """The view's ``schema_tag`` (shared actions such as ``discussion/`` take their resource's tag)."""
        tag = getattr(self.view, "schema_tag", None)
        return [tag] if tag else super().get_tags()

    def get_override_parameters(self):
        parameters = list(super().get_override_parameters())
        if self._requires_if_match():
            parameters.append(IF_MATCH)
        if getattr(self.view, "object_etag", True) and self.method != "DELETE" and not self._is_list_view():
            parameters.append(ETAG)
        return parameters

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        for code in self._error_codes():
            if code not in responses:
                responses[code] = {
                    "description": ERROR_DESCRIPTIONS[code],
                    "content": {
                        PROBLEM_CONTENT_TYPE: {"schema": self.resolve_serializer(ProblemSerializer, "response").ref}
                    },
                }
        return responses

    def _error_codes(self) -> list[str]:
        codes = ["400"]
        path_has_id = "{" in self.path
        if path_has_id or self.method != "GET":
            codes.append("404")
        if self.method != "GET":
            codes += ["401", "403", "409"]
        elif getattr(self.view, "read_needs_role", False):
            codes += ["401", "403"]
        if self._requires_if_match():
            codes += ["412", "428"]
        return codes

    def _requires_if_match(self) -> bool:
        return self.method in ("PATCH", "PUT", "DELETE") or getattr(self.view, "action", None) in IF_MATCH_POSTS
