"""Fixtures for attacking the admin: a private workspace A full of marked content,
and a workspace B whose staff members (one per role) look for it.

Every test carries ``@pytest.mark.defect(name)``, naming the defect it covers:

- ``m2m-publish``: many-to-many pickers (map documents, statement and inference tags)
  list and accept another workspace's private rows, which then become public (CRITICAL)
- ``list-filters-and-pickers``: changelists, list filters (with facet counts) and add forms
  name another workspace's rows; private objects' pages must answer as for a missing id
- ``autocomplete``: the admin's autocomplete must not return rows one may not read
- ``fk-moves-rows``: foreign-key edits move statements and edges across maps and workspaces
- ``blind-annotation``: another annotator's hidden draft shows in the admin
- ``propose-action``: the changelist's "Propose" action needs only view permission
- ``map-form-size``: the map change form of a report-sized map cannot be saved (1,000+ fields)
- ``inline-history``: inline saves write no history and no author
- ``review-bypass``: status set to accepted without a reviewer (add form, change form)
- ``edge-delete``: the admin deletes an edge ``services.delete_edge`` refuses to delete
- ``delete-map-url``: the map's delete URL is captured by an annotation-screen JSON endpoint
- ``stale-version``: a form opened before someone else's save must be refused

Also a small HTML form reader, so a test re-posts what a browser would: every
input, the selected options and the textareas of the admin's form (inline
management forms included), then changes only what it tests.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from html.parser import HTMLParser
from types import SimpleNamespace

import pytest

from argmap import services
from argmap.models import CriticalQuestion, Scheme
from argmap.services.annotation import add_comment, answer_critical_question, assess, start_independent_annotation
from tests.factories import UserFactory

#: Put into every name, title, text, slug and body of workspace A; no page shown to B may contain it.
MARKER = "PRIVATE-7f3a"
PRIVATE_TEXT = f"{MARKER} 北朝鮮は核弾頭を50発保有すると推計される。秘密の段落。"


def pytest_configure(config):
    config.addinivalue_line(
        "markers",
        "defect(name): the defect of the issue 'The admin as a thin client' that the test covers",
    )


# --------------------------------------------------------------------------- HTML forms


@dataclass
class Form:
    attrs: dict
    fields: list = field(default_factory=list)  # (name, value) in document order, as a browser sends them
    names: list = field(default_factory=list)  # every named control, sent or not (unchecked boxes too)


class _FormParser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[Form] = []
        self._form: Form | None = None
        self._select: dict | None = None
        self._option: dict | None = None
        self._textarea: dict | None = None

    def handle_starttag(self, tag, attrs):
        attrs = {k: (v if v is not None else "") for k, v in attrs}
        if tag == "form":
            self._form = Form(attrs=attrs)
            self.forms.append(self._form)
            return
        if self._form is None:
            return
        if tag == "input":
            name = attrs.get("name")
            kind = attrs.get("type", "text").lower()
            if not name or "disabled" in attrs:
                return
            self._form.names.append(name)
            if kind in ("submit", "button", "image", "reset", "file"):
                return
            if kind in ("checkbox", "radio") and "checked" not in attrs:
                return
            self._form.fields.append((name, attrs.get("value", "on" if kind in ("checkbox", "radio") else "")))
        elif tag == "select" and attrs.get("name") and "disabled" not in attrs:
            self._select = {"name": attrs["name"], "multiple": "multiple" in attrs, "options": []}
            self._form.names.append(attrs["name"])
        elif tag == "option" and self._select is not None:
            self._option = {"value": attrs.get("value"), "selected": "selected" in attrs, "text": ""}
            self._select["options"].append(self._option)
        elif tag == "textarea" and attrs.get("name") and "disabled" not in attrs:
            self._textarea = {"name": attrs["name"], "text": ""}
            self._form.names.append(attrs["name"])

    def handle_data(self, data):
        if self._option is not None:
            self._option["text"] += data
        if self._textarea is not None:
            self._textarea["text"] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "option":
            self._option = None
        elif tag == "select" and self._select is not None:
            options = self._select["options"]
            chosen = [o for o in options if o["selected"]]
            if not chosen and options and not self._select["multiple"]:
                chosen = options[:1]  # a browser sends the first option of a single select
            for option in chosen:
                value = option["value"] if option["value"] is not None else option["text"].strip()
                self._form.fields.append((self._select["name"], value))
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            text = self._textarea["text"]
            if text.startswith("\r\n"):
                text = text[2:]
            elif text.startswith("\n"):
                text = text[1:]  # the newline after <textarea> is not part of the value
            self._form.fields.append((self._textarea["name"], text))
            self._textarea = None


def html_forms(page: str) -> list[Form]:
    parser = _FormParser()
    parser.feed(page)
    parser.close()
    return parser.forms


def admin_form(page: str) -> Form:
    """The admin's own form on a change/add page (not the logout or search form)."""
    forms = [f for f in html_forms(page) if f.attrs.get("method", "get").lower() == "post"]
    forms = [f for f in forms if "logout" not in f.attrs.get("id", "") and "logout" not in f.attrs.get("action", "")]
    main = [f for f in forms if f.attrs.get("id", "").endswith("_form")]
    assert main or forms, f"no admin form on the page:\n{page[:3000]}"
    return (main or forms)[0]


class PostData(dict):
    """A form's fields as the test client posts them: ``{name: [values]}``."""

    @classmethod
    def of(cls, form: Form) -> PostData:
        data = cls()
        for name, value in form.fields:
            data.setdefault(name, []).append(value)
        return data

    def set(self, name: str, *values) -> PostData:
        self[name] = [str(v) for v in values]
        return self

    def value(self, name: str, default=None):
        values = self.get(name)
        return values[0] if values else default

    def add_inline_row(self, prefix: str, form: Form, **values) -> int:
        """Append one row to inline formset ``prefix`` from its ``__prefix__`` template; returns its index."""
        index = int(self.value(f"{prefix}-TOTAL_FORMS"))
        template = f"{prefix}-__prefix__-"
        for name, value in form.fields:
            if name.startswith(template):
                self[f"{prefix}-{index}-{name[len(template) :]}"] = [value]
        for name, value in values.items():
            self[f"{prefix}-{index}-{name}"] = [str(value)]
        self.set(f"{prefix}-TOTAL_FORMS", index + 1)
        return index


def get_form(client, url) -> tuple[Form, PostData]:
    response = client.get(url)
    assert response.status_code == 200, f"GET {url} answered {response.status_code}"
    form = admin_form(response.content.decode())
    return form, PostData.of(form)


def text_of(response) -> str:
    return html.unescape(response.content.decode(errors="replace"))


# --------------------------------------------------------------------------- users and content


def staff(username: str, **extra):
    user = UserFactory(username=username, is_staff=True, **extra)
    user.save()  # the factory sets the password after saving; the session hash needs it stored
    return user


@pytest.fixture
def private(db):
    """Workspace A: private, with one of everything, each carrying ``MARKER``."""
    alpha = staff("alpha-owner")
    workspace = services.create_workspace(actor=alpha, slug="private-7f3a-ws", name=f"{MARKER} workspace")
    member = UserFactory(username="alpha-member")
    membership = services.add_member(actor=alpha, workspace=workspace, user=member, role="annotator")
    document = services.create_document(
        actor=alpha, workspace=workspace, title=f"{MARKER} secret report", text=PRIVATE_TEXT
    )
    argument_map = services.create_map(
        actor=alpha,
        workspace=workspace,
        name=f"{MARKER} private map",
        description=f"{MARKER} description",
        documents=[document],
    )
    tag = services.create_tag(actor=alpha, workspace=workspace, slug="private-7f3a-tag", label=f"{MARKER} label")
    claim = services.create_statement(
        actor=alpha, argument_map=argument_map, kind="claim", text=f"{MARKER} claim", tags=[tag]
    )
    premise = services.create_statement(
        actor=alpha, argument_map=argument_map, kind="premise", text=f"{MARKER} premise"
    )
    inference = services.create_argument(actor=alpha, premises=[premise], conclusion=claim, note=f"{MARKER} note")
    exact = "核弾頭"
    anchor = services.create_anchor(
        actor=alpha,
        statement=premise,
        document=document,
        exact=exact,
        start=PRIVATE_TEXT.index(exact),
        end=PRIVATE_TEXT.index(exact) + len(exact),
    )
    source = services.create_source(actor=alpha, workspace=workspace, title=f"{MARKER} white paper")
    link = services.create_evidence_link(actor=alpha, statement=premise, source=source, quote=f"{MARKER} quote")
    comment = add_comment(actor=alpha, node=claim, body=f"{MARKER} comment body")
    assessment = assess(actor=alpha, node=claim, agreement="agree", strength=4)
    scheme = Scheme.objects.filter(applies_to="inference", critical_questions__isnull=False).distinct().first()
    question = CriticalQuestion.objects.filter(scheme=scheme).first()
    services.update_scheme_application(
        actor=alpha, application=inference, expected_version=inference.version, scheme=scheme
    )
    inference.refresh_from_db()
    answer = answer_critical_question(
        actor=alpha, application=inference, question=question, answered=True, answer=premise, note=f"{MARKER} answer"
    )
    participant = services.create_participant(
        actor=alpha, workspace=workspace, name=f"{MARKER} voice", kind="collective", source=source
    )
    services.update_statement(actor=alpha, statement=premise, expected_version=premise.version, speaker=participant)
    premise.refresh_from_db()
    webhook = services.create_webhook(actor=alpha, workspace=workspace, url=f"http://127.0.0.1:9/{MARKER}")
    blind = start_independent_annotation(actor=alpha, argument_map=argument_map, note=f"{MARKER} blind")
    edges = list(inference.edges.all())
    rows = SimpleNamespace(
        workspace=workspace,
        membership=membership,
        document=document,
        map=argument_map,
        tag=tag,
        claim=claim,
        premise=premise,
        inference=inference,
        anchor=anchor,
        source=source,
        participant=participant,
        evidence_link=link,
        comment=comment,
        assessment=assessment,
        answer=answer,
        blind=blind,
        edges=edges,
        owner=alpha,
        webhook=webhook,
        delivery=webhook.deliveries.get(),
    )
    rows.ids = {
        str(pk)
        for pk in (
            workspace.pk,
            membership.pk,
            document.pk,
            argument_map.pk,
            tag.pk,
            claim.pk,
            premise.pk,
            inference.pk,
            anchor.pk,
            source.pk,
            participant.pk,
            link.pk,
            comment.pk,
            assessment.pk,
            answer.pk,
            blind.pk,
            webhook.pk,
            rows.delivery.pk,
            *(e.pk for e in edges),
        )
    }
    return rows


B_TEXT = "Workspace B's public report. A claim here. A premise there."


@pytest.fixture
def attackers(db):
    """Workspace B, with a public map and content, and one staff member per role; plus a staff user of no workspace."""
    users = {"owner": staff("b-owner")}
    workspace = services.create_workspace(actor=users["owner"], slug="bravo", name="Bravo workspace")
    for role in ("editor", "annotator", "reviewer", "viewer"):
        users[role] = staff(f"b-{role}")
        services.add_member(actor=users["owner"], workspace=workspace, user=users[role], role=role)
    users["nobody"] = staff("b-nobody")
    document = services.create_document(actor=users["owner"], workspace=workspace, title="Bravo report", text=B_TEXT)
    public_map = services.create_map(
        actor=users["owner"], workspace=workspace, name="Bravo public map", visibility="public", documents=[document]
    )
    tag = services.create_tag(actor=users["owner"], workspace=workspace, slug="bravo-tag")
    claim = services.create_statement(
        actor=users["annotator"], argument_map=public_map, kind="claim", text="Bravo claim", tags=[tag]
    )
    premise = services.create_statement(
        actor=users["annotator"], argument_map=public_map, kind="premise", text="Bravo premise"
    )
    inference = services.create_argument(actor=users["annotator"], premises=[premise], conclusion=claim)
    source = services.create_source(actor=users["owner"], workspace=workspace, title="Bravo source")
    return SimpleNamespace(
        users=users,
        workspace=workspace,
        document=document,
        map=public_map,
        tag=tag,
        claim=claim,
        premise=premise,
        inference=inference,
        source=source,
    )


def assert_no_leak(page: str, private, where: str) -> None:
    lowered = page.lower()
    assert MARKER.lower() not in lowered, f"{where} shows workspace A's private content ({MARKER})"
    leaked = sorted(pk for pk in private.ids if pk in lowered)
    assert not leaked, f"{where} shows ids of workspace A's private rows: {leaked}"
