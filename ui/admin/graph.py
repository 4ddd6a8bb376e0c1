"""The argument graph: statements (I-nodes), scheme applications (S-nodes), their edges and anchors."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext, gettext_lazy

from argmap import services
from argmap.models import (
    Anchor,
    CriticalQuestion,
    Edge,
    Illocution,
    ReviewStatus,
    Scheme,
    SchemeApplication,
    Statement,
)
from argmap.selectors.access import Action, authorize_review

from .base import AUDIT_FIELDS, DomainAdmin, DomainInline, ReadOnlyAdmin, VersionedForm, only, scoped_filters
from .library import EvidenceLinkInline
from .suggestions import PROVENANCE_FIELDS, SuggestionActions

ANCHOR_MOVABLE = ("exact", "start", "end")


def create_anchor(request, statement, data):
    return services.create_anchor(
        actor=request.user,
        statement=statement,
        document=data["document"],
        exact=data["exact"],
        start=data.get("start"),
        end=data.get("end"),
    )


def move_anchor(request, stored, changes, version):
    only(changes, *ANCHOR_MOVABLE)
    return services.move_anchor(
        actor=request.user,
        anchor=stored,
        expected_version=version,
        exact=changes.get("exact", stored.exact),
        start=changes.get("start", stored.start),
        end=changes.get("end", stored.end),
    )


def delete_anchor(request, stored, version):
    services.delete_anchor(actor=request.user, anchor=stored, expected_version=version)


class AnchorFields:
    """Start and end may be left empty: the service finds the quote in the document."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name in ("start", "end") and field is not None:
            field.required = False
            field.help_text = "code points; leave empty to find the quote"
        return field


class AnchorInline(AnchorFields, DomainInline):
    model = Anchor
    fields = ("document", "exact", "start", "end", "status")
    readonly_fields = ("status",)

    def create(self, request, parent, form):
        return create_anchor(request, parent, form.cleaned_data)

    def update(self, request, stored, changes, version):
        return move_anchor(request, stored, changes, version)

    def delete(self, request, stored, version):
        delete_anchor(request, stored, version)


@admin.register(Statement)
class StatementAdmin(SuggestionActions, DomainAdmin):
    reviewable = True
    fields = (
        "map",
        "kind",
        "speaker",
        "illocution",
        "text",
        "gloss",
        "implicit",
        "key",
        "tags",
        "status",
        "status_reason",
    )
    set_on_creation = ("map",)
    list_display = (
        "short_text",
        "kind",
        "speaker",
        "illocution",
        "status",
        "map",
        "implicit",
        "pipeline",
        "confidence",
        "updated_by",
        "updated_at",
    )
    list_filter = (
        "kind",
        "illocution",
        "status",
        "implicit",
        *scoped_filters("map", "tags", "speaker", "pipeline"),
    )
    search_fields = ("text", "gloss", "key")
    filter_horizontal = ("tags",)
    inlines = [AnchorInline, EvidenceLinkInline]
    actions = ["propose", "accept_suggestions", "dismiss_suggestions"]
    list_select_related = ("map", "updated_by", "speaker", "pipeline")
    readonly_fields = (*PROVENANCE_FIELDS, *AUDIT_FIELDS)

    @admin.display(description="text")
    def short_text(self, obj):
        return obj.text[:80]

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        if "illocution" in form.base_fields:
            form.base_fields["illocution"].required = False  # left out: the service's default, asserting
        return form

    def create(self, request, form):
        data = form.cleaned_data
        self.authorize(request, Action.CREATE, data["map"])
        return services.create_statement(
            actor=request.user,
            argument_map=data["map"],
            kind=data["kind"],
            text=data["text"],
            gloss=data["gloss"],
            implicit=data["implicit"],
            key=data["key"],
            tags=list(data["tags"]),
            speaker=data["speaker"],
            illocution=data["illocution"] or Illocution.ASSERTING,
        )

    def update(self, request, stored, changes, version):
        if "tags" in changes:
            changes["tags"] = list(changes["tags"])
        if changes.get("illocution") == "":
            del changes["illocution"]
        return services.update_statement(actor=request.user, statement=stored, expected_version=version, **changes)

    def delete(self, request, stored, version):
        services.delete_statement(actor=request.user, statement=stored, expected_version=version)

    @admin.action(description=gettext_lazy("Propose the selected statements for review"))
    def propose(self, request, queryset):
        """All or nothing, like REST's review endpoint: authors propose their own work."""
        nodes = list(queryset)
        for node in nodes:
            authorize_review(request.user, node, ReviewStatus.PROPOSED)
        services.review_nodes(
            actor=request.user, nodes=[(node, node.version) for node in nodes], status=ReviewStatus.PROPOSED
        )
        self.message_user(
            request, gettext("%(count)d statement(s) proposed for review.") % {"count": len(nodes)}, messages.SUCCESS
        )


class EdgeForm(VersionedForm):
    """An edge with the confirmation REST and GraphQL take (``confirm_cycle``): a support that closes a
    cycle is legal AIF but usually a mistake, so the service refuses it until the annotator confirms."""

    confirm_cycle = forms.BooleanField(
        required=False,
        label="Confirm a support cycle",
        help_text="Tick to save a premise that closes a cycle of support (refused otherwise).",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.instance._state.adding:
            self.fields["confirm_cycle"].disabled = True


def create_edge(request, application, data):
    return services.create_edge(
        actor=request.user,
        application=application,
        role=data["role"],
        statement=data.get("statement"),
        other_application=data.get("other_application"),
        confirm_cycle=bool(data.get("confirm_cycle")),
    )


def delete_edge(request, stored, version):
    services.delete_edge(actor=request.user, edge=stored, expected_version=version)


class EdgeInline(DomainInline):
    model = Edge
    form = EdgeForm
    fk_name = "application"
    fields = ("role", "statement", "other_application", "confirm_cycle")
    autocomplete_fields = ("statement",)

    def create(self, request, parent, form):
        return create_edge(request, parent, form.cleaned_data)

    def delete(self, request, stored, version):
        delete_edge(request, stored, version)


@admin.register(SchemeApplication)
class SchemeApplicationAdmin(SuggestionActions, DomainAdmin):
    reviewable = True
    fields = ("map", "type", "scheme", "note", "key", "status", "status_reason")
    set_on_creation = ("map", "type")
    list_display = ("__str__", "type", "scheme", "status", "map", "pipeline", "confidence", "updated_at")
    list_filter = ("type", "status", *scoped_filters("scheme", "map", "pipeline"))
    search_fields = ("key", "note")
    inlines = [EdgeInline]
    list_select_related = ("map", "scheme", "pipeline")
    actions = ["accept_suggestions", "dismiss_suggestions"]
    readonly_fields = (*PROVENANCE_FIELDS, *AUDIT_FIELDS)

    def create(self, request, form):
        data = form.cleaned_data
        self.authorize(request, Action.CREATE, data["map"])
        return services.create_scheme_application(
            actor=request.user,
            argument_map=data["map"],
            type=data["type"],
            scheme=data["scheme"],
            note=data["note"],
            key=data["key"],
        )

    def update(self, request, stored, changes, version):
        return services.update_scheme_application(
            actor=request.user, application=stored, expected_version=version, **changes
        )

    def delete(self, request, stored, version):
        services.delete_scheme_application(actor=request.user, application=stored, expected_version=version)


@admin.register(Edge)
class EdgeAdmin(DomainAdmin):
    """Edges are created and deleted, never re-pointed: an edge is its two ends."""

    form = EdgeForm
    fields = ("application", "role", "statement", "other_application", "confirm_cycle")
    set_on_creation = ("application", "role", "statement", "other_application")
    list_display = ("__str__", "role", "map")
    list_filter = ("role", *scoped_filters("map"))
    autocomplete_fields = ("statement",)

    def get_fields(self, request, obj=None):
        fields = super().get_fields(request, obj)
        return fields if obj is None else [f for f in fields if f != "confirm_cycle"]

    def create(self, request, form):
        data = form.cleaned_data
        self.authorize(request, Action.CREATE, data["application"].map)
        return create_edge(request, data["application"], data)

    def delete(self, request, stored, version):
        delete_edge(request, stored, version)


@admin.register(Anchor)
class AnchorAdmin(AnchorFields, DomainAdmin):
    fields = ("statement", "document", "exact", "start", "end", "prefix", "suffix", "status")
    set_on_creation = ("statement", "document")
    readonly_fields = ("prefix", "suffix", "status", *AUDIT_FIELDS)
    list_display = ("statement", "document", "start", "end", "status")
    list_filter = ("status", *scoped_filters("document"))
    search_fields = ("exact",)

    def create(self, request, form):
        statement = form.cleaned_data["statement"]
        self.authorize(request, Action.CREATE, statement.map)
        return create_anchor(request, statement, form.cleaned_data)

    def update(self, request, stored, changes, version):
        return move_anchor(request, stored, changes, version)

    def delete(self, request, stored, version):
        delete_anchor(request, stored, version)


class CriticalQuestionInline(DomainInline):
    model = CriticalQuestion
    fields = ("position", "key", "text")


@admin.register(Scheme)
class SchemeAdmin(ReadOnlyAdmin):
    """Argumentation schemes are reference data shipped with argmap (``argmap/schemes_data.py``, by migration)."""

    fields = ("key", "name", "applies_to", "description")
    list_display = ("name", "key", "applies_to")
    search_fields = ("name", "key", "description")
    inlines = [CriticalQuestionInline]


def map_links(argument_map) -> str:
    statements = reverse("admin:argmap_statement_changelist") + f"?map__id__exact={argument_map.pk}"
    applications = reverse("admin:argmap_schemeapplication_changelist") + f"?map__id__exact={argument_map.pk}"
    return format_html('<a href="{}">statements</a> · <a href="{}">scheme applications</a>', statements, applications)
