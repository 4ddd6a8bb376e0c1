"""What the annotation screen writes (comments, assessments, answers to critical questions, blind
annotation) and the recorded history: listed and shown here, written on the screen and through REST."""

from __future__ import annotations

from django.contrib import admin, messages

from argmap import services
from argmap.errors import DomainError, NotFound
from argmap.models import Assessment, Change, Comment, CriticalQuestionAnswer, IndependentAnnotation
from argmap.selectors.access import UNKNOWN_CHANGE, authorize_revert

from .base import ReadOnlyAdmin, scoped_filters


@admin.register(Comment)
class CommentAdmin(ReadOnlyAdmin):
    fields = ("map", "statement", "application", "body")
    list_display = ("body", "statement", "application", "created_by", "created_at")
    list_filter = scoped_filters("map")
    search_fields = ("body",)


@admin.register(Assessment)
class AssessmentAdmin(ReadOnlyAdmin):
    fields = ("map", "statement", "application", "assessor", "agreement", "strength")
    list_display = ("assessor", "agreement", "strength", "statement", "application", "updated_at")
    list_filter = ("agreement", "strength", *scoped_filters("map"))


@admin.register(CriticalQuestionAnswer)
class CriticalQuestionAnswerAdmin(ReadOnlyAdmin):
    fields = ("map", "application", "question", "answered", "answer", "note")
    list_display = ("application", "question", "answered", "answer")
    list_filter = ("answered", *scoped_filters("map"))


@admin.register(IndependentAnnotation)
class IndependentAnnotationAdmin(ReadOnlyAdmin):
    fields = ("map", "active", "note")
    list_display = ("map", "active", "created_by", "created_at")
    list_filter = ("active",)


@admin.register(Change)
class ChangeAdmin(ReadOnlyAdmin):
    list_display = ("at", "actor", "action", "entity", "entity_id", "summary")
    list_filter = ("action", "entity")
    search_fields = ("entity_id", "summary")
    readonly_fields = [f.name for f in Change._meta.fields]
    actions = ["revert"]

    def get_actions(self, request):
        actions = super().get_actions(request)
        if self.has_module_permission(request):
            actions.setdefault("revert", (ChangeAdmin.revert, "revert", ChangeAdmin.revert.short_description))
        return actions

    @admin.action(description="Revert the selected changes' batches")
    def revert(self, request, queryset):
        for batch in sorted({c.batch for c in queryset}, key=str):
            first = self.get_queryset(request).filter(batch=batch).order_by("id").first()
            try:
                if first is None:
                    raise NotFound(UNKNOWN_CHANGE)
                authorize_revert(request.user, workspace_id=first.workspace_id, actor_id=first.actor_id)
                services.revert_batch(actor=request.user, batch=batch)
            except DomainError as exc:
                self.message_user(request, f"{batch}: {exc.message}", messages.ERROR)
            else:
                self.message_user(request, f"Reverted {batch}.")
