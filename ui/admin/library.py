"""What maps are built on and cite: documents, sources, tags, participants, and the evidence links to sources."""

from __future__ import annotations

from django.contrib import admin

from argmap import services
from argmap.models import Document, EvidenceLink, Participant, Source, Tag
from argmap.selectors.access import Action
from argmap.services.documents import DOCUMENT_METADATA
from argmap.services.evidence import SOURCE_FIELDS as SOURCE_METADATA

from .base import AUDIT_FIELDS, DomainAdmin, DomainInline, only, scoped_filters


def _in_model_order(model, names: set) -> tuple[str, ...]:
    """The fields a service changes, in the model's order (the form's layout)."""
    return tuple(f.name for f in model._meta.fields if f.name in names)


DOCUMENT_FIELDS = _in_model_order(Document, DOCUMENT_METADATA)
SOURCE_FIELDS = _in_model_order(Source, SOURCE_METADATA)


@admin.register(Document)
class DocumentAdmin(DomainAdmin):
    """Changing the text of a document goes through ``revise_document_text``, which re-finds its anchors."""

    edit_action = Action.MANAGE_MAPS
    create_action = Action.MANAGE_MAPS
    fields = ("workspace", *DOCUMENT_FIELDS, "text")
    set_on_creation = ("workspace",)
    readonly_fields = ("sha256", *AUDIT_FIELDS)
    list_display = ("title", "language", "published_on", "workspace", "sha256")
    list_filter = ("language", *scoped_filters("workspace"))
    search_fields = ("title", "title_en", "key")

    def has_delete_permission(self, request, obj=None):
        return False

    def create(self, request, form):
        data = form.cleaned_data
        self.authorize(request, Action.MANAGE_MAPS, data["workspace"])
        fields = {name: data[name] for name in DOCUMENT_FIELDS}
        return services.create_document(actor=request.user, workspace=data["workspace"], text=data["text"], **fields)

    def update(self, request, stored, changes, version):
        text = changes.pop("text", None)
        document = stored
        if changes:
            document = services.update_document_metadata(
                actor=request.user, document=stored, expected_version=version, **changes
            )
            version = document.version
        if text is not None:
            services.revise_document_text(actor=request.user, document=document, expected_version=version, text=text)
            document = Document.objects.get(pk=stored.pk)
        return document


@admin.register(Source)
class SourceAdmin(DomainAdmin):
    fields = ("workspace", *SOURCE_FIELDS)
    set_on_creation = ("workspace",)
    list_display = ("footnote", "title", "container", "published", "workspace")
    list_filter = scoped_filters("workspace")
    search_fields = ("title", "container", "citation", "key")

    def create(self, request, form):
        data = form.cleaned_data
        self.authorize(request, Action.CREATE, data["workspace"])
        fields = {name: data[name] for name in SOURCE_FIELDS if name != "title"}
        return services.create_source(actor=request.user, workspace=data["workspace"], title=data["title"], **fields)

    def update(self, request, stored, changes, version):
        return services.update_source(actor=request.user, source=stored, expected_version=version, **changes)

    def delete(self, request, stored, version):
        services.delete_source(actor=request.user, source=stored, expected_version=version)


@admin.register(Tag)
class TagAdmin(DomainAdmin):
    edit_action = Action.MANAGE_MAPS
    create_action = Action.MANAGE_MAPS
    fields = ("workspace", "slug", "label", "colour")
    set_on_creation = ("workspace",)
    list_display = ("slug", "label", "colour", "workspace")
    list_filter = scoped_filters("workspace")
    search_fields = ("slug", "label")

    def create(self, request, form):
        data = form.cleaned_data
        self.authorize(request, Action.MANAGE_MAPS, data["workspace"])
        return services.create_tag(
            actor=request.user,
            workspace=data["workspace"],
            slug=data["slug"],
            label=data["label"],
            colour=data["colour"],
        )

    def update(self, request, stored, changes, version):
        return services.update_tag(actor=request.user, tag=stored, expected_version=version, **changes)

    def delete(self, request, stored, version):
        services.delete_tag(actor=request.user, tag=stored, expected_version=version)


@admin.register(Participant)
class ParticipantAdmin(DomainAdmin):
    """The voices statements are attributed to; one who still speaks a statement cannot be deleted."""

    fields = ("workspace", "name", "kind", "key", "description", "source")
    set_on_creation = ("workspace",)
    list_display = ("name", "kind", "key", "source", "workspace")
    list_filter = ("kind", *scoped_filters("workspace"))
    search_fields = ("name", "key", "description")
    autocomplete_fields = ("source",)

    def create(self, request, form):
        data = form.cleaned_data
        self.authorize(request, Action.CREATE, data["workspace"])
        return services.create_participant(
            actor=request.user,
            workspace=data["workspace"],
            name=data["name"],
            kind=data["kind"],
            key=data["key"],
            description=data["description"],
            source=data["source"],
        )

    def update(self, request, stored, changes, version):
        return services.update_participant(actor=request.user, participant=stored, expected_version=version, **changes)

    def delete(self, request, stored, version):
        services.delete_participant(actor=request.user, participant=stored, expected_version=version)


def create_evidence_link(request, statement, data):
    return services.create_evidence_link(
        actor=request.user,
        statement=statement,
        source=data["source"],
        locator=data.get("locator", ""),
        quote=data.get("quote", ""),
        footnote=data.get("footnote"),
    )


def update_evidence_link(request, stored, changes, version):
    only(changes, "locator", "quote", "footnote")
    return services.update_evidence_link(actor=request.user, link=stored, expected_version=version, **changes)


def delete_evidence_link(request, stored, version):
    services.delete_evidence_link(actor=request.user, link=stored, expected_version=version)


class EvidenceLinkInline(DomainInline):
    model = EvidenceLink
    fk_name = "statement"
    fields = ("source", "footnote", "locator", "quote")
    autocomplete_fields = ("source",)

    def create(self, request, parent, form):
        return create_evidence_link(request, parent, form.cleaned_data)

    def update(self, request, stored, changes, version):
        return update_evidence_link(request, stored, changes, version)

    def delete(self, request, stored, version):
        delete_evidence_link(request, stored, version)


@admin.register(EvidenceLink)
class EvidenceLinkAdmin(DomainAdmin):
    fields = ("statement", "source", "footnote", "locator", "quote")
    set_on_creation = ("statement", "source")
    list_display = ("statement", "source", "footnote", "locator")
    list_filter = scoped_filters("map")
    autocomplete_fields = ("source", "statement")

    def create(self, request, form):
        statement = form.cleaned_data["statement"]
        self.authorize(request, Action.CREATE, statement.map)
        return create_evidence_link(request, statement, form.cleaned_data)

    def update(self, request, stored, changes, version):
        return update_evidence_link(request, stored, changes, version)

    def delete(self, request, stored, version):
        delete_evidence_link(request, stored, version)
