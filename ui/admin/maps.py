"""Argument maps: their settings and documents here; their content on the annotation screen and paginated lists."""

from __future__ import annotations

from django.contrib import admin
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join

from argmap import services
from argmap.errors import InvalidInput
from argmap.models import ArgumentMap
from argmap.selectors.access import Action
from ui.annotation.urls import annotation_urls

from .base import AUDIT_FIELDS, DomainAdmin, scoped_filters
from .interchange import evaluation_view, export_actions, import_view
from .mining import pipeline_evaluation_view


@admin.register(ArgumentMap)
class ArgumentMapAdmin(DomainAdmin):
    """A map's statements are not edited inline here (the report's map alone would be a 1,000-field form):
    the page links to the annotation screen and to the statement and scheme-application lists of the map."""

    edit_action = Action.MANAGE_MAPS
    create_action = Action.MANAGE_MAPS
    fields = ("workspace", "name", "description", "visibility", "key", "documents")
    set_on_creation = ("workspace",)
    readonly_fields = (*AUDIT_FIELDS, "contents", "annotate")
    list_display = ("name", "workspace", "visibility", "updated_at", "annotate")
    list_filter = ("visibility", *scoped_filters("workspace"))
    search_fields = ("name", "description", "key")
    filter_horizontal = ("documents",)
    change_list_template = "admin/argmap/argumentmap/change_list.html"
    actions = export_actions()

    def get_urls(self):
        own = [
            path(
                "import/",
                self.admin_site.admin_view(lambda request: import_view(self, request)),
                name="argmap_map_import",
            ),
            path(
                "<str:map_id>/evaluation/",
                self.admin_site.admin_view(lambda request, map_id: evaluation_view(self, request, map_id)),
                name="argmap_map_evaluation",
            ),
            path(
                "<str:map_id>/pipeline-evaluation/",
                self.admin_site.admin_view(lambda request, map_id: pipeline_evaluation_view(self, request, map_id)),
                name="argmap_map_pipeline_evaluation",
            ),
        ]
        return annotation_urls(self.admin_site) + own + super().get_urls()

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("workspace").prefetch_related("documents")

    @admin.display(description="contents")
    def contents(self, obj):
        if not obj.pk:
            return "—"
        query = f"?map__id__exact={obj.pk}"
        return format_html(
            '<a href="{}">statements</a> · <a href="{}">scheme applications</a> · <a href="{}">history</a>',
            reverse("admin:argmap_statement_changelist") + query,
            reverse("admin:argmap_schemeapplication_changelist") + query,
            reverse("admin:argmap_argumentmap_history", args=[obj.pk]),
        )

    @admin.display(description="annotate")
    def annotate(self, obj):
        if not obj.pk:
            return "—"
        links = format_html_join(
            " · ",
            '<a href="{}">{}</a>',
            ((reverse("admin:argmap_annotate", args=[obj.pk, d.pk]), d.title) for d in obj.documents.all()),
        )
        evaluation = format_html(
            '<a href="{}">evaluation</a> · <a href="{}">pipeline evaluation</a>',
            reverse("admin:argmap_map_evaluation", args=[obj.pk]),
            reverse("admin:argmap_map_pipeline_evaluation", args=[obj.pk]),
        )
        if links:
            return format_html("{} · {}", links, evaluation)
        return format_html("attach a document to annotate · {}", evaluation)

    def create(self, request, form):
        data = form.cleaned_data
        self.authorize(request, Action.MANAGE_MAPS, data["workspace"])
        return services.create_map(
            actor=request.user,
            workspace=data["workspace"],
            name=data["name"],
            description=data["description"],
            visibility=data["visibility"],
            key=data["key"],
            documents=list(data["documents"]),
        )

    def update(self, request, stored, changes, version):
        documents = changes.pop("documents", None)
        argument_map = stored
        if changes:
            argument_map = services.update_map(
                actor=request.user, argument_map=stored, expected_version=version, **changes
            )
        if documents is not None:
            attached = set(stored.documents.values_list("pk", flat=True))
            if attached - {d.pk for d in documents}:
                raise InvalidInput(
                    "A document cannot be detached from a map: its anchors point into it.", field="documents"
                )
            for document in documents:
                if document.pk not in attached:
                    argument_map = services.attach_document(
                        actor=request.user,
                        argument_map=argument_map,
                        document=document,
                        expected_version=argument_map.version,
                    )
        return argument_map

    def delete(self, request, stored, version):
        services.delete_map(actor=request.user, argument_map=stored, expected_version=version)
