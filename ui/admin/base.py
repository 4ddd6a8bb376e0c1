"""The admin as a door like REST and GraphQL: it reads through the access selectors and writes through services.

Each page declares which service creates, changes and deletes its rows; the
machinery here parses the form, authorises through ``argmap.selectors.access``,
calls the service with the version the form was opened at, and renders the
service's refusal on the form. A form with inlines is one history batch.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.db import models
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext

from argmap import services
from argmap.errors import DomainError, InvalidInput
from argmap.models import Change
from argmap.selectors.access import (
    ALLOWED,
    Action,
    authorize,
    authorize_review,
    is_superuser,
    member_workspace_ids,
    role_in,
    roles_of,
    visible_changes_for,
    visible_rows_for,
)
from argmap.services.history import recorded_write

AUDIT_FIELDS = ("version", "created_by", "created_at", "updated_by", "updated_at")
REVIEW_FIELDS = ("status", "status_reason")


class VersionedForm(forms.ModelForm):
    """Carries the version the form was opened at, which the service checks under a row lock.

    ``refusal`` is a service's refusal of the previous submission of this form,
    shown on the field it concerns (or above the form)."""

    opened_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    refusal: DomainError | None = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.instance._state.adding and hasattr(self.instance, "version"):
            self.fields["opened_version"].initial = self.instance.version

    def clean(self):
        cleaned = super().clean()
        if self.refusal is not None:
            field = self.refusal.field if isinstance(self.refusal.field, str) else None
            self.add_error(field if field in self.fields else None, self.refusal.message)
        return cleaned

    @property
    def opened_at(self) -> int | None:
        return None if self.instance._state.adding else self.cleaned_data.get("opened_version")


def allowed(user, action: Action, obj) -> bool:
    try:
        authorize(user, action, obj)
    except DomainError:
        return False
    return True


def may_review_in(user, workspace_id) -> bool:
    return role_in(user, workspace_id) in ALLOWED[Action.REVIEW]


def _any_role_may(user, action: Action) -> bool:
    return is_superuser(user) or any(role in ALLOWED[action] for role in roles_of(user).values())


def writable_choices(user, model):
    """Rows a form may point at: what the user can read, within the workspaces they belong to.

    Writing needs a role in the row's workspace, so public rows of other
    workspaces are not offered (the services refuse cross-workspace links too)."""
    rows = visible_rows_for(user, model)
    if is_superuser(user):
        return rows
    names = {f.attname for f in model._meta.concrete_fields}
    if model._meta.model_name == "workspace":
        return rows.filter(pk__in=member_workspace_ids(user))
    if "workspace_id" in names:
        return rows.filter(workspace_id__in=member_workspace_ids(user))
    return rows


class ScopedChoices:
    """Foreign-key and many-to-many pickers offer only rows the user may read and write to."""

    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if _is_domain_model(db_field.related_model):
            kwargs.setdefault("queryset", writable_choices(request.user, db_field.related_model))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if _is_domain_model(db_field.related_model):
            kwargs.setdefault("queryset", writable_choices(request.user, db_field.related_model))
        return super().formfield_for_manytomany(db_field, request, **kwargs)


def _is_domain_model(model) -> bool:
    return model._meta.app_label == "argmap"


class ScopedRelatedFilter(admin.RelatedOnlyFieldListFilter):
    """A list filter naming only the related rows that occur in what the user can read."""


def scoped_filters(*names: str) -> tuple:
    return tuple((name, ScopedRelatedFilter) for name in names)


class DomainAdmin(ScopedChoices, admin.ModelAdmin):
    """Permissions from workspace roles (the access selectors), rows from ``visible_*_for``, writes by services.

    Subclasses implement ``create(request, form)``, ``update(request, stored, changes, version)``
    and ``delete(request, stored, version)`` by calling one service each; a page
    without them is read-only. ``set_on_creation`` names the fields that say
    where a row lives (workspace, map, statement): chosen when it is created,
    never moved afterwards (no service moves a row between maps).
    """

    form = VersionedForm
    edit_action = Action.EDIT
    create_action = Action.CREATE
    set_on_creation: tuple[str, ...] = ()
    reviewable = False
    readonly_fields = AUDIT_FIELDS

    # ---------------------------------------------------------------- reads

    def get_queryset(self, request):
        rows = visible_rows_for(request.user, self.model)
        ordering = self.get_ordering(request)
        return rows.order_by(*ordering) if ordering else rows

    def history_view(self, request, object_id, extra_context=None):
        """The object's recorded changes (argmap's history, read through the selectors), each revertible."""
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        changes = (
            visible_changes_for(request.user)
            .filter(entity=obj._meta.model_name, entity_id=str(obj.pk))
            .select_related("actor")
            .order_by("-id")[:200]
        )
        context = {
            **self.admin_site.each_context(request),
            "title": gettext("History: %(object)s") % {"object": obj},
            "subtitle": None,
            "object": obj,
            "opts": self.opts,
            "rows": [{"change": change, "diff": change_diff(change)} for change in changes],
            "revert_url": reverse("admin:argmap_revert_batch_form"),
            **(extra_context or {}),
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, "admin/argmap/object_history.html", context)

    # ---------------------------------------------------------------- permissions

    def writes(self) -> bool:
        return type(self).create is not DomainAdmin.create

    def _member(self, request) -> bool:
        user = request.user
        return bool(user.is_active and user.is_staff and (is_superuser(user) or roles_of(user)))

    def has_module_permission(self, request):
        return self._member(request)

    def has_view_permission(self, request, obj=None):
        return self._member(request)

    def has_add_permission(self, request):
        return self._member(request) and self.writes() and _any_role_may(request.user, self.create_action)

    def may_edit(self, request, obj) -> bool:
        return self.writes() and allowed(request.user, self.edit_action, obj)

    def may_review(self, request, obj) -> bool:
        return self.reviewable and may_review_in(request.user, obj.workspace_id)

    def has_change_permission(self, request, obj=None):
        if not self._member(request) or not self.writes():
            return False
        if obj is None:
            return _any_role_may(request.user, self.edit_action) or (
                self.reviewable and _any_role_may(request.user, Action.REVIEW)
            )
        return self.may_edit(request, obj) or self.may_review(request, obj)

    def has_delete_permission(self, request, obj=None):
        if not self._member(request) or not self.writes():
            return False
        if obj is None:
            return _any_role_may(request.user, self.edit_action)
        return self.may_edit(request, obj)

    # ---------------------------------------------------------------- forms

    def get_fields(self, request, obj=None):
        fields = list(super().get_fields(request, obj))
        if obj is None:
            return [f for f in fields if f not in REVIEW_FIELDS and f not in AUDIT_FIELDS]
        extra = [f for f in self.get_readonly_fields(request, obj) if f not in fields]
        return [*fields, *extra, "opened_version"]

    def get_readonly_fields(self, request, obj=None):
        fixed = list(super().get_readonly_fields(request, obj))
        if obj is None:
            return fixed
        fixed += [f for f in self.set_on_creation if f not in fixed]
        if self.reviewable and not self.may_review(request, obj):
            fixed += [f for f in REVIEW_FIELDS if f not in fixed]
        if not self.may_edit(request, obj):
            content = [f for f in (self.fields or ()) if f not in REVIEW_FIELDS]
            fixed += [f for f in content if f not in fixed]
        return fixed

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        refusal = getattr(request, "argmap_refusal", None)
        if refusal is None:
            return form
        return type(form.__name__, (form,), {"refusal": refusal})

    # ---------------------------------------------------------------- writes

    def create(self, request, form):
        raise NotImplementedError

    def update(self, request, stored, changes: dict, version: int | None):
        raise NotImplementedError

    def delete(self, request, stored, version: int | None):
        raise NotImplementedError

    def authorize(self, request, action: Action, obj) -> None:
        authorize(request.user, action, obj)

    def save_model(self, request, obj, form, change):
        if not change:
            adopt(obj, self.create(request, form))
            return
        stored = self.get_queryset(request).get(pk=obj.pk)
        editable = set(form.changed_data) - {"opened_version"} - set(self.get_readonly_fields(request, stored))
        review = {name: form.cleaned_data[name] for name in REVIEW_FIELDS if name in editable}
        content = {name: form.cleaned_data[name] for name in editable if name not in REVIEW_FIELDS}
        result, version = stored, form.opened_at
        if content:
            self.authorize(request, self.edit_action, stored)
            result = self.update(request, stored, content, version)
            version = result.version
        if review:
            status = review.get("status", stored.status)
            authorize_review(request.user, stored, status)
            result = services.set_review_status(
                actor=request.user,
                node=result,
                status=status,
                reason=review.get("status_reason", ""),
                expected_version=version,
            )
        adopt(obj, result)

    def save_related(self, request, form, formsets, change):
        """Many-to-many fields are part of ``create``/``update`` (the services record them); inlines row by row."""
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)

    def save_formset(self, request, form, formset, change):
        """Each changed row of an inline through the inline's service; the formset's lists
        (new, changed, deleted) are filled as ``formset.save`` would, for the admin's log."""
        inline = next(i for i in self.get_inline_instances(request, form.instance) if i.model is formset.model)
        formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
        for row in formset.deleted_forms:
            if not row.instance._state.adding:
                stored = inline.get_queryset(request).get(pk=row.instance.pk)
                self.authorize(request, inline.parent_action, stored)
                inline.delete(request, stored, row.opened_at)
                formset.deleted_objects.append(stored)
        for row in formset.forms:
            if row in formset.deleted_forms or not row.has_changed():
                continue
            if not row.instance._state.adding:
                stored = inline.get_queryset(request).get(pk=row.instance.pk)
                changes = {name: row.cleaned_data[name] for name in row.changed_data if name != "opened_version"}
                self.authorize(request, inline.parent_action, stored)
                adopt(row.instance, inline.update(request, stored, changes, row.opened_at))
                formset.changed_objects.append((row.instance, list(changes)))
            else:
                self.authorize(request, inline.create_action, inline.container(form.instance))
                adopt(row.instance, inline.create(request, form.instance, row))
                formset.new_objects.append(row.instance)

    def delete_model(self, request, obj):
        self.authorize(request, self.edit_action, obj)
        self.delete(request, obj, obj.version)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            self.delete_model(request, obj)

    def get_deleted_objects(self, objs, request):
        """What the confirmation page lists: the chosen rows only, never the cascade, which may
        include rows the user cannot read (another annotator's hidden draft); the service
        removes what depends on them and records each row."""
        rows = [format_html("{}: {}", self.opts.verbose_name, obj) for obj in objs]
        refused = {str(self.opts.verbose_name) for obj in objs if not self.has_delete_permission(request, obj)}
        return rows, {self.opts.verbose_name_plural: len(rows)}, refused, []

    # ---------------------------------------------------------------- one batch per submission

    def _batch(self, request, what: str):
        return recorded_write(actor=request.user, summary=f"admin: {what} {self.opts.model_name}")

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        if request.method != "POST":
            return super().changeform_view(request, object_id, form_url, extra_context)
        try:
            with self._batch(request, "save"):
                return super().changeform_view(request, object_id, form_url, extra_context)
        except DomainError as exc:
            request.argmap_refusal = exc
            return super().changeform_view(request, object_id, form_url, extra_context)

    def delete_view(self, request, object_id, extra_context=None):
        if request.method != "POST":
            return super().delete_view(request, object_id, extra_context)
        try:
            with self._batch(request, "delete"):
                return super().delete_view(request, object_id, extra_context)
        except DomainError as exc:
            self.message_user(request, gettext("Not deleted: %(reason)s") % {"reason": exc.message}, messages.ERROR)
            return HttpResponseRedirect(request.path)

    def changelist_view(self, request, extra_context=None):
        if request.method != "POST":
            return super().changelist_view(request, extra_context)
        try:
            with self._batch(request, "bulk change"):
                return super().changelist_view(request, extra_context)
        except DomainError as exc:
            self.message_user(request, gettext("Nothing changed: %(reason)s") % {"reason": exc.message}, messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())


class ReadOnlyAdmin(DomainAdmin):
    """Rows written elsewhere (the annotation screen, reference data): listed and shown, never edited here."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class DomainInline(ScopedChoices, admin.TabularInline):
    """Rows of a parent page, read through the selectors and written by the inline's services.

    ``create(request, parent, form)``, ``update(request, stored, changes, version)``,
    ``delete(request, stored, version)``; without them, rows are shown read-only."""

    form = VersionedForm
    extra = 0
    parent_action = Action.EDIT
    create_action = Action.CREATE

    def container(self, parent):
        """What a new row is created in, for the permission check: the parent's map, else the parent."""
        return parent.map if getattr(parent, "map_id", None) else parent

    def get_queryset(self, request):
        return visible_rows_for(request.user, self.model)

    def get_fields(self, request, obj=None):
        return [*super().get_fields(request, obj), "opened_version"]

    def writes(self) -> bool:
        return type(self).create is not DomainInline.create

    def may_write(self, request, obj) -> bool:
        if not self.writes():
            return False
        if obj is None:
            return _any_role_may(request.user, self.parent_action)
        return allowed(request.user, self.parent_action, obj)

    def has_view_permission(self, request, obj=None):
        return bool(request.user.is_staff and (is_superuser(request.user) or roles_of(request.user)))

    def has_add_permission(self, request, obj=None):
        return self.may_write(request, obj)

    def has_change_permission(self, request, obj=None):
        return self.may_write(request, obj) and type(self).update is not DomainInline.update

    def has_delete_permission(self, request, obj=None):
        return self.may_write(request, obj) and type(self).delete is not DomainInline.delete

    def create(self, request, parent, form):
        raise NotImplementedError

    def update(self, request, stored, changes: dict, version: int | None):
        raise NotImplementedError

    def delete(self, request, stored, version: int | None):
        raise NotImplementedError


def adopt(obj, result) -> None:
    """Make the admin's in-memory object the row the service wrote (for the admin's log and redirect)."""
    if result is None or result is obj:
        return
    for field in obj._meta.concrete_fields:
        setattr(obj, field.attname, getattr(result, field.attname))
    obj._state.adding = False
    obj._state.db = result._state.db


def change_diff(change: Change) -> list[tuple[str, object, object]]:
    """The fields one recorded change set, with their values before and after."""
    before, after = change.before or {}, change.after or {}
    return [
        (name, before.get(name), after.get(name))
        for name in sorted(set(before) | set(after))
        if before.get(name) != after.get(name) and name not in {"version", "updated_by_id"}
    ]


def only(changes: dict, *names: str) -> dict:
    """Refuse a change to a field that no service changes (e.g. what a row belongs to)."""
    fixed = sorted(set(changes) - set(names))
    if fixed:
        raise InvalidInput(f"{', '.join(fixed)} cannot be changed once created.", field=fixed[0])
    return changes
