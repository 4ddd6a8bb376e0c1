"""Suggestions from argument-mining pipelines: a batch written all or nothing, then taken up by people.

A pipeline (a machine agent at one model version, writing with its own service account) sends a batch of
predicted spans and relations for one document. Each becomes a node in the ``suggested`` status that
carries its pipeline and confidences; the batch is remembered by the client's key, so a retry writes
nothing and gets the first answer again. A person then accepts a suggestion (it becomes their
``draft``, provenance kept) or dismisses it (the node goes, the decision stays, and the same model
version never offers that span again). Every write here is recorded in history like any other.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from django.contrib.auth.models import AbstractBaseUser
from django.db import IntegrityError, transaction

from argmap.errors import InvalidInput, NotFound, RuleViolation
from argmap.models import (
    Anchor,
    AnchorStatus,
    ArgumentMap,
    Document,
    Edge,
    Outcome,
    Pipeline,
    ReviewStatus,
    SchemeApplication,
    SchemeType,
    Statement,
    StatementKind,
    SuggestionBatch,
    SuggestionDecision,
    Workspace,
)
from argmap.rules import STATEMENT, check_step, require_choice, require_text
from argmap.rules.schemes import scheme_by_key
from argmap.selectors.access import authorize_pipeline_writer, is_pipeline_account
from argmap.selectors.suggestions import dismissed_spans, pending_suggestions, prediction_of
from argmap.text import context_around

from ._common import apply_update, save_new
from .history import recorded_write
from .statements import delete_graph_nodes
from .structure import _add_edges

#: Relation types a pipeline predicts, and the scheme application each becomes.
RELATION_TYPES = {"support": SchemeType.INFERENCE, "attack": SchemeType.CONFLICT}
MAX_SPANS = 5000
MAX_RELATIONS = 10000


@dataclass
class SuggestionBatchResult:
    """What a batch wrote (``created``) or, for a retry, what its first call wrote (``created`` false)."""

    batch: SuggestionBatch
    statements: dict[str, str]
    scheme_applications: dict[str, str]
    skipped: list[dict]
    created: bool

    def as_dict(self) -> dict:
        return {
            "batch": str(self.batch.pk),
            "statements": self.statements,
            "scheme_applications": self.scheme_applications,
            "skipped": self.skipped,
        }


@dataclass
class DecisionResult:
    """The nodes one accept or dismiss took up."""

    outcome: str
    statements: list[str] = field(default_factory=list)
    scheme_applications: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {
            "outcome": self.outcome,
            "statements": self.statements,
            "scheme_applications": self.scheme_applications,
            "count": len(self.statements) + len(self.scheme_applications),
        }


def register_pipeline(
    *,
    actor: AbstractBaseUser | None,
    workspace: Workspace,
    name: str,
    version: str,
    account: AbstractBaseUser,
    parameters: Mapping | None = None,
) -> Pipeline:
    """Register a pipeline version for a service account (role ``pipeline``) of the workspace."""
    name = require_text(name, field="name").strip()
    version = require_text(version, field="version").strip()
    if parameters is not None and not isinstance(parameters, Mapping):
        raise InvalidInput("parameters must be a JSON object.", field="parameters")
    if not is_pipeline_account(account, workspace.pk):
        raise RuleViolation(
            "A pipeline writes with a service account that has the pipeline role in this workspace.",
            rule="pipeline_account",
            field="account",
        )
    with recorded_write(actor=actor, summary=f"register pipeline {name} {version}") as log:
        pipeline = Pipeline(
            workspace_id=workspace.pk, name=name, version=version, parameters=dict(parameters or {}), account=account
        )
        save_new(log, pipeline, actor)
    return pipeline


def write_suggestion_batch(
    *,
    actor: AbstractBaseUser,
    argument_map: ArgumentMap,
    document: Document,
    pipeline_name: str,
    pipeline_version: str,
    parameters: Mapping | None = None,
    key: str,
    spans: Sequence[Mapping],
    relations: Sequence[Mapping] = (),
) -> SuggestionBatchResult:
    """Write one pipeline batch for ``document``: every span and relation, or (one invalid) none.

    ``spans``: ``{"key", "kind", "start", "end", "confidence", "start_confidence", "end_confidence"}`` in
    code points; the statement's text is the document's text there. ``relations``: ``{"key", "type":
    "support"|"attack", "from", "to", "confidence", "scheme"?}`` whose ends are span keys of this batch
    or ids of statements already in the map. The same (pipeline, version, document, key) again writes
    nothing and returns the first answer; a span this version had dismissed, or already suggested, is
    skipped and said so.
    """
    key = require_text(key, field="key").strip()
    if len(key) > 200:
        raise InvalidInput("key must be at most 200 characters.", field="key")
    if not argument_map.documents.filter(pk=document.pk).exists():
        raise RuleViolation(
            "Attach the document to the map before suggesting annotations of it.",
            rule="anchor_document_in_map",
            field="document",
        )
    spans = _clean_spans(spans, document.text)
    relations = _clean_relations(relations)
    fingerprint = _fingerprint(spans, relations)
    with recorded_write(actor=actor, summary=f"suggestions {pipeline_name} {pipeline_version}: {key}") as log:
        pipeline = _pipeline_for(log, actor, argument_map.workspace, pipeline_name, pipeline_version, parameters)
        earlier = SuggestionBatch.objects.filter(
            pipeline=pipeline, map=argument_map, document=document, key=key
        ).first()
        if earlier is not None:
            if earlier.fingerprint != fingerprint:
                raise RuleViolation(
                    f"Batch key {key!r} was already used for different suggestions of this document; "
                    "send a new key for a new batch.",
                    rule="batch_key_reused",
                    field="key",
                )
            return _replayed(earlier)
        result = _write_nodes(log, actor, argument_map, document, pipeline, spans, relations)
        batch = SuggestionBatch(
            workspace_id=argument_map.workspace_id,
            pipeline=pipeline,
            map=argument_map,
            document=document,
            key=key,
            fingerprint=fingerprint,
            result={},
        )
        batch.result = {**result, "batch": str(batch.pk)}
        try:
            save_new(log, batch, actor)
        except RuleViolation:
            raise RuleViolation(
                "The same batch is being written by another call; retry it to read its answer.",
                rule="batch_in_flight",
                field="key",
            ) from None
    return SuggestionBatchResult(batch=batch, created=True, **result)


def _replayed(batch: SuggestionBatch) -> SuggestionBatchResult:
    result = batch.result
    return SuggestionBatchResult(
        batch=batch,
        statements=result["statements"],
        scheme_applications=result["scheme_applications"],
        skipped=result["skipped"],
        created=False,
    )


def _pipeline_for(log, actor, workspace, name, version, parameters) -> Pipeline:
    """The pipeline version, registered for ``actor`` on its first batch; locked, so retries of one batch
    run one after the other."""
    name = require_text(name, field="pipeline.name").strip()
    version = require_text(version, field="pipeline.version").strip()
    if len(name) > 120 or len(version) > 120:
        raise InvalidInput("A pipeline's name and version are at most 120 characters each.", field="pipeline")
    if parameters is not None and not isinstance(parameters, Mapping):
        raise InvalidInput("pipeline.parameters must be a JSON object.", field="pipeline.parameters")
    pipeline = Pipeline.objects.select_for_update().filter(workspace=workspace, name=name, version=version).first()
    if pipeline is None:
        if not is_pipeline_account(actor, workspace.pk):
            raise RuleViolation(
                "Only a pipeline's own service account writes its suggestions.", rule="pipeline_account"
            )
        pipeline = Pipeline(
            workspace_id=workspace.pk, name=name, version=version, parameters=dict(parameters or {}), account=actor
        )
        try:
            with transaction.atomic():
                save_new(log, pipeline, actor)
        except (RuleViolation, IntegrityError):
            pipeline = Pipeline.objects.select_for_update().get(workspace=workspace, name=name, version=version)
    authorize_pipeline_writer(actor, pipeline)
    return pipeline


def _write_nodes(log, actor, argument_map, document, pipeline, spans, relations) -> dict:
    statements: dict[str, Statement] = {}
    skipped: list[dict] = []
    dismissed = dismissed_spans(pipeline=pipeline, document=document)
    already = {
        (anchor.start, anchor.end): anchor.statement
        for anchor in Anchor.objects.filter(
            map=argument_map, document=document, statement__pipeline=pipeline
        ).select_related("statement")
    }
    reused: dict[str, Statement] = {}
    for span in spans:
        where = (span["start"], span["end"])
        if where in dismissed:
            skipped.append({"key": span["key"], "reason": "dismissed"})
            continue
        if where in already:
            skipped.append({"key": span["key"], "reason": "already_suggested"})
            reused[span["key"]] = already[where]
            continue
        statements[span["key"]] = _new_suggested_statement(log, actor, argument_map, document, pipeline, span)
    ends = _relation_ends(argument_map, relations, {**reused, **statements}, {span["key"] for span in spans})
    applications: dict[str, SchemeApplication] = {}
    for relation in relations:
        missing = [end for end in ("from", "to") if ends.get(relation[end]) is None]
        if missing:
            skipped.append({"key": relation["key"], "reason": "endpoint_skipped"})
            continue
        applications[relation["key"]] = _new_suggested_relation(
            log, actor, argument_map, pipeline, relation, ends[relation["from"]], ends[relation["to"]]
        )
    return {
        "statements": {k: str(s.pk) for k, s in statements.items()},
        "scheme_applications": {k: str(a.pk) for k, a in applications.items()},
        "skipped": skipped,
    }


def _new_suggested_statement(log, actor, argument_map, document, pipeline, span) -> Statement:
    exact = document.text[span["start"] : span["end"]]
    statement = Statement(
        workspace_id=argument_map.workspace_id,
        map=argument_map,
        kind=span["kind"],
        text=exact,
        status=ReviewStatus.SUGGESTED,
        pipeline=pipeline,
        confidence=span["confidence"],
    )
    save_new(log, statement, actor, tags=[])
    prefix, suffix = context_around(document.text, span["start"], span["end"])
    anchor = Anchor(
        workspace_id=argument_map.workspace_id,
        map=argument_map,
        statement=statement,
        document=document,
        exact=exact,
        prefix=prefix[-64:],
        suffix=suffix[:64],
        start=span["start"],
        end=span["end"],
        status=AnchorStatus.ANCHORED,
        start_confidence=span["start_confidence"],
        end_confidence=span["end_confidence"],
    )
    save_new(log, anchor, actor)
    return statement


def _relation_ends(argument_map, relations, by_key: Mapping[str, Statement], span_keys: set) -> dict:
    """Each relation end: a statement of this batch (by span key), or an existing statement of the map
    (by id); ``None`` for a span this batch skipped."""
    ids = {r[end] for r in relations for end in ("from", "to") if r[end] not in by_key}
    existing = {str(s.pk): s for s in Statement.objects.filter(map=argument_map, pk__in=_uuids(ids))}
    ends: dict = {}
    for index, relation in enumerate(relations):
        for end in ("from", "to"):
            ref = relation[end]
            if ref in by_key:
                ends[ref] = by_key[ref]
            elif ref in existing:
                ends[ref] = existing[ref]
            elif ref not in span_keys:
                raise InvalidInput(
                    f"relations[{index}].{end}: {ref!r} is neither a span key of this batch nor a statement of this map.",
                    field=f"relations[{index}].{end}",
                )
    return ends


def _new_suggested_relation(log, actor, argument_map, pipeline, relation, source, target) -> SchemeApplication:
    kind = RELATION_TYPES[relation["type"]]
    check_step(kind, [(source.pk, STATEMENT)], (target.pk, STATEMENT), field=f"relations.{relation['key']}")
    application = SchemeApplication(
        workspace_id=argument_map.workspace_id,
        map=argument_map,
        type=kind,
        scheme=relation["scheme"],
        status=ReviewStatus.SUGGESTED,
        pipeline=pipeline,
        confidence=relation["confidence"],
    )
    save_new(log, application, actor, tags=[])
    _add_edges(log, actor, application, antecedents=[source], consequent=target)
    return application


def _clean_spans(spans: object, text: str) -> list[dict]:
    if not isinstance(spans, (list, tuple)):
        raise InvalidInput("spans must be a list.", field="spans")
    if len(spans) > MAX_SPANS:
        raise InvalidInput(f"A batch holds at most {MAX_SPANS} spans.", field="spans")
    cleaned, keys = [], set()
    for index, span in enumerate(spans):
        where = f"spans[{index}]"
        if not isinstance(span, Mapping):
            raise InvalidInput(f"{where} must be an object.", field=where)
        span_key = _key(span.get("key"), f"{where}.key")
        if span_key in keys:
            raise InvalidInput(f"{where}.key {span_key!r} is used twice in this batch.", field=f"{where}.key")
        keys.add(span_key)
        start, end = span.get("start"), span.get("end")
        if not all(isinstance(v, int) and not isinstance(v, bool) for v in (start, end)) or not (
            0 <= start < end <= len(text)
        ):
            raise InvalidInput(
                f"{where}: start and end must be code-point offsets with 0 ≤ start < end ≤ {len(text)}.",
                field=f"{where}.start",
                rule="anchor_within_text",
            )
        if not text[start:end].strip():
            raise InvalidInput(f"{where} selects only white space.", field=f"{where}.start")
        cleaned.append(
            {
                "key": span_key,
                "kind": require_choice(span.get("kind"), StatementKind, field=f"{where}.kind"),
                "start": start,
                "end": end,
                "confidence": _confidence(span.get("confidence"), f"{where}.confidence"),
                "start_confidence": _confidence(span.get("start_confidence"), f"{where}.start_confidence"),
                "end_confidence": _confidence(span.get("end_confidence"), f"{where}.end_confidence"),
            }
        )
    return cleaned


def _clean_relations(relations: object) -> list[dict]:
    if not isinstance(relations, (list, tuple)):
        raise InvalidInput("relations must be a list.", field="relations")
    if len(relations) > MAX_RELATIONS:
        raise InvalidInput(f"A batch holds at most {MAX_RELATIONS} relations.", field="relations")
    cleaned, keys = [], set()
    for index, relation in enumerate(relations):
        where = f"relations[{index}]"
        if not isinstance(relation, Mapping):
            raise InvalidInput(f"{where} must be an object.", field=where)
        relation_key = _key(relation.get("key"), f"{where}.key")
        if relation_key in keys:
            raise InvalidInput(f"{where}.key {relation_key!r} is used twice in this batch.", field=f"{where}.key")
        keys.add(relation_key)
        if relation.get("type") not in RELATION_TYPES:
            raise InvalidInput(f"{where}.type must be support or attack.", field=f"{where}.type")
        ends = {end: _key(relation.get(end), f"{where}.{end}") for end in ("from", "to")}
        if ends["from"] == ends["to"]:
            raise InvalidInput(f"{where} joins a statement to itself.", field=f"{where}.to")
        scheme = scheme_by_key(relation.get("scheme"), field=f"{where}.scheme")
        if scheme is not None and relation["type"] != "support":
            raise InvalidInput(
                f"{where}: a scheme names the kind of a support, not of an attack.", field=f"{where}.scheme"
            )
        cleaned.append(
            {
                "key": relation_key,
                "type": relation["type"],
                **ends,
                "confidence": _confidence(relation.get("confidence"), f"{where}.confidence"),
                "scheme": scheme,
            }
        )
    return cleaned


def _key(value: object, where: str) -> str:
    if not isinstance(value, str) or not value.strip() or len(value) > 200:
        raise InvalidInput(f"{where} must be a non-empty string of at most 200 characters.", field=where)
    return value.strip()


def _confidence(value: object, where: str) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value <= 1:
        raise InvalidInput(f"{where} must be a number from 0 to 1.", field=where)
    return float(value)


def _fingerprint(spans: list[dict], relations: list[dict]) -> str:
    plain = [
        spans,
        [{**r, "scheme": r["scheme"].key if r["scheme"] else None} for r in relations],
    ]
    return hashlib.sha256(json.dumps(plain, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


def _uuids(values: Iterable[str]) -> list:
    found = []
    for value in values:
        try:
            found.append(uuid.UUID(value))
        except (ValueError, TypeError, AttributeError):
            continue
    return found


# --- taking suggestions up ---------------------------------------------------------------------------


def accept_suggestions(
    *,
    actor: AbstractBaseUser,
    argument_map: ArgumentMap,
    node_ids: Sequence | None = None,
    min_confidence: float | None = None,
    pipeline: str | None = None,
    version: str | None = None,
) -> DecisionResult:
    """Make suggestions the actor's drafts, provenance (pipeline, confidences) kept.

    By id, or every pending one at or above ``min_confidence`` (of one pipeline/version if named).
    A relation accepted by id brings the suggested statements it joins with it; one accepted by
    threshold is taken only when its suggested ends are taken too, so no draft hangs on a suggestion.
    """
    result = DecisionResult(outcome=Outcome.ACCEPTED)
    with recorded_write(actor=actor, summary="accept suggestions") as log:
        statements, applications = _chosen(argument_map, node_ids, min_confidence, pipeline, version)
        if node_ids is not None:
            statements |= _suggested_ends(applications)
        else:
            applications = _with_ends_taken(applications, statements)
        for node in sorted(statements, key=lambda s: (s.created_at, s.pk)):
            _decide(log, actor, node, Outcome.ACCEPTED)
            _take_up(log, actor, Statement, node)
            result.statements.append(str(node.pk))
        for node in sorted(applications, key=lambda a: (a.created_at, a.pk)):
            _decide(log, actor, node, Outcome.ACCEPTED)
            _take_up(log, actor, SchemeApplication, node)
            result.scheme_applications.append(str(node.pk))
    return result


def dismiss_suggestions(
    *,
    actor: AbstractBaseUser,
    argument_map: ArgumentMap,
    node_ids: Sequence | None = None,
    min_confidence: float | None = None,
    pipeline: str | None = None,
    version: str | None = None,
) -> DecisionResult:
    """Remove suggestions from the map, keeping a dismissal per node: the training signal, and the reason
    the same pipeline version never offers that span again.

    By id, or every pending one at or above ``min_confidence``. A suggested relation that joined a
    dismissed statement goes with it, dismissed too.
    """
    result = DecisionResult(outcome=Outcome.DISMISSED)
    with recorded_write(actor=actor, summary="dismiss suggestions") as log:
        statements, applications = _chosen(argument_map, node_ids, min_confidence, pipeline, version)
        applications |= _suggested_relations_of(statements)
        for node in sorted(applications, key=lambda a: (a.created_at, a.pk)):
            _decide(log, actor, node, Outcome.DISMISSED)
            result.scheme_applications.append(str(node.pk))
        for node in sorted(statements, key=lambda s: (s.created_at, s.pk)):
            _decide(log, actor, node, Outcome.DISMISSED)
            result.statements.append(str(node.pk))
        delete_graph_nodes(log, statement_ids={s.pk for s in statements}, application_ids={a.pk for a in applications})
    return result


def _chosen(argument_map, node_ids, min_confidence, pipeline, version) -> tuple[set, set]:
    """The pending suggestions a call names: by ids (each must be one), or by threshold."""
    if (node_ids is None) == (min_confidence is None):
        raise InvalidInput("Give either ids or min_confidence.", field="ids")
    if min_confidence is not None:
        min_confidence = _confidence(min_confidence, "min_confidence")
    statements = pending_suggestions(
        Statement, argument_map=argument_map, pipeline=pipeline, version=version, min_confidence=min_confidence
    )
    applications = pending_suggestions(
        SchemeApplication, argument_map=argument_map, pipeline=pipeline, version=version, min_confidence=min_confidence
    )
    if node_ids is None:
        return set(statements.select_for_update(of=("self",))), set(applications.select_for_update(of=("self",)))
    if not isinstance(node_ids, (list, tuple)) or not node_ids:
        raise InvalidInput("ids must be a non-empty list.", field="ids")
    wanted = _uuids(str(i) for i in node_ids)
    found_statements = set(statements.filter(pk__in=wanted).select_for_update(of=("self",)))
    found_applications = set(applications.filter(pk__in=wanted).select_for_update(of=("self",)))
    found = {str(n.pk) for n in (*found_statements, *found_applications)}
    missing = [str(i) for i in node_ids if str(i) not in found]
    if missing:
        raise NotFound(
            f"No pending suggestion {missing[0]} in this map (accepted or dismissed already, or never one).",
            field="ids",
            detail={"ids": missing},
        )
    return found_statements, found_applications


def _suggested_ends(applications: set) -> set:
    return set(
        Statement.objects.filter(
            status=ReviewStatus.SUGGESTED, edges__application__in=[a.pk for a in applications]
        ).distinct()
    )


def _with_ends_taken(applications: set, statements: set) -> set:
    taken = {s.pk for s in statements}
    pending_ends: dict = {}
    for edge in Edge.objects.filter(
        application__in=[a.pk for a in applications], statement__status=ReviewStatus.SUGGESTED
    ).values("application_id", "statement_id"):
        pending_ends.setdefault(edge["application_id"], set()).add(edge["statement_id"])
    return {a for a in applications if pending_ends.get(a.pk, set()) <= taken}


def _suggested_relations_of(statements: set) -> set:
    return set(
        SchemeApplication.objects.filter(
            status=ReviewStatus.SUGGESTED, edges__statement__in=[s.pk for s in statements]
        ).distinct()
    )


def _decide(log, actor, node, outcome: str) -> SuggestionDecision:
    prediction = prediction_of(node)
    span = prediction if isinstance(node, Statement) else {}
    decision = SuggestionDecision(
        workspace_id=node.workspace_id,
        pipeline_id=node.pipeline_id,
        map_id=node.map_id,
        node_id=node.pk,
        node_type="statement" if isinstance(node, Statement) else "scheme_application",
        outcome=outcome,
        prediction=prediction,
        document_id=span.get("document"),
        start=span.get("start"),
        end=span.get("end"),
        **({"statement": node} if isinstance(node, Statement) else {"application": node}),
    )
    save_new(log, decision, actor)
    return decision


def _take_up(log, actor, model, node) -> None:
    """The suggestion becomes the actor's own draft, so they may edit it as their work."""
    apply_update(
        log,
        model,
        node.pk,
        actor=actor,
        expected_version=node.version,
        changes={"status": ReviewStatus.DRAFT, "status_reason": "", "created_by": actor},
        allowed={"status", "status_reason", "created_by"},
        validate=False,
    )


__all__ = [
    "DecisionResult",
    "SuggestionBatchResult",
    "accept_suggestions",
    "dismiss_suggestions",
    "register_pipeline",
    "write_suggestion_batch",
]
