"""The annotation screen's pages inside the admin: the screen itself, the index, the review queue,
the agreement page and the history pages' revert button.

The screen reads and writes through the public REST API (``/api/v1/``, session
authentication with CSRF), so its errors, permissions and validation are the
API's; these views only render pages and handle the pages' own forms. Thin:
look the objects up through the access selectors, authorise, call one service,
render.
"""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.http import QueryDict
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from argmap import services
from argmap.errors import DomainError, InvalidInput, NotFound
from argmap.models import IndependentAnnotation, ReviewStatus, Statement, StatementKind
from argmap.selectors import annotation as selectors
from argmap.selectors.access import (
    Action,
    authorize,
    authorize_revert_batch,
    authorize_review,
    permissions_in,
    role_in,
    visible_documents_for,
    visible_maps_for,
    visible_scheme_applications_for,
    visible_statements_for,
)
from argmap.selectors.agreement import agreement_report, layers_in_text
from argmap.services import annotation as annotation_services

# ---------------------------------------------------------------- helpers


def _uuid(value, field: str) -> uuid.UUID:
    try:
        return uuid.UUID(str(value))
    except (ValueError, TypeError, AttributeError):
        raise InvalidInput(f"{field} must be an id.", field=field) from None


def _map(user, map_id):
    argument_map = visible_maps_for(user).filter(pk=map_id).first()
    if argument_map is None:
        raise NotFound("Not found.")
    return argument_map


def _document(user, argument_map, document_id):
    document = visible_documents_for(user).filter(pk=document_id, maps=argument_map).first()
    if document is None:
        raise NotFound("That document is not part of this map.")
    return document


def _statement(user, argument_map, value, field: str = "statement") -> Statement:
    statement = visible_statements_for(user).filter(map=argument_map, pk=_uuid(value, field)).first()
    if statement is None:
        raise NotFound(f"{field}: no such statement in this map.", field=field)
    return statement


def _not_found(request, admin_site) -> TemplateResponse:
    return TemplateResponse(
        request,
        "admin/argmap/not_found.html",
        {**admin_site.each_context(request), "is_nav_sidebar_enabled": False, "title": gettext("Not found")},
        status=404,
    )


def _api(name: str, *args, query: dict | None = None) -> str:
    url = reverse(f"rest:{name}", args=args)
    if query:
        params = QueryDict(mutable=True)
        params.update(query)
        url += "?" + params.urlencode()
    return url


# ---------------------------------------------------------------- pages


def annotation_rows(user) -> list[dict]:
    """The maps the user can annotate or read, with a link per document: their way into the work."""
    maps = visible_maps_for(user).select_related("workspace").prefetch_related("documents").order_by("name")
    return [
        {
            "map": m,
            "role": role_in(user, m.workspace_id),
            "documents": [
                {"document": d, "url": reverse("admin:argmap_annotate", args=[m.pk, d.pk])} for d in m.documents.all()
            ],
            "queue_url": reverse("admin:argmap_review_queue") + f"?map={m.pk}",
        }
        for m in maps
    ]


def annotation_index(request, admin_site):
    """The maps and documents the user can annotate or read."""
    rows = annotation_rows(request.user)
    context = {
        **admin_site.each_context(request),
        "is_nav_sidebar_enabled": False,
        "title": gettext("Annotate"),
        "rows": rows,
    }
    return TemplateResponse(request, "admin/argmap/annotation_index.html", context)


def annotation_screen(request, admin_site, map_id, document_id):
    try:
        argument_map = _map(request.user, map_id)
        document = _document(request.user, argument_map, document_id)
    except NotFound:
        return _not_found(request, admin_site)
    m = argument_map.pk
    urls = {
        "api": _api("root"),
        "state": _api("map-annotation", m, query={"document": str(document.pk)}),
        "passages": _api("map-passages", m),
        "picture": _api("map-export", m, query={"format": "svg", "semantics": "grounded"}),
        "layout": _api("map-layout", m),
        "evaluation": _api("map-evaluation", m, query={"semantics": "grounded"}),
        "arguments": _api("map-arguments", m),
        "attacks": _api("map-attacks", m),
        "reviews": _api("reviews"),
        "deleted": _api("map-deleted", m),
        "changes": _api("map-changes", m),
        "events": _api("map-events", m),
        "queue": reverse("admin:argmap_review_queue") + f"?map={m}",
        "agreement": reverse("admin:argmap_agreement", args=[m, document.pk]),
    }
    context = {
        **admin_site.each_context(request),
        "is_nav_sidebar_enabled": False,
        "title": gettext("Annotate: %(title)s") % {"title": document.title},
        "argument_map": argument_map,
        "document": document,
        "boot": {
            "text": document.text,
            "language": document.language,
            "map": {"id": str(argument_map.pk), "name": argument_map.name},
            "document": {"id": str(document.pk), "title": document.title},
            "kinds": list(StatementKind.values),
            "urls": urls,
        },
    }
    return TemplateResponse(request, "admin/argmap/annotate.html", context)


def review_queue(request, admin_site):
    """Proposed statements and inferences awaiting review, with bulk accept/reject."""
    map_filter = None
    if request.GET.get("map"):
        try:
            map_filter = _map(request.user, _uuid(request.GET["map"], "map"))
        except DomainError:
            map_filter = None
    ticked: set[str] = set()
    status_code = 200
    if request.method == "POST":
        if _review_from_form(request):
            return redirect(request.get_full_path())
        # kept by node, not version: a node edited meanwhile stays ticked, now at the version shown
        ticked, status_code = {value.rpartition(":")[0] for value in request.POST.getlist("node")}, 400
    queue = selectors.review_in_context(request.user, selectors.review_queue(request.user, map_filter))
    for family, rows in (("statement", queue["statements"]), ("application", queue["applications"])):
        for row in rows:
            row["value"] = f"{family}:{row['id']}:{row['version']}"
            row["ticked"] = f"{family}:{row['id']}" in ticked
    rejected = list(
        visible_statements_for(request.user)
        .filter(status=ReviewStatus.REJECTED, created_by=request.user)
        .values("id", "text", "kind", "status_reason", "map__name", "updated_by__username")
    )
    context = {
        **admin_site.each_context(request),
        "is_nav_sidebar_enabled": False,
        "title": gettext("Review queue"),
        "queue": queue,
        "map_filter": map_filter,
        "rejected": rejected,
        "annotate_index": reverse("admin:argmap_annotation_index"),
        "reason": request.POST.get("reason", "") if status_code == 400 else "",
    }
    return TemplateResponse(request, "admin/argmap/review_queue.html", context, status=status_code)


def _review_from_form(request) -> bool:
    """Review the ticked nodes (or the one whose own Accept/Reject was pressed: ``one`` = "status node");
    False, with the refusal as a message, when nothing was written."""
    status = request.POST.get("status", "")
    reason = request.POST.get("reason", "")
    picked = request.POST.getlist("node")
    if request.POST.get("one"):
        status, _, one = request.POST["one"].partition(" ")
        picked = [one]
    if not picked:
        messages.error(request, gettext("Select at least one item."))
        return False
    try:
        nodes = []
        for value in picked:
            family, _, rest = value.partition(":")
            node_id, _, version = rest.partition(":")
            reader = visible_statements_for if family == "statement" else visible_scheme_applications_for
            node = reader(request.user).filter(pk=_uuid(node_id, "node")).select_related("map").first()
            if node is None:
                raise NotFound("One of the selected items no longer exists.")
            authorize_review(request.user, node, status)
            nodes.append((node, int(version) if version.isdigit() else None))
        services.review_nodes(actor=request.user, nodes=nodes, status=status, reason=reason)
    except DomainError as exc:
        messages.error(request, exc.message)
        return False
    messages.success(
        request,
        gettext("%(count)d item(s) now %(status)s.") % {"count": len(nodes), "status": gettext(status)},
    )
    return True


def agreement_view(request, admin_site, map_id, document_id):
    """Inter-annotator agreement on one document, the disagreements, and the curator's merge."""
    try:
        argument_map = _map(request.user, map_id)
        document = _document(request.user, argument_map, document_id)
        authorize(request.user, Action.READ, argument_map)
    except DomainError:
        return _not_found(request, admin_site)
    permissions = permissions_in(request.user, argument_map.workspace_id)
    if request.method == "POST":
        _agreement_post(request, argument_map)
        return redirect(request.get_full_path())
    layers = selectors.annotator_layers(request.user, argument_map, document)
    report = agreement_report(layers, len(document.text))
    points = document.text
    statuses = dict(visible_statements_for(request.user).filter(map=argument_map).values_list("id", "status"))
    versions = dict(visible_statements_for(request.user).filter(map=argument_map).values_list("id", "version"))

    def show(span):
        node = uuid.UUID(span.node_id)
        return {
            "annotator": span.annotator,
            "kind": span.kind,
            "start": span.start,
            "end": span.end,
            "text": points[span.start : span.end],
            "node_id": span.node_id,
            "status": statuses.get(node, ""),
            "version": versions.get(node),
        }

    context = {
        **admin_site.each_context(request),
        "is_nav_sidebar_enabled": False,
        "title": gettext("Agreement: %(title)s") % {"title": document.title},
        "argument_map": argument_map,
        "document": document,
        "report": report,
        "disagreements": [{"type": d["type"], "spans": [show(s) for s in d["spans"]]} for d in report["disagreements"]],
        "agreed": [{"spans": [show(s) for s in a["spans"]]} for a in report["agreed"]],
        "layers_in_text": layers_in_text(layers, points) if len(layers) >= 2 else [],
        "permissions": permissions,
        "blind": IndependentAnnotation.objects.filter(map=argument_map).first(),
        "screen_url": reverse("admin:argmap_annotate", args=[argument_map.pk, document.pk]),
    }
    return TemplateResponse(request, "admin/argmap/agreement.html", context)


def _agreement_post(request, argument_map) -> None:
    action = request.POST.get("action")
    try:
        if action in ("start_blind", "end_blind"):
            authorize(request.user, Action.MANAGE_MAPS, argument_map)
            if action == "start_blind":
                annotation_services.start_independent_annotation(actor=request.user, argument_map=argument_map)
                messages.success(request, gettext("Independent annotation started: annotators now work blind."))
            else:
                blind = IndependentAnnotation.objects.filter(map=argument_map).first()
                if blind is None:
                    raise NotFound("This map is not annotated blind.")
                annotation_services.end_independent_annotation(
                    actor=request.user, independent_annotation=blind, expected_version=blind.version
                )
                messages.success(request, gettext("Independent annotation ended: every layer is visible again."))
            return
        keep = _form_nodes(request, argument_map, "keep")
        discard = _form_nodes(request, argument_map, "discard")
        for node, _version in keep:
            authorize_review(request.user, node, ReviewStatus.ACCEPTED)
        for node, _version in discard:
            authorize_review(request.user, node, ReviewStatus.REJECTED)
        counts = annotation_services.merge_layers(
            actor=request.user, keep=keep, discard=discard, reason=request.POST.get("reason", "")
        )
        messages.success(
            request,
            gettext("Merged: %(accepted)d accepted, %(rejected)d rejected.")
            % {"accepted": counts["accepted"], "rejected": counts["rejected"]},
        )
    except DomainError as exc:
        messages.error(request, exc.message)


def _form_nodes(request, argument_map, field: str) -> list:
    nodes = []
    for value in request.POST.getlist(field):
        node_id, _, version = value.partition(":")
        node = _statement(request.user, argument_map, node_id, field)
        nodes.append((node, int(version) if version.isdigit() else None))
    return nodes


# ---------------------------------------------------------------- the history pages' revert button


@require_POST
def revert_from_form(request):
    """The admin history pages' revert button: undo one recorded write, then back to where the user was.

    (The annotation screen reverts through REST: ``POST /api/v1/changes/{batch}/revert/``.)"""
    try:
        batch = _uuid(request.POST.get("batch"), "batch")
        authorize_revert_batch(request.user, batch)
        services.revert_batch(actor=request.user, batch=batch)
    except DomainError as exc:
        messages.error(request, gettext("Not reverted: %(reason)s") % {"reason": exc.message})
    else:
        messages.success(request, gettext("Reverted."))
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = reverse("admin:index")
    return redirect(target)
