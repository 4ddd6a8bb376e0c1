"""Admin pages for interchange and evaluation: export actions, an import form, an evaluation report.

Thin, like the APIs: authorise through the access selectors, call the
interchange/semantics functions, render.
"""

from __future__ import annotations

import io
import uuid
import zipfile

from django import forms
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse

from argmap.errors import DomainError
from argmap.interchange.exports import EXPORT_FORMATS, export_map
from argmap.interchange.imports import import_map
from argmap.interchange.safety import check_import_size
from argmap.models import Visibility, Workspace
from argmap.selectors.access import ALLOWED, Action, authorize, role_in, visible_maps_for, visible_statements_for
from argmap.semantics.evaluation import SEMANTICS, evaluate_map


def export_response(request, queryset, format: str) -> HttpResponse | None:
    """One map: the file itself; several: a zip of them."""
    exports = []
    for argument_map in queryset:
        try:
            authorize(request.user, Action.READ, argument_map)
            exports.append(export_map(argument_map=argument_map, format=format, user=request.user))
        except DomainError as exc:
            messages.error(request, f"{argument_map}: {exc.message}")
            return None
    if len(exports) == 1:
        response = HttpResponse(exports[0].content, content_type=exports[0].content_type)
        response["Content-Disposition"] = f'attachment; filename="{exports[0].filename}"'
        return response
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for n, export in enumerate(exports, start=1):
            archive.writestr(f"{n:03d}-{export.filename}", export.content)
    response = HttpResponse(buffer.getvalue(), content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="argmap-maps-{format}.zip"'
    return response


def export_actions() -> list:
    actions = []
    for format in EXPORT_FORMATS:

        def action(modeladmin, request, queryset, format=format):
            return export_response(request, queryset, format)

        action.__name__ = f"export_{format}"
        action.short_description = f"Export the selected maps as {format.upper()}"
        actions.append(action)
    return actions


class ImportForm(forms.Form):
    workspace = forms.ModelChoiceField(queryset=Workspace.objects.none())
    file = forms.FileField(help_text="AIF (AIFdb JSON), OVA (wrapped AIF) or Argdown")
    format = forms.ChoiceField(
        choices=[("", "detect from the file"), ("aif", "AIF"), ("ova", "OVA"), ("argdown", "Argdown")], required=False
    )
    name = forms.CharField(required=False, max_length=300, help_text="defaults to the file's title")
    visibility = forms.ChoiceField(choices=Visibility.choices, initial=Visibility.PRIVATE)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        allowed = ALLOWED[Action.MANAGE_MAPS]
        manageable = [w.pk for w in Workspace.objects.all() if role_in(user, w.pk) in allowed]
        self.fields["workspace"].queryset = Workspace.objects.filter(pk__in=manageable)


def import_view(model_admin, request):
    form = ImportForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            check_import_size(upload.size)
        except DomainError as exc:
            form.add_error("file", exc.message)
        else:
            try:
                authorize(request.user, Action.MANAGE_MAPS, form.cleaned_data["workspace"])
                argument_map, counts = import_map(
                    actor=request.user,
                    workspace=form.cleaned_data["workspace"],
                    raw=upload.read(),
                    format=form.cleaned_data["format"] or None,
                    name=form.cleaned_data["name"],
                    visibility=form.cleaned_data["visibility"],
                    filename=upload.name,
                )
            except DomainError as exc:
                form.add_error(None, exc.message)
            else:
                summary = ", ".join(f"{n} {kind}" for kind, n in counts.items() if n)
                messages.success(request, f"Imported {argument_map.name!r}: {summary}.")
                return redirect(reverse("admin:argmap_argumentmap_change", args=[argument_map.pk]))
    context = {
        **model_admin.admin_site.each_context(request),
        "form": form,
        "title": "Import a map",
        "opts": model_admin.model._meta,
    }
    return TemplateResponse(request, "admin/argmap/import_map.html", context)


def evaluation_view(model_admin, request, map_id):
    argument_map = visible_maps_for(request.user).filter(pk=map_id).first() if _is_uuid(map_id) else None
    semantics = request.GET.get("semantics", "grounded")
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.model._meta,
        "semantics_choices": SEMANTICS,
    }
    try:
        if argument_map is None:
            raise DomainError("Not found.")
        authorize(request.user, Action.READ, argument_map)
        result = evaluate_map(argument_map=argument_map, semantics=semantics, user=request.user)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect(reverse("admin:argmap_argumentmap_changelist"))
    statements = {
        str(s["id"]): s
        for s in visible_statements_for(request.user)
        .filter(pk__in=list(result["statements"]))
        .values("id", "key", "kind", "text", "gloss")
    }
    rows = sorted(
        ({**statements[sid], "label": label} for sid, label in result["statements"].items() if sid in statements),
        key=lambda row: ({"OUT": 0, "UNDEC": 1, "IN": 2}[row["label"]], row["key"] or row["text"]),
    )
    context.update(
        title=f"Evaluation of {argument_map.name}",
        argument_map=argument_map,
        semantics=semantics,
        result=result,
        rows=rows,
        diagnostics=result.get("diagnostics", {}),
    )
    return TemplateResponse(request, "admin/argmap/evaluation.html", context)


def _is_uuid(value: str) -> bool:
    try:
        uuid.UUID(str(value))
    except ValueError:
        return False
    return True
