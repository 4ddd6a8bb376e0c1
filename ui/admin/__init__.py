"""The Django admin, for analysts. Every save goes through the history recorder
and refuses a stale form (someone saved the object since it was opened)."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join

from argmap import services
from ui.admin.interchange import evaluation_view, export_actions, import_view
from ui.annotation.urls import annotation_urls
from argmap.errors import DomainError, NotFound
from argmap.models import (
    Anchor,
    ArgumentMap,
    Assessment,
    Change,
    Comment,
    CriticalQuestion,
    CriticalQuestionAnswer,
    Document,
    Edge,
    EvidenceLink,
    IndependentAnnotation,
    Membership,
    Scheme,
    SchemeApplication,
    Source,
    Statement,
    Tag,
    Workspace,
)
from argmap.selectors.access import (
    ALLOWED,
    Action,
    authorize,
    authorize_revert,
    is_superuser,
    member_workspace_ids,
    roles_of,
)
from argmap.services.anchors import locate_anchor
from argmap.services.history import recorded_write, snapshot, stamp
from argmap.services.structure import _check_edge
from argmap.text import normalise_document_text, text_sha256

AUDIT_FIELDS = ("version", "created_by", "created_at", "updated_by", "updated_at")


class VersionCheckedForm(forms.ModelForm):
    """Carries the version the form was opened at; a save against a newer row is refused."""

    opened_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and hasattr(self.instance, "version"):
            self.fields["opened_version"].initial = self.instance.version

    def clean(self):
        cleaned = super().clean()
        opened = cleaned.get("opened_version")
        if self.instance.pk and opened is not None:
            current = type(self.instance).objects.filter(pk=self.instance.pk).values_list("version", flat=True).first()
            if current is not None and current != opened:
                raise ValidationError(
                    f"Someone saved this since you opened it (version {current}, you opened {opened}). "
                    "Reload the page and apply your change again."
                )
        return cleaned


def _allowed(user, action: Action, obj) -> bool:
    try:
        authorize(user, action, obj)
    except DomainError:
        return False
    return True


class MemberChoices:
    """Foreign-key choices limited to the user's workspaces (superusers see all)."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if field is not None and not is_superuser(request.user) and hasattr(field, "queryset"):
            field.queryset = _in_member_workspaces(field.queryset, request.user)
        return field


class WorkspaceRoleAdmin(MemberChoices, admin.ModelAdmin):
    """Admin permissions from workspace roles (the access selectors), not Django's per-model permissions.

    Staff members see and change the rows of their own workspaces as their
    role allows; superusers everything. ``edit_action`` / ``create_action``
    name the access rule that changing or adding a row of this model needs.
    """

    edit_action = Action.EDIT
    create_action = Action.CREATE
    superuser_only_writes = False

    def _member(self, request) -> bool:
        return bool(request.user.is_active and request.user.is_staff and roles_of(request.user))

    def _any_role_may(self, request, action: Action) -> bool:
        return any(role in ALLOWED[action] for role in roles_of(request.user).values())

    def has_module_permission(self, request):
        return is_superuser(request.user) or self._member(request)

    def has_view_permission(self, request, obj=None):
        if is_superuser(request.user):
            return True
        if not self._member(request):
            return False
        return obj is None or self.superuser_only_writes or _allowed(request.user, Action.READ, obj)

    def has_add_permission(self, request, obj=None):
        if is_superuser(request.user):
            return True
        return (
            self._member(request) and not self.superuser_only_writes and self._any_role_may(request, self.create_action)
        )

    def has_change_permission(self, request, obj=None):
        if is_superuser(request.user):
            return True
        if not self._member(request) or self.superuser_only_writes:
            return False
        if obj is None:
            return self._any_role_may(request, self.edit_action)
        return _allowed(request.user, self.edit_action, obj)

    def has_delete_permission(self, request, obj=None):
        return self.has_change_permission(request, obj)

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if is_superuser(request.user) or self.superuser_only_writes:
            return queryset
        return _in_member_workspaces(queryset, request.user)

    def authorize_save(self, request, obj, change: bool) -> None:
        """Refuse (403) a save the user's role does not allow, before anything is written."""
        if is_superuser(request.user):
            return
        try:
            if change:
                authorize(request.user, self.edit_action, type(obj).objects.get(pk=obj.pk))
            else:
                authorize(request.user, self.create_action, _container_of(obj))
        except DomainError as exc:
            raise PermissionDenied(exc.message) from None


def _in_member_workspaces(queryset, user):
    model = queryset.model
    workspace_ids = member_workspace_ids(user)
    if model is Workspace:
        return queryset.filter(pk__in=workspace_ids)
    if any(f.attname == "workspace_id" for f in model._meta.concrete_fields):
        return queryset.filter(workspace_id__in=workspace_ids)
    return queryset


def _container_of(obj):
    """What a new row is created in: its map when it has one, else its workspace."""
    if getattr(obj, "map_id", None):
        return obj.map
    if getattr(obj, "workspace_id", None):
        return obj.workspace
    raise NotFound("Choose the workspace or map this belongs to.")


class RoleInline(MemberChoices, admin.TabularInline):
    """An inline whose permissions follow the parent object's workspace role."""

    parent_action = Action.EDIT

    def has_view_permission(self, request, obj=None):
        return is_superuser(request.user) or bool(request.user.is_staff and roles_of(request.user))

    def _may(self, request, obj) -> bool:
        if is_superuser(request.user):
            return True
        if obj is None:
            return any(role in ALLOWED[self.parent_action] for role in roles_of(request.user).values())
        return _allowed(request.user, self.parent_action, obj)

    def has_add_permission(self, request, obj=None):
        return self._may(request, obj)

    def has_change_permission(self, request, obj=None):
        return self._may(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self._may(request, obj)


class RecordedAdmin(WorkspaceRoleAdmin):
    form = VersionCheckedForm
    readonly_fields = AUDIT_FIELDS

    def save_model(self, request, obj, form, change):
        self.authorize_save(request, obj, change)
        with recorded_write(actor=request.user, summary=f"admin: save {obj._meta.model_name}") as log:
            self._save_recorded(log, request, obj, change)

    def _save_recorded(self, log, request, obj, change):
        if change:
            before = snapshot(type(obj).objects.get(pk=obj.pk))
            if hasattr(obj, "version"):
                obj.version = before["version"] + 1
            stamp(obj, request.user)
            obj.save()
            log.updated(obj, before)
        else:
            stamp(obj, request.user, creating=True)
            obj.save()
            log.created(obj)

    def delete_model(self, request, obj):
        with recorded_write(actor=request.user, summary=f"admin: delete {obj._meta.model_name}") as log:
            log.deleted(obj)
            obj.delete()

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            self.delete_model(request, obj)

    def history_view(self, request, object_id, extra_context=None):
        """The object's recorded changes (argmap's own history, not the admin log), each revertible."""
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        if not self.has_view_or_change_permission(request, obj):
            raise PermissionDenied
        changes = (
            Change.objects.filter(entity=obj._meta.model_name, entity_id=str(obj.pk))
            .select_related("actor")
            .order_by("-id")[:200]
        )
        context = {
            **self.admin_site.each_context(request),
            "title": f"History: {obj}",
            "subtitle": None,
            "object": obj,
            "opts": self.opts,
            "rows": [{"change": change, "diff": change_diff(change)} for change in changes],
            "revert_url": reverse("admin:argmap_revert_batch_form"),
            **(extra_context or {}),
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, "admin/argmap/object_history.html", context)


def change_diff(change: Change) -> list[tuple[str, object, object]]:
    """The fields one recorded change set, with their values before and after."""
    before, after = change.before or {}, change.after or {}
    return [
        (name, before.get(name), after.get(name))
        for name in sorted(set(before) | set(after))
        if before.get(name) != after.get(name) and name not in {"version", "updated_by_id"}
    ]

    def save_formset(self, request, form, formset, change):
        with recorded_write(actor=request.user, summary="admin: save inline") as log:
            instances = formset.save(commit=False)
            for obj in formset.deleted_objects:
                log.deleted(obj)
                obj.delete()
            for obj in instances:
                self._save_recorded(log, request, obj, bool(obj.pk and not obj._state.adding))
            formset.save_m2m()


class MembershipInline(RoleInline):
    parent_action = Action.MANAGE_MEMBERS
    model = Membership
    extra = 0
    fields = ("user", "role")
    autocomplete_fields = ("user",)


@admin.register(Workspace)
class WorkspaceAdmin(RecordedAdmin):
    edit_action = Action.MANAGE_MEMBERS

    def has_add_permission(self, request, obj=None):
        return is_superuser(request.user)

    list_display = ("name", "slug", "updated_at")
    search_fields = ("name", "slug")
    prepopulated_fields = {"slug": ("name",)}
    inlines = [MembershipInline]


@admin.register(Membership)
class MembershipAdmin(RecordedAdmin):
    edit_action = Action.MANAGE_MEMBERS
    create_action = Action.MANAGE_MEMBERS
    list_display = ("user", "workspace", "role")
    list_filter = ("role", "workspace")
    search_fields = ("user__username", "workspace__name")


class DocumentForm(VersionCheckedForm):
    def clean_text(self):
        text = normalise_document_text(self.cleaned_data["text"])
        if self.instance.pk and self.instance.text != text and self.instance.anchors.exists():
            raise ValidationError(
                "This document has anchors: revise its text with the revise_document_text service, which re-finds them."
            )
        return text


@admin.register(Document)
class DocumentAdmin(RecordedAdmin):
    edit_action = Action.MANAGE_MAPS
    create_action = Action.MANAGE_MAPS
    form = DocumentForm
    list_display = ("title", "language", "published_on", "workspace", "sha256")
    list_filter = ("language", "workspace")
    search_fields = ("title", "title_en", "key")
    readonly_fields = ("sha256", *AUDIT_FIELDS)

    def _save_recorded(self, log, request, obj, change):
        obj.sha256 = text_sha256(obj.text)
        super()._save_recorded(log, request, obj, change)


class StatementInline(RoleInline):
    parent_action = Action.CREATE
    model = Statement
    extra = 1
    fields = ("kind", "text", "gloss", "status", "implicit", "workspace")
    show_change_link = True


@admin.register(ArgumentMap)
class ArgumentMapAdmin(RecordedAdmin):
    edit_action = Action.MANAGE_MAPS
    create_action = Action.MANAGE_MAPS
    list_display = ("name", "workspace", "visibility", "updated_at", "annotate")
    list_filter = ("visibility", "workspace")
    search_fields = ("name", "description", "key")
    filter_horizontal = ("documents",)
    readonly_fields = (*AUDIT_FIELDS, "annotate")
    inlines = [StatementInline]

    actions = export_actions()
    change_list_template = "admin/argmap/argumentmap/change_list.html"

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
        ]
        return annotation_urls(self.admin_site) + own + super().get_urls()

    @admin.display(description="annotate")
    def annotate(self, obj):
        if not obj.pk:
            return "—"
        links = format_html_join(
            " · ",
            '<a href="{}">{}</a>',
            ((reverse("admin:argmap_annotate", args=[obj.pk, d.pk]), d.title) for d in obj.documents.all()),
        )
        evaluation = format_html('<a href="{}">evaluation</a>', reverse("admin:argmap_map_evaluation", args=[obj.pk]))
        return (
            format_html("{} · {}", links, evaluation)
            if links
            else format_html("attach a document to annotate · {}", evaluation)
        )

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("documents")

    def save_formset(self, request, form, formset, change):
        for inline_form in formset.forms:
            if inline_form.instance and not inline_form.instance.workspace_id:
                inline_form.instance.workspace_id = form.instance.workspace_id
        super().save_formset(request, form, formset, change)


class AnchorForm(VersionCheckedForm):
    def clean(self):
        cleaned = super().clean()
        document = cleaned.get("document")
        exact = cleaned.get("exact")
        if document and exact:
            try:
                start, end, prefix, suffix = locate_anchor(
                    document=document,
                    exact=exact,
                    start=cleaned.get("start"),
                    end=cleaned.get("end"),
                )
            except DomainError as exc:
                raise ValidationError(exc.message) from None
            cleaned.update(start=start, end=end)
            self.instance.prefix, self.instance.suffix = (
                cleaned.get("prefix") or prefix,
                cleaned.get("suffix") or suffix,
            )
        return cleaned


class AnchorInline(RoleInline):
    parent_action = Action.EDIT
    model = Anchor
    form = AnchorForm
    extra = 0
    fields = ("document", "exact", "start", "end", "status", "workspace", "map")


class EvidenceLinkInline(RoleInline):
    parent_action = Action.EDIT
    model = EvidenceLink
    extra = 0
    fields = ("source", "footnote", "locator", "quote", "workspace", "map")
    autocomplete_fields = ("source",)


@admin.register(Statement)
class StatementAdmin(RecordedAdmin):
    list_display = ("short_text", "kind", "status", "map", "implicit", "updated_by", "updated_at")
    list_filter = ("kind", "status", "implicit", "map", "tags")
    search_fields = ("text", "gloss", "key")
    filter_horizontal = ("tags",)
    inlines = [AnchorInline, EvidenceLinkInline]
    actions = ["mark_proposed"]

    @admin.display(description="text")
    def short_text(self, obj):
        return obj.text[:80]

    def delete_model(self, request, obj):
        services.delete_statement(actor=request.user, statement=obj, expected_version=obj.version)

    @admin.action(description="Propose the selected statements for review")
    def mark_proposed(self, request, queryset):
        try:
            services.review_nodes(actor=request.user, nodes=[(s, s.version) for s in queryset], status="proposed")
        except DomainError as exc:
            self.message_user(request, exc.message, messages.ERROR)


class EdgeForm(VersionCheckedForm):
    def clean(self):
        cleaned = super().clean()
        application = cleaned.get("application")
        if application and not self.instance.pk:
            try:
                _check_edge(
                    application, cleaned.get("role"), cleaned.get("statement"), cleaned.get("other_application")
                )
            except DomainError as exc:
                raise ValidationError(exc.message) from None
        return cleaned


class EdgeInline(RoleInline):
    parent_action = Action.EDIT
    model = Edge
    fk_name = "application"
    form = EdgeForm
    extra = 0
    fields = ("role", "statement", "other_application", "workspace", "map")
    autocomplete_fields = ("statement",)


@admin.register(SchemeApplication)
class SchemeApplicationAdmin(RecordedAdmin):
    list_display = ("__str__", "type", "scheme", "status", "map", "updated_at")
    list_filter = ("type", "status", "scheme", "map")
    search_fields = ("key", "note")
    inlines = [EdgeInline]

    def delete_model(self, request, obj):
        services.delete_scheme_application(actor=request.user, application=obj, expected_version=obj.version)


@admin.register(Edge)
class EdgeAdmin(RecordedAdmin):
    form = EdgeForm
    list_display = ("__str__", "role", "map")
    list_filter = ("role", "map")
    autocomplete_fields = ("statement",)


@admin.register(Anchor)
class AnchorAdmin(RecordedAdmin):
    form = AnchorForm
    list_display = ("statement", "document", "start", "end", "status")
    list_filter = ("status", "document")
    search_fields = ("exact",)


class CriticalQuestionInline(RoleInline):
    parent_action = Action.MANAGE_MEMBERS

    def _may(self, request, obj) -> bool:
        return is_superuser(request.user)

    model = CriticalQuestion
    extra = 0
    fields = ("position", "key", "text")


@admin.register(Scheme)
class SchemeAdmin(RecordedAdmin):
    superuser_only_writes = True
    list_display = ("name", "key", "applies_to")
    search_fields = ("name", "key", "description")
    inlines = [CriticalQuestionInline]


@admin.register(Source)
class SourceAdmin(RecordedAdmin):
    list_display = ("footnote", "title", "container", "published", "workspace")
    list_filter = ("workspace",)
    search_fields = ("title", "container", "citation", "key")


@admin.register(EvidenceLink)
class EvidenceLinkAdmin(RecordedAdmin):
    list_display = ("statement", "source", "footnote", "locator")
    list_filter = ("map",)
    autocomplete_fields = ("source", "statement")


@admin.register(Tag)
class TagAdmin(RecordedAdmin):
    list_display = ("slug", "label", "colour", "workspace")
    search_fields = ("slug", "label")


@admin.register(Change)
class ChangeAdmin(WorkspaceRoleAdmin):
    list_display = ("at", "actor", "action", "entity", "entity_id", "summary")
    list_filter = ("action", "entity")
    search_fields = ("entity_id", "summary")
    readonly_fields = [f.name for f in Change._meta.fields]
    actions = ["revert"]

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_actions(self, request):
        actions = super().get_actions(request)
        if self.has_module_permission(request):
            actions.setdefault("revert", (ChangeAdmin.revert, "revert", ChangeAdmin.revert.short_description))
        return actions

    @admin.action(description="Revert the selected changes' batches")
    def revert(self, request, queryset):
        for batch in sorted({c.batch for c in queryset}, key=str):
            first = Change.objects.filter(batch=batch).order_by("id").first()
            try:
                if not is_superuser(request.user):
                    authorize_revert(request.user, workspace_id=first.workspace_id, actor_id=first.actor_id)
                services.revert_batch(actor=request.user, batch=batch)
            except DomainError as exc:
                self.message_user(request, f"{batch}: {exc.message}", messages.ERROR)
            else:
                self.message_user(request, f"Reverted {batch}.")


class NodeScopedAdmin(RecordedAdmin):
    list_filter = ("map",)
    raw_id_fields = ("statement", "application")


@admin.register(Comment)
class CommentAdmin(NodeScopedAdmin):
    list_display = ("body", "statement", "application", "created_by", "created_at")
    search_fields = ("body",)


@admin.register(Assessment)
class AssessmentAdmin(NodeScopedAdmin):
    list_display = ("assessor", "agreement", "strength", "statement", "application", "updated_at")
    list_filter = ("agreement", "strength", "map")


@admin.register(CriticalQuestionAnswer)
class CriticalQuestionAnswerAdmin(RecordedAdmin):
    list_display = ("application", "question", "answered", "answer")
    list_filter = ("answered", "map")
    raw_id_fields = ("application", "answer")


@admin.register(IndependentAnnotation)
class IndependentAnnotationAdmin(RecordedAdmin):
    list_display = ("map", "active", "created_by", "created_at")
    list_filter = ("active",)
