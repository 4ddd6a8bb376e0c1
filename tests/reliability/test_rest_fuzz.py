"""Fuzz the REST API from its own OpenAPI schema (schemathesis), in-process over WSGI on PostgreSQL.

Every operation gets generated requests as an editor of a populated workspace, judged by every check
schemathesis has (``--checks all``, configured by ``schemathesis.toml``): no 5xx, every response as the
schema says (status code, content type, headers, body), every schema-valid request accepted and every
schema-invalid one refused, missing headers and unsupported methods refused as HTTP says.
Half of the generated path ids are swapped for real ids of the resource, so the fuzz reaches the
code behind "found" as well as "not found". The stateful test follows the links schemathesis infers
between operations (create → read → update → delete). ``make fuzz`` runs the same tests longer.
"""

from __future__ import annotations

import os

import schemathesis
from django.conf import settings as django_settings
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.handlers.wsgi import WSGIHandler
from django.db import transaction
from hypothesis import HealthCheck, Phase, settings
from schemathesis.config import SchemathesisConfig
from schemathesis.core.parameters import ParameterLocation
from schemathesis.generation import GenerationMode

#: Examples per operation; ``make fuzz`` raises it (FUZZ_EXAMPLES=…).
EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "8"))
STATEFUL_STEPS = int(os.environ.get("FUZZ_STATEFUL_STEPS", "6"))
STATEFUL_EXAMPLES = int(os.environ.get("FUZZ_STATEFUL_EXAMPLES", "6"))
#: The fuzz configuration ``schemathesis run`` uses too: every check, taught HTTP preconditions.
CONFIG = SchemathesisConfig.from_path(django_settings.BASE_DIR / "schemathesis.toml")
#: Collection-level resource (first path segment) → the fixture row whose id stands in for ``{id}``.
REAL_IDS = {
    "anchors": "anchor",
    "documents": "document",
    "edges": None,
    "evidence-links": "link",
    "maps": "private",
    "scheme-applications": "inference",
    "sources": "source",
    "statements": "premise",
    "tags": "tag",
    "workspaces": "workspace",
}


#: The schema as the service serves it (generating it reads no table, so loading it at import is safe).
schema = schemathesis.openapi.from_wsgi("/api/v1/schema/?format=json", WSGIHandler(), config=CONFIG)


def _use_real_ids(case, team: dict) -> None:
    """Point about half the generated path ids at real rows (chosen by the generated id itself).

    Not in a case whose path was made invalid on purpose: the check expects that request refused.
    """
    path = case.meta.components.get(ParameterLocation.PATH) if case.meta else None
    if path is not None and path.mode == GenerationMode.NEGATIVE:
        return
    parameters = case.path_parameters or {}
    resource = case.path.strip("/").split("/")[2]
    for name, value in list(parameters.items()):
        if str(value)[:1] not in "01234567":
            continue
        if name == "id" and resource == "workspaces" and "members" in case.path:
            parameters[name] = str(team["workspace"].memberships.first().pk)
        elif name == "workspace_pk" or (name == "id" and resource == "workspaces"):
            parameters[name] = str(team["workspace"].pk)
        elif name == "id" and resource == "edges":
            parameters[name] = str(team["inference"].edges.first().pk)
        elif name == "id" and REAL_IDS.get(resource):
            parameters[name] = str(team[REAL_IDS[resource]].pk)


@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=not os.environ.get("FUZZ_RANDOM"),
)
def test_no_server_errors_and_responses_match_the_schema(case, fuzz_team, wsgi_app):
    _use_real_ids(case, fuzz_team)
    case.call_and_validate(headers={"Authorization": f"Token {fuzz_team['tokens']['editor']}"})


#: Resource path segment → model, to read the current version a stateful step must send in If-Match.
VERSIONED = {
    "anchors": "Anchor",
    "documents": "Document",
    "edges": "Edge",
    "evidence-links": "EvidenceLink",
    "maps": "ArgumentMap",
    "scheme-applications": "SchemeApplication",
    "sources": "Source",
    "statements": "Statement",
    "tags": "Tag",
    "workspaces": "Workspace",
}


def _current_etag(case) -> str | None:
    """The ETag of the object a write names, as a client that just read it would send."""
    from django.apps import apps

    parts = case.formatted_path.strip("/").split("/")
    if len(parts) < 4:
        return None
    resource, pk = parts[2], parts[3]
    if resource == "workspaces" and len(parts) >= 6 and parts[4] == "members":
        model, pk = apps.get_model("argmap", "Membership"), parts[5]
    elif resource in VERSIONED:
        model = apps.get_model("argmap", VERSIONED[resource])
    else:
        return None
    try:
        version = model.objects.filter(pk=pk).values_list("version", flat=True).first()
    except (ValueError, DjangoValidationError):
        return None
    return None if version is None else f'"{version}"'


def test_stateful_sequences_keep_every_response_valid(fuzz_team, wsgi_app):
    """create → link → read → update → delete chains, along the links inferred from the schema.

    Each write sends the ETag the object has at that moment, so updates and deletes really happen
    and later steps run against the changed graph.
    """
    token = fuzz_team["tokens"]["editor"]

    class Workflow(schema.as_state_machine()):
        def setup(self):
            # Each scenario starts from the same rows: a replayed scenario must see the state it first saw.
            self.savepoint = transaction.savepoint()

        def teardown(self):
            transaction.savepoint_rollback(self.savepoint)

        def before_call(self, case):
            if case.method in ("PATCH", "PUT", "DELETE") or case.path.endswith("/documents/"):
                etag = _current_etag(case)
                if etag is not None:
                    case.headers = {**(case.headers or {}), "If-Match": etag}

        def get_call_kwargs(self, case):
            return {"headers": {"Authorization": f"Token {token}"}}

    Workflow.run(
        settings=settings(
            max_examples=STATEFUL_EXAMPLES,
            stateful_step_count=STATEFUL_STEPS,
            deadline=None,
            # Schemathesis learns from responses across scenarios, so a replay may draw differently:
            # random campaigns report the failing scenario as found (with its curl lines), unshrunk.
            phases=[Phase.explicit, Phase.generate] if os.environ.get("FUZZ_RANDOM") else list(Phase),
            suppress_health_check=list(HealthCheck),
            derandomize=not os.environ.get("FUZZ_RANDOM"),
        )
    )
