"""OpenAPI: every operation documents its errors (problem details), its preconditions and its ETag."""

from __future__ import annotations

from drf_spectacular.openapi import AutoSchema
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter
from rest_framework import serializers

from .concurrency import IF_MATCH_PATTERN
from .errors import PROBLEM_CONTENT_TYPE
from .serializers.common import StrictInputSerializer


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
    pattern=IF_MATCH_PATTERN,
    description='The ETag (version) you read, e.g. `"3"`; or a list of ETags, or `*` (RFC 9110: compared strongly, '
    "so a weak `W/` tag never matches). Missing → 428; no tag matches → 412; not ETags → 400. Nothing is written.",
)
#: ``pattern`` of request text: no NUL; and with something besides whitespace (Python's ``str.isspace``).
NO_NUL = r"^[^\x00]*$"
NOT_BLANK = r"^[^\x00]*[^\s\x00][^\x00]*$"
#: A web address Django's ``URLValidator`` accepts (scheme, host names with a top-level domain, port, path).
WEB_ADDRESS = r"^https?://([A-Za-z0-9]([A-Za-z0-9-]{0,30}[A-Za-z0-9])?\.){1,4}[A-Za-z]{2,20}(:[1-9][0-9]{0,3})?(/[A-Za-z0-9._~%/-]*)?$"
#: POST actions that change an existing object and so, like PATCH, need the version read (If-Match).
IF_MATCH_POSTS = {"attach_document"}
ETAG = OpenApiParameter(
    "ETag",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    response=[200, 201],
    description='The object\'s version, e.g. `"3"`; send it back in If-Match to change or delete the object.',
)
BATCH = OpenApiParameter(
    "X-Argmap-Batch",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    response=[200, 201],
    description="The history batch this write committed (several, comma-separated in order, for a composite "
    "write); undo it with `POST /api/v1/changes/{batch}/revert/`. Absent when nothing was written.",
)


class ArgmapAutoSchema(AutoSchema):
    """AutoSchema that adds the error responses each kind of operation can give, If-Match and ETag."""

    def get_tags(self):
        """The view's ``schema_tag`` (shared actions such as ``discussion/`` take their resource's tag)."""
        tag = getattr(self.view, "schema_tag", None)
        return [tag] if tag else super().get_tags()

    def _map_serializer_field(self, field, direction, bypass_extensions=False):
        """Request text says what the server refuses: NUL anywhere (DRF's validator) and, unless the field
        may be blank, text of only whitespace (the field rules' "must not be empty"), as a ``pattern``. Without
        it ``"   "`` was a schema-valid request the server refused, and ``"a\\x00"`` one it was right to."""
        schema = super()._map_serializer_field(field, direction, bypass_extensions)
        if direction != "request":
            return schema
        if isinstance(field, serializers.URLField) and schema.get("type") == "string":
            schema["pattern"] = f"^$|{WEB_ADDRESS}" if field.allow_blank else WEB_ADDRESS
        elif (
            isinstance(field, serializers.CharField)
            and not isinstance(field, serializers.RegexField | serializers.SlugField)
            and schema.get("type") == "string"
            and not {"pattern", "enum", "format"} & set(schema)
        ):
            schema["pattern"] = NO_NUL if field.allow_blank else NOT_BLANK
        elif isinstance(field, serializers.ListField) and not field.allow_empty and schema.get("type") == "array":
            schema.setdefault("minItems", 1)
        return schema

    def _map_basic_serializer(self, serializer, direction):
        """A strict input serializer refuses unknown fields: ``additionalProperties: false``; one that needs
        exactly one of two fields (``exactly_one_of``) says so with ``oneOf``; one whose ``status`` must come
        alone (``alone_with_status``: the fields allowed beside it) says so with ``anyOf``."""
        schema = super()._map_basic_serializer(serializer, direction)
        if direction == "request" and isinstance(serializer, StrictInputSerializer):
            schema["additionalProperties"] = False
            pair = getattr(serializer, "exactly_one_of", None)
            if pair:
                schema["oneOf"] = [
                    {"required": [given], "properties": {given: {"not": {"type": "null"}}, other: {"type": "null"}}}
                    for given, other in (pair, pair[::-1])
                ]
            alone = getattr(serializer, "alone_with_status", None)
            if alone is not None:
                others = [name for name in schema.get("properties", {}) if name not in alone]
                schema["anyOf"] = [
                    {"not": {"anyOf": [{"required": [name]} for name in alone]}},
                    {"required": ["status"], "properties": {name: {"not": {}} for name in others}},
                ]
        return schema

    def get_override_parameters(self):
        parameters = list(super().get_override_parameters())
        if self._requires_if_match():
            parameters.append(IF_MATCH)
        if getattr(self.view, "object_etag", True) and self.method != "DELETE" and not self._is_list_view():
            parameters.append(ETAG)
        if self.method in ("POST", "PUT", "PATCH", "DELETE"):
            parameters.append(BATCH)
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
        # A list answers 404 for a cursor that names no page of it.
        if (
            path_has_id
            or self.method != "GET"
            or self._is_list_view()
            or getattr(self.view, "names_objects_in_query", False)
        ):
            codes.append("404")
        if self.method != "GET":
            codes += ["401", "403", "409"]
        elif getattr(self.view, "read_needs_role", False):
            codes += ["401", "403"]
        if self._requires_if_match():
            codes += ["412", "428"]
        return codes

    def _requires_if_match(self) -> bool:
        if not getattr(self.view, "versioned_writes", True):
            return False
        return self.method in ("PATCH", "PUT", "DELETE") or getattr(self.view, "action", None) in IF_MATCH_POSTS
