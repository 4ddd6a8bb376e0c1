"""Suggestions in the admin: provenance on the statement and scheme application lists, accept/dismiss actions
(through the services, like the annotation screen's keys), and read-only pages of pipelines and decisions."""

from __future__ import annotations

from collections import defaultdict

from django.contrib import admin, messages
from django.utils.translation import gettext, gettext_lazy

from argmap.models import ArgumentMap, Pipeline, SuggestionDecision
from argmap.selectors.access import Action, authorize
from argmap.services.suggestions import accept_suggestions, dismiss_suggestions

from .base import ReadOnlyAdmin, scoped_filters

#: Read-only on a node's page: who or what predicted it, and how sure it was.
PROVENANCE_FIELDS = ("pipeline", "confidence")


class SuggestionActions:
    """List actions on suggested nodes: accept (they become your drafts) or dismiss, per map, all or nothing."""

    @admin.action(description=gettext_lazy("Accept the selected suggestions (they become your drafts)"))
    def accept_suggestions(self, request, queryset):
        self._take_up(request, queryset, accept_suggestions, gettext("%(count)d suggestion(s) accepted."))

    @admin.action(description=gettext_lazy("Dismiss the selected suggestions"))
    def dismiss_suggestions(self, request, queryset):
        self._take_up(request, queryset, dismiss_suggestions, gettext("%(count)d suggestion(s) dismissed."))

    def _take_up(self, request, queryset, decide, done: str) -> None:
        by_map = defaultdict(list)
        for map_id, pk in queryset.values_list("map_id", "pk"):
            by_map[map_id].append(str(pk))
        count = 0
        for argument_map in ArgumentMap.objects.filter(pk__in=by_map).order_by("pk"):
            authorize(request.user, Action.TAKE_UP, argument_map)
            result = decide(actor=request.user, argument_map=argument_map, node_ids=by_map[argument_map.pk])
            count += len(result.statements) + len(result.scheme_applications)
        self.message_user(request, done % {"count": count}, messages.SUCCESS)


@admin.register(Pipeline)
class PipelineAdmin(ReadOnlyAdmin):
    list_display = ("name", "version", "account", "workspace", "created_at")
    list_filter = ("name", *scoped_filters("workspace"))
    search_fields = ("name", "version")
    readonly_fields = ("workspace", "name", "version", "parameters", "account", "created_at")
    fields = readonly_fields


@admin.register(SuggestionDecision)
class SuggestionDecisionAdmin(ReadOnlyAdmin):
    list_display = ("outcome", "node_type", "node_id", "pipeline", "map", "created_by", "created_at")
    list_filter = ("outcome", "node_type", *scoped_filters("pipeline", "map"))
    readonly_fields = (
        "outcome",
        "node_type",
        "node_id",
        "pipeline",
        "map",
        "document",
        "start",
        "end",
        "prediction",
        "created_by",
        "created_at",
    )
    fields = readonly_fields
    list_select_related = ("pipeline", "map", "created_by")
