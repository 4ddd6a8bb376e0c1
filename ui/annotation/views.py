"""The annotation screen's pages and JSON endpoints, inside the admin.

Thin: parse, look the objects up through the access selectors, authorise,
call one service, render. Every refusal is a 4xx with a message and writes
nothing; the screen shows the message.
"""

from __future__ import annotations

import functools
import json
import uuid

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST

from argmap import services
from argmap.selectors.agreement import agreement_report
from argmap.errors import DomainError, InvalidInput, NotFound
from argmap.interchange.exports import export_map
from argmap.models import (
    Change,
    CriticalQuestion,
    IndependentAnnotation,
    ReviewStatus,
    Role,
    Scheme,
    SchemeApplication,
    SchemeType,
    Statement,
    StatementKind,
)
from argmap.selectors import annotation as selectors
from argmap.selectors.access import (
    ALLOWED,
    Action,
    authorize,
    authorize_revert,
    authorize_review,
    role_in,
    visible_documents_for,
    visible_maps_for,
    visible_scheme_applications_for,
    visible_sources_for,
    visible_statements_for,
)
from argmap.services import annotation as annotation_services

# ---------------------------------------------------------------- helpers


def json_endpoint(view):
    """Parse a JSON body into ``request.data``; render domain refusals as JSON 4xx, never a 500."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method == "POST":
            try:
                request.data = json.loads(request.body or b"{}")
            except (ValueError, UnicodeDecodeError):
                return _error(InvalidInput("The request body is not valid JSON."))
            if not isinstance(request.data, dict):
                return _error(InvalidInput("The request body must be a JSON object."))
        try:
            return view(request, *args, **kwargs)
        except DomainError as exc:
            return _error(exc)
        except ValidationError as exc:
            return _error(InvalidInput(" ".join(exc.messages)))

    return wrapper


def _error(exc: DomainError) -> JsonResponse:
    return JsonResponse(
        {"error": exc.message, "code": exc.code, "rule": exc.rule, "field": exc.field, "detail": exc.detail},
        status=exc.status,
    )


def _uuid(value, field: str) -> uuid.UUID:
    try:
        return uuid.UUID(str(value))
    except (ValueError, TypeError, AttributeError):
        raise InvalidInput(f"{field} must be an id.", field=field) from None


def _int(value, field: str, *, optional: bool = False) -> int | None:
    if value in (None, "") and optional:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidInput(f"{field} must be a whole number.", field=field)
    return value


def _str(data: dict, field: str, default: str = "") -> str:
    value = data.get(field, default)
    if value is None:
        return default
    if not isinstance(value, str):
        raise InvalidInput(f"{field} must be text.", field=field)
    return value


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


def _application(user, argument_map, value, field: str = "application") -> SchemeApplication:
    application = (
        visible_scheme_applications_for(user)
        .filter(map=argument_map, pk=_uuid(value, field))
        .select_related("map")
        .first()
    )
    if application is None:
        raise NotFound(f"{field}: no such scheme application in this map.", field=field)
    return application


def _node(user, argument_map, data: dict):
    family = data.get("family")
    if family == "statement":
        return _statement(user, argument_map, data.get("id"), "id")
    if family == "application":
        return _application(user, argument_map, data.get("id"), "id")
    raise InvalidInput("family must be statement or application.", field="family")


def _version(data: dict, node) -> int:
    version = data.get("version")
    if version is None:
        raise InvalidInput("Say which version you edited (version).", field="version")
    return _int(version, "version")


def _permissions(user, argument_map) -> dict:
    role = role_in(user, argument_map.workspace_id)
    return {
        "role": role,
        "user_id": user.pk,
        "username": user.get_username(),
        "create": role in ALLOWED[Action.CREATE],
        "review": role in ALLOWED[Action.REVIEW],
        "discuss": role in ALLOWED[Action.DISCUSS],
        "manage": role in ALLOWED[Action.MANAGE_MAPS],
        "own_work_only": role == Role.ANNOTATOR,
    }


def _ok(payload: dict | None = None, status: int = 200) -> JsonResponse:
    return JsonResponse({"ok": True, **(payload or {})}, status=status, json_dumps_params={"ensure_ascii": False})


# ---------------------------------------------------------------- pages


def annotation_index(request, admin_site):
    """The maps and documents the user can annotate or read."""
    maps = visible_maps_for(request.user).select_related("workspace").prefetch_related("documents").order_by("name")
    rows = [
        {
            "map": m,
            "role": role_in(request.user, m.workspace_id),
            "documents": [
                {"document": d, "url": reverse("admin:argmap_annotate", args=[m.pk, d.pk])} for d in m.documents.all()
            ],
            "queue_url": reverse("admin:argmap_review_queue") + f"?map={m.pk}",
        }
        for m in maps
    ]
    context = {**admin_site.each_context(request), "is_nav_sidebar_enabled": False, "title": "Annotate", "rows": rows}
    return TemplateResponse(request, "admin/argmap/annotation_index.html", context)


def annotation_screen(request, admin_site, map_id, document_id):
    try:
        argument_map = _map(request.user, map_id)
        document = _document(request.user, argument_map, document_id)
    except NotFound:
        return TemplateResponse(
            request,
            "admin/argmap/not_found.html",
            {**admin_site.each_context(request), "is_nav_sidebar_enabled": False, "title": "Not found"},
            status=404,
        )
    urls = {
        "state": reverse("admin:argmap_annotation_state", args=[argument_map.pk, document.pk]),
        "passages": reverse("admin:argmap_annotation_passages", args=[argument_map.pk, document.pk]),
        "picture": reverse("admin:argmap_map_picture", args=[argument_map.pk]),
        "node": reverse("admin:argmap_annotation_node", args=[argument_map.pk]),
        "statement": reverse("admin:argmap_annotation_statement", args=[argument_map.pk]),
        "delete": reverse("admin:argmap_annotation_delete", args=[argument_map.pk]),
        "arguments": reverse("admin:argmap_annotation_arguments", args=[argument_map.pk]),
        "attacks": reverse("admin:argmap_annotation_attacks", args=[argument_map.pk]),
        "evidence": reverse("admin:argmap_annotation_evidence", args=[argument_map.pk]),
        "critical_questions": reverse("admin:argmap_annotation_critical_questions", args=[argument_map.pk]),
        "comments": reverse("admin:argmap_annotation_comments", args=[argument_map.pk]),
        "assessments": reverse("admin:argmap_annotation_assessments", args=[argument_map.pk]),
        "review": reverse("admin:argmap_annotation_review", args=[argument_map.pk]),
        "revert": reverse("admin:argmap_revert_batch"),
        "queue": reverse("admin:argmap_review_queue") + f"?map={argument_map.pk}",
        "agreement": reverse("admin:argmap_agreement", args=[argument_map.pk, document.pk]),
    }
    context = {
        **admin_site.each_context(request),
        "is_nav_sidebar_enabled": False,
        "title": f"Annotate: {document.title}",
        "argument_map": argument_map,
        "document": document,
        "boot": {
            "text": document.text,
            "language": document.language,
            "map": {"id": str(argument_map.pk), "name": argument_map.name},
            "document": {"id": str(document.pk), "title": document.title},
            "kinds": list(StatementKind.values),
            "urls": urls,
            "permissions": _permissions(request.user, argument_map),
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
    if request.method == "POST":
        _review_from_form(request)
        return redirect(request.get_full_path())
    queue = selectors.review_queue(request.user, map_filter)
    rejected = list(
        visible_statements_for(request.user)
        .filter(status=ReviewStatus.REJECTED, created_by=request.user)
        .values("id", "text", "kind", "status_reason", "map__name", "updated_by__username")
    )
    context = {
        **admin_site.each_context(request),
        "is_nav_sidebar_enabled": False,
        "title": "Review queue",
        "queue": queue,
        "map_filter": map_filter,
        "rejected": rejected,
        "annotate_index": reverse("admin:argmap_annotation_index"),
    }
    return TemplateResponse(request, "admin/argmap/review_queue.html", context)


def _review_from_form(request) -> None:
    status = request.POST.get("status", "")
    reason = request.POST.get("reason", "")
    picked = request.POST.getlist("node")
    if not picked:
        messages.error(request, "Select at least one item.")
        return
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
    else:
        messages.success(request, f"{len(nodes)} item(s) now {status}.")


def agreement_view(request, admin_site, map_id, document_id):
    """Inter-annotator agreement on one document, the disagreements, and the curator's merge."""
    try:
        argument_map = _map(request.user, map_id)
        document = _document(request.user, argument_map, document_id)
        authorize(request.user, Action.READ, argument_map)
    except DomainError:
        return TemplateResponse(
            request,
            "admin/argmap/not_found.html",
            {**admin_site.each_context(request), "is_nav_sidebar_enabled": False, "title": "Not found"},
            status=404,
        )
    permissions = _permissions(request.user, argument_map)
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
        "title": f"Agreement: {document.title}",
        "argument_map": argument_map,
        "document": document,
        "report": report,
        "disagreements": [{"type": d["type"], "spans": [show(s) for s in d["spans"]]} for d in report["disagreements"]],
        "agreed": [{"spans": [show(s) for s in a["spans"]]} for a in report["agreed"]],
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
                messages.success(request, "Independent annotation started: annotators now work blind.")
            else:
                blind = IndependentAnnotation.objects.filter(map=argument_map).first()
                if blind is None:
                    raise NotFound("This map is not annotated blind.")
                annotation_services.end_independent_annotation(
                    actor=request.user, independent_annotation=blind, expected_version=blind.version
                )
                messages.success(request, "Independent annotation ended: every layer is visible again.")
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
        messages.success(request, f"Merged: {counts['accepted']} accepted, {counts['rejected']} rejected.")
    except DomainError as exc:
        messages.error(request, exc.message)


def _form_nodes(request, argument_map, field: str) -> list:
    nodes = []
    for value in request.POST.getlist(field):
        node_id, _, version = value.partition(":")
        node = _statement(request.user, argument_map, node_id, field)
        nodes.append((node, int(version) if version.isdigit() else None))
    return nodes


# ---------------------------------------------------------------- JSON: reads


@require_GET
@json_endpoint
def state(request, map_id, document_id):
    argument_map = _map(request.user, map_id)
    document = _document(request.user, argument_map, document_id)
    payload = selectors.annotation_state(request.user, argument_map, document)
    payload.pop("visible_application_ids")
    payload["permissions"] = _permissions(request.user, argument_map)
    return JsonResponse(payload, json_dumps_params={"ensure_ascii": False})


@require_GET
@json_endpoint
def node_detail(request, map_id):
    argument_map = _map(request.user, map_id)
    node = _node(request.user, argument_map, request.GET)
    return JsonResponse(selectors.node_detail(request.user, node), json_dumps_params={"ensure_ascii": False})


@require_GET
def map_picture(request, map_id):
    """The interchange package's SVG of the map as this user sees it, with grounded evaluation labels.

    The screen adds review status and selection to it (classes on ``[data-id]``)."""
    try:
        argument_map = _map(request.user, map_id)
        picture = export_map(argument_map=argument_map, format="svg", semantics="grounded", user=request.user)
    except DomainError as exc:
        return HttpResponse(exc.message, status=exc.status, content_type="text/plain; charset=utf-8")
    return HttpResponse(picture.content, content_type=picture.content_type)


# ---------------------------------------------------------------- JSON: writes


@require_POST
@json_endpoint
def create_passage(request, map_id, document_id):
    """Selected text + a kind → a statement anchored on exactly those code points."""
    argument_map = _map(request.user, map_id)
    document = _document(request.user, argument_map, document_id)
    authorize(request.user, Action.CREATE, argument_map)
    data = request.data
    statement, anchor = annotation_services.annotate_passage(
        actor=request.user,
        argument_map=argument_map,
        document=document,
        kind=_str(data, "kind"),
        exact=_str(data, "exact"),
        start=_int(data.get("start"), "start"),
        end=_int(data.get("end"), "end"),
        text=_str(data, "text"),
        gloss=_str(data, "gloss"),
    )
    return _ok({"statement": str(statement.pk), "anchor": str(anchor.pk)}, status=201)


@require_POST
@json_endpoint
def update_statement(request, map_id):
    argument_map = _map(request.user, map_id)
    statement = _statement(request.user, argument_map, request.data.get("id"), "id")
    authorize(request.user, Action.EDIT, statement)
    changes = {name: _str(request.data, name) for name in ("text", "gloss", "kind") if name in request.data}
    updated = services.update_statement(
        actor=request.user, statement=statement, expected_version=_version(request.data, statement), **changes
    )
    return _ok({"version": updated.version})


@require_POST
@json_endpoint
def delete_node(request, map_id):
    argument_map = _map(request.user, map_id)
    node = _node(request.user, argument_map, request.data)
    authorize(request.user, Action.EDIT, node)
    if isinstance(node, Statement):
        counts = services.delete_statement(
            actor=request.user, statement=node, expected_version=_version(request.data, node)
        )
    else:
        counts = services.delete_scheme_application(
            actor=request.user, application=node, expected_version=_version(request.data, node)
        )
    return _ok({"removed": counts})


@require_POST
@json_endpoint
def create_argument(request, map_id):
    """A support: premises → inference (with an optional scheme) → conclusion."""
    argument_map = _map(request.user, map_id)
    authorize(request.user, Action.CREATE, argument_map)
    conclusion = _statement(request.user, argument_map, request.data.get("conclusion"), "conclusion")
    premise_ids = request.data.get("premises")
    if not isinstance(premise_ids, list) or not premise_ids:
        raise InvalidInput("Choose at least one premise.", field="premises")
    premises = [_statement(request.user, argument_map, value, "premises") for value in premise_ids]
    scheme = None
    if request.data.get("scheme"):
        scheme = Scheme.objects.filter(key=_str(request.data, "scheme")).first()
        if scheme is None:
            raise InvalidInput("Unknown scheme.", field="scheme")
    inference = services.create_argument(
        actor=request.user, premises=premises, conclusion=conclusion, scheme=scheme, note=_str(request.data, "note")
    )
    return _ok({"application": str(inference.pk)}, status=201)


@require_POST
@json_endpoint
def create_attack(request, map_id):
    """An attack: attacker → conflict → a statement (rebut/undermine) or an inference (undercut)."""
    argument_map = _map(request.user, map_id)
    authorize(request.user, Action.CREATE, argument_map)
    attacker = _statement(request.user, argument_map, request.data.get("attacker"), "attacker")
    if request.data.get("target_family") == "application":
        target = _application(request.user, argument_map, request.data.get("target"), "target")
        if target.type != SchemeType.INFERENCE:
            raise InvalidInput("An undercut targets an inference.", field="target")
    else:
        target = _statement(request.user, argument_map, request.data.get("target"), "target")
    conflict = services.create_attack(
        actor=request.user, attacker=attacker, target=target, note=_str(request.data, "note")
    )
    return _ok({"application": str(conflict.pk)}, status=201)


@require_POST
@json_endpoint
def create_evidence(request, map_id):
    """Link a statement to a source (an existing one, or a new one by title), in one transaction."""
    argument_map = _map(request.user, map_id)
    authorize(request.user, Action.CREATE, argument_map)
    statement = _statement(request.user, argument_map, request.data.get("statement"))
    with transaction.atomic():
        if request.data.get("source"):
            source = (
                visible_sources_for(request.user)
                .filter(workspace_id=argument_map.workspace_id, pk=_uuid(request.data.get("source"), "source"))
                .first()
            )
            if source is None:
                raise NotFound("source: no such source in this workspace.", field="source")
        else:
            source = services.create_source(
                actor=request.user,
                workspace=argument_map.workspace,
                title=_str(request.data, "source_title"),
                url=_str(request.data, "source_url"),
            )
        link = services.create_evidence_link(
            actor=request.user,
            statement=statement,
            source=source,
            locator=_str(request.data, "locator"),
            quote=_str(request.data, "quote"),
        )
    return _ok({"evidence_link": str(link.pk), "source": str(source.pk)}, status=201)


@require_POST
@json_endpoint
def answer_critical_question(request, map_id):
    argument_map = _map(request.user, map_id)
    authorize(request.user, Action.CREATE, argument_map)
    application = _application(request.user, argument_map, request.data.get("application"))
    question = CriticalQuestion.objects.filter(pk=_uuid(request.data.get("question"), "question")).first()
    if question is None:
        raise NotFound("question: no such critical question.", field="question")
    answer = None
    if request.data.get("answer"):
        answer = _statement(request.user, argument_map, request.data.get("answer"), "answer")
    answered = request.data.get("answered")
    if not isinstance(answered, bool):
        raise InvalidInput("answered must be true or false.", field="answered")
    row = annotation_services.answer_critical_question(
        actor=request.user,
        application=application,
        question=question,
        answered=answered,
        answer=answer,
        note=_str(request.data, "note"),
    )
    return _ok({"answered": row.answered})


@require_POST
@json_endpoint
def add_comment(request, map_id):
    argument_map = _map(request.user, map_id)
    node = _node(request.user, argument_map, request.data)
    authorize(request.user, Action.DISCUSS, node)
    comment = annotation_services.add_comment(actor=request.user, node=node, body=_str(request.data, "body"))
    return _ok({"comment": str(comment.pk)}, status=201)


@require_POST
@json_endpoint
def assess(request, map_id):
    argument_map = _map(request.user, map_id)
    node = _node(request.user, argument_map, request.data)
    authorize(request.user, Action.DISCUSS, node)
    row = annotation_services.assess(
        actor=request.user,
        node=node,
        agreement=_str(request.data, "agreement"),
        strength=_int(request.data.get("strength"), "strength", optional=True),
    )
    return _ok({"agreement": row.agreement, "strength": row.strength})


@require_POST
@json_endpoint
def review(request, map_id):
    """Propose (authors), accept or reject (reviewers) one node or many; all or none change."""
    argument_map = _map(request.user, map_id)
    status = _str(request.data, "status")
    items = request.data.get("nodes")
    if not isinstance(items, list) or not items:
        raise InvalidInput("Choose at least one node.", field="nodes")
    nodes = []
    for item in items:
        if not isinstance(item, dict):
            raise InvalidInput("Each node is {family, id, version}.", field="nodes")
        node = _node(request.user, argument_map, item)
        authorize_review(request.user, node, status)
        nodes.append((node, _version(item, node)))
    reviewed = services.review_nodes(
        actor=request.user, nodes=nodes, status=status, reason=_str(request.data, "reason")
    )
    return _ok({"reviewed": len(reviewed)})


def _revert(user, batch_value) -> uuid.UUID:
    batch = _uuid(batch_value, "batch")
    first = Change.objects.filter(batch=batch).values("workspace_id", "actor_id").first()
    if first is None:
        raise NotFound("No such change.")
    authorize_revert(user, workspace_id=first["workspace_id"], actor_id=first["actor_id"])
    return services.revert_batch(actor=user, batch=batch)


@require_POST
@json_endpoint
def revert(request):
    """Undo one recorded batch (the foundation's history service)."""
    return _ok({"batch": str(_revert(request.user, request.data.get("batch")))})


@require_POST
def revert_from_form(request):
    """The admin history pages' revert button: undo, then back to where the user was."""
    try:
        _revert(request.user, request.POST.get("batch"))
    except DomainError as exc:
        messages.error(request, f"Not reverted: {exc.message}")
    else:
        messages.success(request, "Reverted.")
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = reverse("admin:index")
    return redirect(target)
