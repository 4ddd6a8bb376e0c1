"""Bulk import of a whole graph: validated in memory, written with bulk inserts, one transaction.

The rules are the services' own (AIF edge families, one consequent, antecedent
counts, no crossing maps, anchors that match the text), applied to every
element before anything is written, so an import either lands whole or leaves
the database unchanged. An error names the offending element: its kind, its
index in the payload and its id.
"""

from __future__ import annotations

import re
import uuid
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

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
    NodeFamily,
    ReviewStatus,
    Scheme,
    SchemeApplication,
    SchemeType,
    Source,
    Statement,
    StatementKind,
    Tag,
)
from argmap.text import context_around

from ._insert import insert_rows
from .evidence import SOURCE_FIELDS
from .history import recorded_write, stamp
from .structure import APPLICATION_ENDS, MAX_ANTECEDENTS

Progress = Callable[[str, int, int], None]
BATCH_SIZE = 5000


@dataclass
class GraphPayload:
    """Plain dicts, one list per kind of row. Ids are optional (generated when absent).

    statements: ``{id, kind, text, gloss, implicit, status, key, tags: [slug]}``
    applications: ``{id, type, scheme: key|None, note, key, status}``
    edges: ``{id, application, role, statement | other_application}``
    anchors: ``{id, statement, document, exact, start, end, prefix, suffix}``
    sources: ``{id, title, …Source fields}``
    evidence_links: ``{id, statement, source, locator, quote, footnote}``
    dialogue_nodes: ``{id, aif_type, text, scheme_name, timestamp, properties}``
    dialogue_edges: ``{id, from_family, from_id, to_family, to_id}``
    external_ids: ``{scheme, external_id, family, node_id}``
    """

    statements: list[dict] = field(default_factory=list)
    applications: list[dict] = field(default_factory=list)
    edges: list[dict] = field(default_factory=list)
    anchors: list[dict] = field(default_factory=list)
    sources: list[dict] = field(default_factory=list)
    evidence_links: list[dict] = field(default_factory=list)
    dialogue_nodes: list[dict] = field(default_factory=list)
    dialogue_edges: list[dict] = field(default_factory=list)
    external_ids: list[dict] = field(default_factory=list)


def _fail(error: type[DomainError], message: str, element: str, index: int, row: dict, *, rule: str | None = None):
    ident = row.get("id") or row.get("key") or row.get("external_id")
    where = f"{element}[{index}]" + (f" ({ident})" if ident else "")
    raise error(
        f"{where}: {message}",
        rule=rule,
        detail={"element": element, "index": index, "id": str(ident) if ident else None},
    )


def _uuid(value: object, element: str, index: int, row: dict, name: str = "id") -> uuid.UUID:
    if isinstance(value, uuid.UUID):
        return value
    try:
        return uuid.UUID(str(value))
    except (TypeError, ValueError, AttributeError):
        _fail(InvalidInput, f"{name} {value!r} is not a UUID.", element, index, row, rule="invalid")


def _text(row: dict, name: str, element: str, index: int, *, required: bool = False) -> str:
    value = row.get(name, "")
    if value is None:
        value = ""
    if not isinstance(value, str):
        _fail(InvalidInput, f"{name} must be text.", element, index, row, rule="invalid")
    if "\x00" in value:
        _fail(InvalidInput, f"{name} must not contain NUL characters.", element, index, row, rule="invalid")
    if required and not value.strip():
        _fail(InvalidInput, f"{name} must not be empty.", element, index, row, rule="invalid")
    return value


_CHOICE_VALUES: dict[type, frozenset] = {}
_SLUG = re.compile(r"[-a-zA-Z0-9_]{1,80}")


def _choice(
    row: dict, name: str, choices: type[models.TextChoices], element: str, index: int, default: str | None = None
) -> str:
    value = row.get(name, default)
    allowed = _CHOICE_VALUES.get(choices)
    if allowed is None:
        allowed = _CHOICE_VALUES[choices] = frozenset(choices.values)
    if value not in allowed:
        _fail(
            InvalidInput,
            f"{name} must be one of {', '.join(choices.values)} (got {value!r}).",
            element,
            index,
            row,
            rule="invalid",
        )
    return value


def import_graph(
    *,
    actor: AbstractBaseUser | None,
    argument_map: ArgumentMap,
    payload: GraphPayload,
    require_complete: bool = True,
    progress: Progress | None = None,
) -> dict[str, int]:
    """Add ``payload`` to ``argument_map`` atomically; returns how many rows of each kind were written.

    Payload rows may refer to nodes already in the map. With
    ``require_complete`` every inference and conflict in the payload must
    have its consequent and at least one antecedent.
    """
    built = _Builder(actor, argument_map, require_complete).build(payload)
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
    return built.counts()


class _Builder:
    def __init__(self, actor, argument_map: ArgumentMap, require_complete: bool):
        self.actor = actor
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
        self.documents = {d.pk: d for d in argument_map.documents.all()}
        self.schemes = {s.key: s for s in Scheme.objects.all()}
        self.tags = {t.slug: t for t in Tag.objects.filter(workspace_id=self.workspace_id)}
        self.seen: set[uuid.UUID] = (
            self.statement_ids | set(self.application_types) | self.dialogue_ids | self.source_ids
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
        self._statements(payload.statements)
        self._applications(payload.applications)
        self._edges(payload.edges)
        self._anchors(payload.anchors)
        self._evidence(payload.evidence_links)
        self._dialogue(payload.dialogue_nodes, payload.dialogue_edges)
        self._external_ids(payload.external_ids)
        self._check_lengths()
        self._check_collisions()
        return self

    def _check_lengths(self) -> None:
        """Text longer than its column would fail inside COPY as a 500; refuse it here, naming the element."""
        for name, model in self._ORDER:
            limits = [
                (f.attname, f.max_length)
                for f in model._meta.concrete_fields
                if isinstance(f, models.CharField) and f.max_length
            ]
            for index, obj in enumerate(self.rows[name]):
                for attname, limit in limits:
                    value = getattr(obj, attname)
                    if isinstance(value, str) and len(value) > limit:
                        element = "statements" if name == "tags" else name
                        _fail(
                            InvalidInput,
                            f"{attname} is longer than {limit} characters.",
                            element,
                            index,
                            {"id": obj.pk},
                            rule="invalid",
                        )

    def _sources(self, rows: list[dict]) -> None:
        for i, row in enumerate(rows):
            unknown = set(row) - SOURCE_FIELDS - {"id"}
            if unknown:
                _fail(InvalidInput, f"unknown fields {', '.join(sorted(unknown))}.", "sources", i, row, rule="invalid")
            fields = {k: v for k, v in row.items() if k != "id"}
            fields["title"] = _text(row, "title", "sources", i, required=True)
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

    def _statements(self, rows: list[dict]) -> None:
        through = Statement.tags.through
        for i, row in enumerate(rows):
            statement = Statement(
                id=self._new_id(row, "statements", i),
                workspace_id=self.workspace_id,
                map_id=self.map.pk,
                kind=_choice(row, "kind", StatementKind, "statements", i),
                text=_text(row, "text", "statements", i, required=True),
                gloss=_text(row, "gloss", "statements", i),
                implicit=bool(row.get("implicit", False)),
                status=_choice(row, "status", ReviewStatus, "statements", i, ReviewStatus.DRAFT),
                key=_text(row, "key", "statements", i),
            )
            self.statement_ids.add(statement.id)
            self.rows["statements"].append(self._stamped(statement))
            tags = row.get("tags") or []
            if not isinstance(tags, list):
                _fail(InvalidInput, "tags must be a list of slugs.", "statements", i, row, rule="invalid")
            for slug in sorted(set(map(str, tags))):
                tag = self._tag(slug, i, row)
                self.tag_links[through].append(through(statement_id=statement.id, tag_id=tag.pk))

    def _tag(self, slug: str, index: int, row: dict) -> Tag:
        if slug not in self.tags:
            if not _SLUG.fullmatch(slug):
                _fail(
                    InvalidInput,
                    f"tag {slug[:40]!r} is not a slug (letters, digits, - and _; at most 80).",
                    "statements",
                    index,
                    row,
                    rule="invalid",
                )
            tag = Tag(id=uuid.uuid4(), workspace_id=self.workspace_id, slug=slug)
            self.tags[slug] = tag
            self.rows["tags"].append(self._stamped(tag))
        return self.tags[slug]

    def _applications(self, rows: list[dict]) -> None:
        for i, row in enumerate(rows):
            kind = _choice(row, "type", SchemeType, "applications", i)
            scheme = None
            if row.get("scheme"):
                scheme = self.schemes.get(row["scheme"])
                if scheme is None:
                    _fail(InvalidInput, f"unknown scheme {row['scheme']!r}.", "applications", i, row, rule="invalid")
                if scheme.applies_to != kind:
                    _fail(
                        RuleViolation,
                        f"scheme {scheme.key!r} applies to {scheme.applies_to}, not {kind}.",
                        "applications",
                        i,
                        row,
                        rule="scheme_matches_type",
                    )
            application = SchemeApplication(
                id=self._new_id(row, "applications", i),
                workspace_id=self.workspace_id,
                map_id=self.map.pk,
                type=kind,
                scheme=scheme,
                note=_text(row, "note", "applications", i),
                key=_text(row, "key", "applications", i),
                status=_choice(row, "status", ReviewStatus, "applications", i, ReviewStatus.DRAFT),
            )
            self.application_types[application.id] = kind
            self.rows["applications"].append(self._stamped(application))

    def _edges(self, rows: list[dict]) -> None:
        existing = list(
            Edge.objects.filter(map=self.map).values_list(
                "application_id", "role", "statement_id", "other_application_id"
            )
        )
        roles: dict[uuid.UUID, Counter] = defaultdict(Counter)
        ends: dict[uuid.UUID, dict] = defaultdict(dict)
        for application_id, role, statement_id, other_id in existing:
            roles[application_id][role] += 1
            ends[application_id][statement_id or other_id] = role
        for i, row in enumerate(rows):
            role = _choice(row, "role", EdgeRole, "edges", i)
            application_id = _uuid(row.get("application"), "edges", i, row, "application")
            kind = self.application_types.get(application_id)
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
            other_id = row.get("other_application")
            if bool(statement_id) == bool(other_id):
                _fail(
                    InvalidInput,
                    "an edge joins its scheme application to exactly one statement or one other scheme application.",
                    "edges",
                    i,
                    row,
                    rule="edge_has_one_far_end",
                )
            if statement_id:
                far = _uuid(statement_id, "edges", i, row, "statement")
                if far not in self.statement_ids:
                    _fail(
                        RuleViolation,
                        "its statement is not in this map or payload.",
                        "edges",
                        i,
                        row,
                        rule="edge_within_map",
                    )
            else:
                far = _uuid(other_id, "edges", i, row, "other_application")
                if far not in self.application_types:
                    _fail(
                        RuleViolation,
                        "its other scheme application is not in this map or payload.",
                        "edges",
                        i,
                        row,
                        rule="edge_within_map",
                    )
                if far == application_id:
                    _fail(
                        RuleViolation,
                        "a scheme application cannot be joined to itself.",
                        "edges",
                        i,
                        row,
                        rule="no_self_edge",
                    )
                allowed = APPLICATION_ENDS.get((kind, role), set())
                if self.application_types[far] not in allowed:
                    _fail(
                        RuleViolation,
                        f"a {kind}'s {role} must be a statement, not a {self.application_types[far]}.",
                        "edges",
                        i,
                        row,
                        rule="aif_edge_types",
                    )
            if role == EdgeRole.CONSEQUENT and roles[application_id][EdgeRole.CONSEQUENT]:
                _fail(RuleViolation, f"this {kind} already has its consequent.", "edges", i, row, rule="one_consequent")
            limit = MAX_ANTECEDENTS.get(kind)
            if (
                role == EdgeRole.ANTECEDENT
                and limit is not None
                and roles[application_id][EdgeRole.ANTECEDENT] >= limit
            ):
                _fail(
                    RuleViolation, f"a {kind} has exactly {limit} antecedent.", "edges", i, row, rule="antecedent_count"
                )
            if far in ends[application_id]:
                rule = "duplicate_edge" if ends[application_id][far] == role else "no_circular_step"
                _fail(
                    RuleViolation, "this node is already joined to that scheme application.", "edges", i, row, rule=rule
                )
            roles[application_id][role] += 1
            ends[application_id][far] = role
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
                counted = roles[application.id]
                if application.type in (SchemeType.INFERENCE, SchemeType.CONFLICT) and (
                    counted[EdgeRole.CONSEQUENT] != 1 or counted[EdgeRole.ANTECEDENT] < 1
                ):
                    _fail(
                        RuleViolation,
                        f"this {application.type} needs one consequent and at least one antecedent.",
                        "applications",
                        i,
                        {"id": application.id},
                        rule="complete_scheme_application",
                    )

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
                _fail(type(exc), exc.message, "anchors", i, row, rule=exc.rule)
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
            locator = _text(row, "locator", "evidence_links", i)
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
                quote=_text(row, "quote", "evidence_links", i),
                footnote=row.get("footnote"),
            )
            self.rows["evidence_links"].append(self._stamped(link))

    def _dialogue(self, nodes: list[dict], edges: list[dict]) -> None:
        for i, row in enumerate(nodes):
            node = DialogueNode(
                id=self._new_id(row, "dialogue_nodes", i),
                workspace_id=self.workspace_id,
                map_id=self.map.pk,
                aif_type=_text(row, "aif_type", "dialogue_nodes", i, required=True),
                text=_text(row, "text", "dialogue_nodes", i),
                scheme_name=_text(row, "scheme_name", "dialogue_nodes", i),
                timestamp=_text(row, "timestamp", "dialogue_nodes", i),
                properties=row.get("properties") or {},
            )
            self.dialogue_ids.add(node.id)
            self.rows["dialogue_nodes"].append(self._stamped(node))
        for i, row in enumerate(edges):
            ends = {}
            for side in ("from", "to"):
                family = _choice(row, f"{side}_family", NodeFamily, "dialogue_edges", i)
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
            family = _choice(row, "family", NodeFamily, "external_ids", i)
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
            pair = (_text(row, "scheme", "external_ids", i, required=True), str(row.get("external_id", "")))
            if not pair[1] or pair in taken:
                _fail(RuleViolation, "external id missing or used twice.", "external_ids", i, row, rule="unique")
            taken.add(pair)
            self.rows["external_ids"].append(
                ExternalId(map_id=self.map.pk, scheme=pair[0], external_id=pair[1], family=family, node_id=node_id)
            )

    def _check_collisions(self) -> None:
        """Ids given by the payload must be new: an import never overwrites."""
        for name, model in (
            ("statements", Statement),
            ("applications", SchemeApplication),
            ("edges", Edge),
            ("anchors", Anchor),
            ("sources", Source),
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
        ("statements", Statement),
        ("applications", SchemeApplication),
        ("edges", Edge),
        ("anchors", Anchor),
        ("evidence_links", EvidenceLink),
        ("dialogue_nodes", DialogueNode),
        ("dialogue_edges", DialogueEdge),
        ("external_ids", ExternalId),
    )

    def in_write_order(self):
        for name, model in self._ORDER:
            if self.rows[name]:
                yield name, model, self.rows[name]

    def counts(self) -> dict[str, int]:
        return {name: len(self.rows[name]) for name, _ in self._ORDER}
