from rest_framework import serializers

from .common import AuthoredOutput, StrictInputSerializer


class DocumentSummary(AuthoredOutput):
    id = serializers.UUIDField(read_only=True)
    workspace = serializers.UUIDField(source="workspace_id", read_only=True)
    key = serializers.CharField(read_only=True)
    title = serializers.CharField(read_only=True)
    title_en = serializers.CharField(read_only=True)
    authors = serializers.ListField(child=serializers.CharField(), read_only=True)
    affiliation = serializers.CharField(read_only=True)
    publisher = serializers.CharField(read_only=True)
    series = serializers.CharField(read_only=True)
    published_on = serializers.DateField(read_only=True, allow_null=True)
    url = serializers.CharField(read_only=True)
    language = serializers.CharField(read_only=True)
    sha256 = serializers.CharField(read_only=True, help_text="SHA-256 of the UTF-8 text.")
    text_length = serializers.IntegerField(read_only=True, help_text="Length of the text in Unicode code points.")


class DocumentDetail(DocumentSummary):
    text = serializers.CharField(
        read_only=True, help_text="NFC-normalised text with LF line ends; anchor offsets count its code points."
    )


class DocumentMetadata(StrictInputSerializer):
    key = serializers.CharField(max_length=120, allow_blank=True)
    title = serializers.CharField(max_length=500)
    title_en = serializers.CharField(max_length=500, allow_blank=True)
    authors = serializers.ListField(child=serializers.CharField(max_length=300))
    affiliation = serializers.CharField(max_length=300, allow_blank=True)
    publisher = serializers.CharField(max_length=300, allow_blank=True)
    series = serializers.CharField(max_length=500, allow_blank=True)
    published_on = serializers.DateField(allow_null=True)
    url = serializers.URLField(max_length=1000, allow_blank=True)
    language = serializers.CharField(max_length=16)


class DocumentCreate(DocumentMetadata):
    workspace = serializers.UUIDField()
    text = serializers.CharField(trim_whitespace=False, help_text="Normalised once on import (NFC, LF line ends).")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            if name not in {"workspace", "title", "text"}:
                field.required = False


class DocumentText(StrictInputSerializer):
    text = serializers.CharField(trim_whitespace=False)


class RevisionOutput(serializers.Serializer):
    document = DocumentSummary()
    anchors = serializers.DictField(
        child=serializers.IntegerField(), help_text="How many anchors were re-found (anchored), orphaned or ambiguous."
    )
