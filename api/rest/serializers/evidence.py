from rest_framework import serializers

from .common import AuthoredOutput, StrictInputSerializer


class SourceOutput(AuthoredOutput):
    id = serializers.UUIDField(read_only=True)
    workspace = serializers.UUIDField(source="workspace_id", read_only=True)
    key = serializers.CharField(read_only=True)
    title = serializers.CharField(read_only=True)
    authors = serializers.ListField(child=serializers.CharField(), read_only=True)
    container = serializers.CharField(read_only=True)
    publisher = serializers.CharField(read_only=True)
    published = serializers.CharField(read_only=True)
    url = serializers.CharField(read_only=True)
    accessed_on = serializers.DateField(read_only=True, allow_null=True)
    footnote = serializers.IntegerField(read_only=True, allow_null=True)
    locator = serializers.CharField(read_only=True)
    citation = serializers.CharField(read_only=True)


class SourceFields(StrictInputSerializer):
    key = serializers.CharField(max_length=120, allow_blank=True)
    title = serializers.CharField(max_length=1000)
    authors = serializers.ListField(child=serializers.CharField(max_length=300))
    container = serializers.CharField(max_length=500, allow_blank=True)
    publisher = serializers.CharField(max_length=500, allow_blank=True)
    published = serializers.RegexField(r"^\d{4}(-\d{2}(-\d{2})?)?$", max_length=10, allow_blank=True)
    url = serializers.URLField(max_length=1000, allow_blank=True)
    accessed_on = serializers.DateField(allow_null=True)
    footnote = serializers.IntegerField(min_value=0, allow_null=True)
    locator = serializers.CharField(max_length=200, allow_blank=True)
    citation = serializers.CharField(allow_blank=True)


class SourceCreate(SourceFields):
    workspace = serializers.UUIDField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            if name not in {"workspace", "title"}:
                field.required = False


class EvidenceLinkOutput(AuthoredOutput):
    id = serializers.UUIDField(read_only=True)
    workspace = serializers.UUIDField(source="workspace_id", read_only=True)
    map = serializers.UUIDField(source="map_id", read_only=True)
    statement = serializers.UUIDField(source="statement_id", read_only=True)
    source = serializers.UUIDField(source="source_id", read_only=True)
    footnote = serializers.IntegerField(read_only=True, allow_null=True)
    locator = serializers.CharField(read_only=True)
    quote = serializers.CharField(read_only=True)


class EvidenceLinkUpdate(StrictInputSerializer):
    locator = serializers.CharField(max_length=200, allow_blank=True)
    quote = serializers.CharField(allow_blank=True, trim_whitespace=False)
    footnote = serializers.IntegerField(min_value=0, allow_null=True)


class NewSource(SourceCreate):
    """A source created with the link, in the statement's workspace."""

    workspace = None


class EvidenceLinkCreate(EvidenceLinkUpdate):
    exactly_one_of = ("source", "new_source")

    statement = serializers.UUIDField()
    source = serializers.UUIDField(required=False, allow_null=True, default=None, help_text="An existing source.")
    new_source = NewSource(
        required=False,
        allow_null=True,
        default=None,
        help_text="Instead of source: a new source of the statement's workspace, created in the same transaction.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            if name != "statement":
                field.required = False

    def validate(self, attrs):
        if (attrs.get("source") is None) == (attrs.get("new_source") is None):
            raise serializers.ValidationError({"source": ["Name an existing source or describe a new_source."]})
        return attrs
