"""Bulk import of a whole graph: validated in memory, written with bulk inserts, one transaction.

The rules are the services' own, from :mod:`argmap.rules` (AIF edge families,
one consequent, antecedent counts, completeness, fields, schemes) plus no
crossing maps and anchors that match the text, applied to every element in
memory (no query per row) before anything is written, so an import either lands whole or leaves
the database unchanged. An error names the offending element: its kind, its
index in the payload and its id.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Callable

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import models

from argmap.errors import DomainError, InvalidInput, RuleViolation
from argmap.models import (
    Anchor,
    AnchorStatus,
    ArgumentMap,
    DialogueEdge,
    DialogueNode,
    Edge,
    EdgeRole,
    EvidenceLink,
    ExternalId,
    Illocution,
    NodeFamily,
    Participant,
    ParticipantKind,
    ReviewStatus,
    SchemeApplication,
    SchemeType,
    Source,
    Statement,
    StatementKind,
    Tag,
)
from argmap.payload import GraphPayload
from argmap.rules import (
    STATEMENT,
    EdgeTally,
    check_complete,
    check_edge,
    check_one_far_end,
    check_participant_source,
    check_scheme_applies,
    check_speaker,
    find_text_fault,
    require_choice,
    require_data,
    require_slug,
    require_text,
    scheme_by_key,
    scheme_catalogue,
    text_fault,
)
from argmap.rules.review import imported_status
from argmap.text import context_around

from ._common import reopen_review
from ._insert import insert_rows
from .evidence import SOURCE_FIELDS
from .history import recorded_write, stamp

__all__ = ["BATCH_SIZE", "GraphPayload", "Progress", "import_graph"]

Progress = Callable[[str, int, int], None]
BATCH_SIZE = 5000


def _fail(error: type[DomainError], message: str, element: str, index: int, row: dict, *, rule: str | None = None):
    ident = row.get("id") or row.get("key") or row.get("external_id")
    where = f"{element}[{index}]" + (f" ({ident})" if ident else "")
    raise error(
        f"{where}: {message}",
        rule=rule,
        detail={"element": element, "index": index, "id": str(ident) if ident else None},
    )


def _refused(error: DomainError, element: str, index: int, row: dict):
    """A rule's refusal, re-raised naming the payload element it is about."""
    _fail(type(error), error.message, element, index, row, rule=error.rule)


def _uuid(value: object, element: str, index: int, row: dict, name: str = "id") -> uuid.UUID:
    if isinstance(value, uuid.UUID):
        return value
    try:
        return uuid.UUID(str(value))
    except (TypeError, ValueError, AttributeError):
        _fail(InvalidInput, f"{name} {value!r} is not a UUID.", element, index, row, rule="invalid")


def import_graph(
    *,
    actor: AbstractBaseUser | None,
    argument_map: ArgumentMap,
    payload: GraphPayload,
    may_review: bool = False,
    require_complete: bool = True,
    progress: Progress | None = None,
) -> dict[str, int]:
    """Add ``payload`` to ``argument_map`` atomically; returns how many rows of each kind were written.

    Payload rows may refer to nodes already in the map. With
    ``require_complete`` every inference and conflict in the payload must
    have its consequent and at least one antecedent. Unless ``may_review`` (the actor may review in
    the map's workspace, or a trusted command loads reviewed data), every node is written as
    ``draft`` whatever status the payload gives it (:func:`argmap.rules.review.imported_status`).
    """
    built = _Builder(actor, argument_map, require_complete, may_review=may_review).build(payload)
    report = progress or (lambda stage, done, total: None)
    with recorded_write(actor=actor, summary=f"import into map {argument_map.pk}") as log:
        for name, model, rows in built.in_write_order():
            total = len(rows)
            for start in range(0, total, BATCH_SIZE):
                chunk = rows[start : start + BATCH_SIZE]
                insert_rows(model, chunk)
                if model is not ExternalId:
                    log.created_many(chunk)
                    log.flush()
                report(name, min(start + BATCH_SIZE, total), total)
        for through, links in built.tag_links.items():
            insert_rows(through, links)
        for model, node_id in built.edited_reviewed_nodes():
            reopen_review(log, model, node_id, actor=actor)
    return built.counts()


class _Builder:
    def __init__(self, actor, argument_map: ArgumentMap, require_complete: bool, *, may_review: bool):
        self.actor = actor
        self.may_review = may_review
        self.map = argument_map
        self.workspace_id = argument_map.workspace_id
        self.require_complete = require_complete
        self.rows: dict[str, list[models.Model]] = defaultdict(list)
        self.tag_links: dict[type[models.Model], list[models.Model]] = defaultdict(list)
        self.statement_ids: set[uuid.UUID] = set(
            Statement.objects.filter(map=argument_map).values_list("pk", flat=True)
        )
        self.application_types: dict[uuid.UUID, str] = dict(
            SchemeApplication.objects.filter(map=argument_map).values_list("pk", "type")
        )
        self.dialogue_ids: set[uuid.UUID] = set(
            DialogueNode.objects.filter(map=argument_map).values_list("pk", flat=True)
        )
        self.source_ids: set[uuid.UUID] = set(
            Source.objects.filter(workspace_id=self.workspace_id).values_list("pk", flat=True)
        )
        self.participant_ids: set[uuid.UUID] = set(
            Participant.objects.filter(workspace_id=self.workspace_id).values_list("pk", flat=True)
        )
        self.documents = {d.pk: d for d in argument_map.documents.all()}
        self.schemes = scheme_catalogue()
        self.tags = {t.slug: t for t in Tag.objects.filter(workspace_id=self.workspace_id)}
        self.existing_statements = frozenset(self.statement_ids)
        self.existing_applications = frozenset(self.application_types)
        self.seen: set[uuid.UUID] = (
            self.statement_ids
            | set(self.application_types)
            | self.dialogue_ids
            | self.source_ids
            | self.participant_ids
        )

    def _new_id(self, row: dict, element: str, index: int) -> uuid.UUID:
        ident = _uuid(row["id"], element, index, row) if row.get("id") else uuid.uuid4()
        if ident in self.seen:
            _fail(RuleViolation, "this id is used twice or exists already.", element, index, row, rule="unique_id")
        self.seen.add(ident)
        return ident

    def _stamped(self, obj: models.Model) -> models.Model:
        stamp(obj, self.actor, creating=True)
        return obj

    def build(self, payload: GraphPayload) -> _Builder:
        self._sources(payload.sources)
        self._participants(payload.participants)
        self._statements(payload.statements)
        self._applications(payload.applications)
        self._edges(payload.edges)
        self._anchors(payload.anchors)
        self._evidence(payload.evidence_links)
        self._dialogue(payload.dialogue_nodes, payload.dialogue_edges)
        self._external_ids(payload.external_ids)
        self._check_columns()
        self._check_collisions()
        return self

    def _check_columns(self) -> None:
        """Text longer than its column, NUL or a lone surrogate (in text or JSON columns) would fail inside
        COPY as a 500; refuse it here, naming the element."""
        for name, model in self._ORDER:
            limits = [
                (f.attname, f.max_length if isinstance(f, models.CharField) else None)
                for f in model._meta.concrete_fields
                if isinstance(f, models.CharField | models.TextField | models.JSONField)
            ]
            element = "statements" if name == "tags" else name
            for index, obj in enumerate(self.rows[name]):
                for attname, limit in limits:
                    value = getattr(obj, attname)
                    if isinstance(value, str):
                        if limit and len(value) > limit:
                            reason = f"{attname} is longer than {limit} characters."
                        elif (fault := text_fault(value)) is not None:
                            reason = f"{attname} {fault}"
                        else:
                            continue
                    elif value and (found := find_text_fault(value, path=attname)) is not None:
                        reason = " ".join(found)
                    else:
                        continue
                    _fail(InvalidInput, reason, element, index, {"id": obj.pk}, rule="invalid")

    def _sources(self, rows: list[dict]) -> None:
        for i, row in enumerate(rows):
            unknown = set(row) - SOURCE_FIELDS - {"id"}
            if unknown:
                _fail(InvalidInput, f"unknown fields {', '.join(sorted(unknown))}.", "sources", i, row, rule="invalid")
            fields = {k: v for k, v in row.items() if k != "id"}
            try:
                fields["title"] = require_text(row.get("title"), field="title")
            except DomainError as exc:
                _refused(exc, "sources", i, row)
            source = Source(id=self._new_id(row, "sources", i), workspace_id=self.workspace_id, **fields)
            try:
                source.full_clean(
                    exclude=["workspace", "created_by", "updated_by"], validate_unique=False, validate_constraints=False
                )
            except ValidationError as exc:
                field, messages = next(iter(exc.message_dict.items()))
                _fail(InvalidInput, f"{field}: {' '.join(messages)}", "sources", i, row, rule="invalid")
            self.source_ids.add(source.id)
            self.rows["sources"].append(self._stamped(source))

    def _participants(self, rows: list[dict]) -> None:
        for i, row in enumerate(rows):
            ident = self._new_id(row, "participants", i)
            try:
                source_id = row.get("source")
                if source_id is not None:
                    source_id = _uuid(source_id, "participants", i, row, "source")
                    # a source of another workspace is unknown here: the rule's refusal, not a probe
                    check_participant_source(
                        self.workspace_id if source_id in self.source_ids else object(), self.workspace_id
                    )
                participant = Participant(
                    id=ident,
                    workspace_id=self.workspace_id,
                    name=require_text(row.get("name"), field="name"),
                    kind=require_choice(row.get("kind", ParticipantKind.PERSON), ParticipantKind, field="kind"),
                    key=require_text(row.get("key"), field="key", blank=True),
                    description=require_text(row.get("description"), field="description", blank=True),
                    source_id=source_id,
                )
            except DomainError as exc:
                _refused(exc, "participants", i, row)
            self.participant_ids.add(ident)
            self.rows["participants"].append(self._stamped(participant))

    def _speaker(self, row: dict, index: int) -> uuid.UUID | None:
        """The statement row's speaker: a participant of the workspace or of the payload, or ``None`` (the author)."""
        if row.get("speaker") is None:
            return None
        speaker_id = _uuid(row["speaker"], "statements", index, row, "speaker")
        check_speaker(self.workspace_id if speaker_id in self.participant_ids else object(), self.workspace_id)
        return speaker_id

    def _statements(self, rows: list[dict]) -> None:
        through = Statement.tags.through
        for i, row in enumerate(rows):
            ident = self._new_id(row, "statements", i)
            try:
                statement = Statement(
                    id=ident,
                    workspace_id=self.workspace_id,
                    map_id=self.map.pk,
                    kind=require_choice(row.get("kind"), StatementKind, field="kind"),
                    text=require_text(row.get("text"), field="text"),
                    gloss=require_text(row.get("gloss"), field="gloss", blank=True),
                    implicit=bool(row.get("implicit", False)),
                    status=self._status(row),
                    key=require_text(row.get("key"), field="key", blank=True),
                    data=require_data(row.get("data")),
                    speaker_id=self._speaker(row, i),
                    illocution=require_choice(
                        row.get("illocution", Illocution.ASSERTING), Illocution, field="illocution"
                    ),
                )
                tags = row.get("tags") or []
                if not isinstance(tags, list):
                    raise InvalidInput("tags must be a list of slugs.")
                slugs = sorted(set(map(str, tags)))
                for slug in slugs:
                    if slug not in self.tags:
                        require_slug(slug, field="tag")
            except DomainError as exc:
                _refused(exc, "statements", i, row)
            self.statement_ids.add(statement.id)
            self.rows["statements"].append(self._stamped(statement))
            for slug in slugs:
                self.tag_links[through].append(through(statement_id=statement.id, tag_id=self._tag(slug).pk))

    def _status(self, row: dict) -> str:
        status = require_choice(row.get("status", ReviewStatus.DRAFT), ReviewStatus, field="status")
        return imported_status(status, may_review=self.may_review)

    def _tag(self, slug: str) -> Tag:
        if slug not in self.tags:
            tag = Tag(id=uuid.uuid4(), workspace_id=self.workspace_id, slug=slug)
            self.tags[slug] = tag
            self.rows["tags"].append(self._stamped(tag))
        return self.tags[slug]

    def _applications(self, rows: list[dict]) -> None:
        for i, row in enumerate(rows):
            ident = self._new_id(row, "applications", i)
            try:
                kind = require_choice(row.get("type"), SchemeType, field="type")
                scheme = scheme_by_key(row.get("scheme"), catalogue=self.schemes)
                check_scheme_applies(scheme, kind)
                application = SchemeApplication(
                    id=ident,
                    workspace_id=self.workspace_id,
                    map_id=self.map.pk,
                    type=kind,
                    scheme=scheme,
                    note=require_text(row.get("note"), field="note", blank=True),
                    key=require_text(row.get("key"), field="key", blank=True),
                    status=self._status(row),
                    data=require_data(row.get("data")),
                )
            except DomainError as exc:
                _refused(exc, "applications", i, row)
            self.application_types[application.id] = kind
            self.rows["applications"].append(self._stamped(application))

    def _edges(self, rows: list[dict]) -> None:
        tallies: dict[uuid.UUID, EdgeTally] = defaultdict(EdgeTally)
        for application_id, role, statement_id, other_id in Edge.objects.filter(map=self.map).values_list(
            "application_id", "role", "statement_id", "other_application_id"
        ):
            tallies[application_id].add(role, statement_id or other_id)
        types = self.application_types
        for i, row in enumerate(rows):
            try:
                role = require_choice(row.get("role"), EdgeRole, field="role")
            except DomainError as exc:
                _refused(exc, "edges", i, row)
            application_id = _uuid(row.get("application"), "edges", i, row, "application")
            kind = types.get(application_id)
            if kind is None:
                _fail(
                    RuleViolation,
                    "its scheme application is not in this map or payload.",
                    "edges",
                    i,
                    row,
                    rule="edge_within_map",
                )
            statement_id = row.get("statement")
            try:
                check_one_far_end(statement_id, row.get("other_application"))
            except DomainError as exc:
                _refused(exc, "edges", i, row)
            if statement_id:
                far = _uuid(statement_id, "edges", i, row, "statement")
                far_kind = STATEMENT if far in self.statement_ids else None
            else:
                far = _uuid(row.get("other_application"), "edges", i, row, "other_application")
                far_kind = types.get(far)
            if far_kind is None:
                _fail(
                    RuleViolation,
                    f"its {'statement' if statement_id else 'other scheme application'} is not in this map or payload.",
                    "edges",
                    i,
                    row,
                    rule="edge_within_map",
                )
            tally = tallies[application_id]
            try:
                check_edge(kind, role, far_id=far, far_kind=far_kind, tally=tally, application_id=application_id)
            except DomainError as exc:
                _refused(exc, "edges", i, row)
            tally.add(role, far)
            edge = Edge(
                id=self._new_id(row, "edges", i),
                workspace_id=self.workspace_id,
                map_id=self.map.pk,
                application_id=application_id,
                role=role,
                statement_id=far if statement_id else None,
                other_application_id=None if statement_id else far,
            )
            self.rows["edges"].append(self._stamped(edge))
        if self.require_complete:
            for i, application in enumerate(self.rows["applications"]):
                tally = tallies.get(application.id) or EdgeTally()
                try:
                    check_complete(application.type, consequents=tally.consequents, antecedents=tally.antecedents)
                except DomainError as exc:
                    _refused(exc, "applications", i, {"id": application.id})

    def _anchors(self, rows: list[dict]) -> None:
        from .anchors import locate_anchor

        for i, row in enumerate(rows):
            statement_id = _uuid(row.get("statement"), "anchors", i, row, "statement")
            if statement_id not in self.statement_ids:
                _fail(
                    RuleViolation,
                    "its statement is not in this map or payload.",
                    "anchors",
                    i,
                    row,
                    rule="edge_within_map",
                )
            document = self.documents.get(_uuid(row.get("document"), "anchors", i, row, "document"))
            if document is None:
                _fail(
                    RuleViolation,
                    "its document is not attached to this map.",
                    "anchors",
                    i,
                    row,
                    rule="anchor_document_in_map",
                )
            try:
                start, end, prefix, suffix = locate_anchor(
                    document=document,
                    exact=row.get("exact"),
                    start=row.get("start"),
                    end=row.get("end"),
                    prefix=row.get("prefix"),
                    suffix=row.get("suffix"),
                )
            except DomainError as exc:
                _refused(exc, "anchors", i, row)
            if row.get("prefix") is None or row.get("suffix") is None:
                prefix, suffix = context_around(document.text, start, end)
            anchor = Anchor(
                id=self._new_id(row, "anchors", i),
                workspace_id=self.workspace_id,
                map_id=self.map.pk,
                statement_id=statement_id,
                document_id=document.pk,
                exact=row["exact"],
                prefix=prefix[-64:],
                suffix=suffix[:64],
                start=start,
                end=end,
                status=AnchorStatus.ANCHORED,
            )
            self.rows["anchors"].append(self._stamped(anchor))

    def _evidence(self, rows: list[dict]) -> None:
        seen = set()
        for i, row in enumerate(rows):
            statement_id = _uuid(row.get("statement"), "evidence_links", i, row, "statement")
            source_id = _uuid(row.get("source"), "evidence_links", i, row, "source")
            if statement_id not in self.statement_ids:
                _fail(
                    RuleViolation,
                    "its statement is not in this map or payload.",
                    "evidence_links",
                    i,
                    row,
                    rule="edge_within_map",
                )
            if source_id not in self.source_ids:
                _fail(
                    RuleViolation,
                    "its source is not in this workspace or payload.",
                    "evidence_links",
                    i,
                    row,
                    rule="same_workspace",
                )
            try:
                locator = require_text(row.get("locator"), field="locator", blank=True)
                quote = require_text(row.get("quote"), field="quote", blank=True)
            except DomainError as exc:
                _refused(exc, "evidence_links", i, row)
            if (statement_id, source_id, locator) in seen:
                _fail(
                    RuleViolation,
                    "the statement already cites this source at this locator.",
                    "evidence_links",
                    i,
                    row,
                    rule="unique",
                )
            seen.add((statement_id, source_id, locator))
            link = EvidenceLink(
                id=self._new_id(row, "evidence_links", i),
                workspace_id=self.workspace_id,
                map_id=self.map.pk,
                statement_id=statement_id,
                source_id=source_id,
                locator=locator,
                quote=quote,
                footnote=row.get("footnote"),
            )
            self.rows["evidence_links"].append(self._stamped(link))

    def _dialogue(self, nodes: list[dict], edges: list[dict]) -> None:
        for i, row in enumerate(nodes):
            ident = self._new_id(row, "dialogue_nodes", i)
            try:
                node = DialogueNode(
                    id=ident,
                    workspace_id=self.workspace_id,
                    map_id=self.map.pk,
                    aif_type=require_text(row.get("aif_type"), field="aif_type"),
                    text=require_text(row.get("text"), field="text", blank=True),
                    scheme_name=require_text(row.get("scheme_name"), field="scheme_name", blank=True),
                    timestamp=require_text(row.get("timestamp"), field="timestamp", blank=True),
                    properties=row.get("properties") or {},
                )
            except DomainError as exc:
                _refused(exc, "dialogue_nodes", i, row)
            self.dialogue_ids.add(node.id)
            self.rows["dialogue_nodes"].append(self._stamped(node))
        for i, row in enumerate(edges):
            ends = {}
            for side in ("from", "to"):
                try:
                    family = require_choice(row.get(f"{side}_family"), NodeFamily, field=f"{side}_family")
                except DomainError as exc:
                    _refused(exc, "dialogue_edges", i, row)
                ident = _uuid(row.get(f"{side}_id"), "dialogue_edges", i, row, f"{side}_id")
                if not self._exists(family, ident):
                    _fail(
                        RuleViolation,
                        f"its {side} node is not in this map or payload.",
                        "dialogue_edges",
                        i,
                        row,
                        rule="edge_within_map",
                    )
                ends[side] = (family, ident)
            edge = DialogueEdge(
                id=self._new_id(row, "dialogue_edges", i),
                workspace_id=self.workspace_id,
                map_id=self.map.pk,
                from_family=ends["from"][0],
                from_id=ends["from"][1],
                to_family=ends["to"][0],
                to_id=ends["to"][1],
            )
            self.rows["dialogue_edges"].append(self._stamped(edge))

    def _exists(self, family: str, ident: uuid.UUID) -> bool:
        if family == NodeFamily.STATEMENT:
            return ident in self.statement_ids
        if family == NodeFamily.APPLICATION:
            return ident in self.application_types
        return ident in self.dialogue_ids

    def _external_ids(self, rows: list[dict]) -> None:
        taken = set(ExternalId.objects.filter(map=self.map).values_list("scheme", "external_id"))
        for i, row in enumerate(rows):
            try:
                family = require_choice(row.get("family"), NodeFamily, field="family")
                scheme = require_text(row.get("scheme"), field="scheme")
            except DomainError as exc:
                _refused(exc, "external_ids", i, row)
            node_id = _uuid(row.get("node_id"), "external_ids", i, row, "node_id")
            if not self._exists(family, node_id):
                _fail(
                    RuleViolation,
                    "its node is not in this map or payload.",
                    "external_ids",
                    i,
                    row,
                    rule="edge_within_map",
                )
            pair = (scheme, str(row.get("external_id", "")))
            if not pair[1] or pair in taken:
                _fail(RuleViolation, "external id missing or used twice.", "external_ids", i, row, rule="unique")
            taken.add(pair)
            try:
                text = require_text(row.get("text", ""), field="text", blank=True)
                timestamp = require_text(row.get("timestamp", ""), field="timestamp", blank=True)
            except DomainError as exc:
                _refused(exc, "external_ids", i, row)
            self.rows["external_ids"].append(
                ExternalId(
                    map_id=self.map.pk,
                    scheme=pair[0],
                    external_id=pair[1],
                    family=family,
                    node_id=node_id,
                    text=text,
                    timestamp=timestamp,
                )
            )

    def _check_collisions(self) -> None:
        """Ids given by the payload must be new: an import never overwrites."""
        for name, model in (
            ("statements", Statement),
            ("applications", SchemeApplication),
            ("edges", Edge),
            ("anchors", Anchor),
            ("sources", Source),
            ("participants", Participant),
            ("evidence_links", EvidenceLink),
            ("dialogue_nodes", DialogueNode),
        ):
            ids = [row.pk for row in self.rows[name]]
            for start in range(0, len(ids), 20_000):
                clash = model.objects.filter(pk__in=ids[start : start + 20_000]).values_list("pk", flat=True).first()
                if clash is not None:
                    _fail(
                        RuleViolation,
                        "a row with this id exists already.",
                        name,
                        ids.index(clash),
                        {"id": clash},
                        rule="unique_id",
                    )

    _ORDER = (
        ("tags", Tag),
        ("sources", Source),
        ("participants", Participant),
        ("statements", Statement),
        ("applications", SchemeApplication),
        ("edges", Edge),
        ("anchors", Anchor),
        ("evidence_links", EvidenceLink),
        ("dialogue_nodes", DialogueNode),
        ("dialogue_edges", DialogueEdge),
        ("external_ids", ExternalId),
    )

    def edited_reviewed_nodes(self):
        """Nodes that were in the map before and gained edges or anchors: their content changed, so an
        accepted or proposed one goes back to review like after any other edit."""
        applications = {edge.application_id for edge in self.rows["edges"]} & self.existing_applications
        statements = {anchor.statement_id for anchor in self.rows["anchors"]} & self.existing_statements
        yield from ((SchemeApplication, pk) for pk in sorted(applications, key=str))
        yield from ((Statement, pk) for pk in sorted(statements, key=str))

    def in_write_order(self):
        for name, model in self._ORDER:
            if self.rows[name]:
                yield name, model, self.rows[name]

    def counts(self) -> dict[str, int]:
        return {name: len(self.rows[name]) for name, _ in self._ORDER}
