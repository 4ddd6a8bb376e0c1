"""The admin page of a pipeline's evaluation against the team: renders the selector's result, nothing more."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext, gettext_lazy

from argmap.errors import DomainError, NotFound
from argmap.selectors.access import Action, authorize, visible_maps_for
from argmap.selectors.pipeline_evaluation import evaluated_pipelines, pipeline_evaluation

from .interchange import _is_uuid

PARTS = (
    ("spans", gettext_lazy("Spans")),
    ("labelled_spans", gettext_lazy("Spans with their kind")),
    ("relations", gettext_lazy("Relations")),
)
CRITERION_NAMES = (("exact", gettext_lazy("exact")), ("overlap", gettext_lazy("overlap")))
#: The selector's definitions (English, marked with ``gettext_noop``) shown in the reader's language.
DEFINITIONS = ("gold", "predictions", "overlap")


def pipeline_evaluation_view(model_admin, request, map_id):
    argument_map = visible_maps_for(request.user).filter(pk=map_id).first() if _is_uuid(map_id) else None
    try:
        if argument_map is None:
            raise NotFound("No such map.")
        authorize(request.user, Action.SEE_SUGGESTIONS, argument_map)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect(reverse("admin:argmap_argumentmap_changelist"))
    names = evaluated_pipelines(argument_map=argument_map)
    chosen = (request.GET.get("pipeline") or "").strip() or (names[0] if names else "")
    version = (request.GET.get("version") or "").strip() or None
    result = (
        pipeline_evaluation(argument_map=argument_map, pipeline=chosen, version=version, user=request.user)
        if chosen
        else None
    )
    rows = []
    for evaluated in (result or {}).get("versions", []):
        for part, title in PARTS:
            for criterion, name in CRITERION_NAMES:
                rows.append(
                    {
                        "version": evaluated["version"],
                        "part": str(title),
                        "criterion": criterion,
                        "criterion_name": str(name),
                        **evaluated[part][criterion],
                    }
                )
    if result:
        result = {**result, **{key: gettext(result[key]) for key in DEFINITIONS}}
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.model._meta,
        "title": gettext("Pipeline evaluation: %(name)s") % {"name": argument_map.name},
        "argument_map": argument_map,
        "pipelines": names,
        "chosen": chosen,
        "version": version or "",
        "result": result,
        "rows": rows,
    }
    return TemplateResponse(request, "admin/argmap/pipeline_evaluation.html", context)
