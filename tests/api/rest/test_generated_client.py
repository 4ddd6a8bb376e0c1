"""The published OpenAPI is usable by a code generator: openapi-python-client builds a client from the schema
the server serves, the client imports, and it writes a statement, an argument and an imported map."""

from __future__ import annotations

import importlib
import json
import os
import subprocess
import sys
from pathlib import Path

import httpx
import pytest
from rest_framework.authtoken.models import Token

from argmap.models import ArgumentMap, SchemeApplication, Statement
from tests.factories import make_map

AIF = {
    "nodes": [
        {"nodeID": "1", "text": "制裁は効いている。", "type": "I"},
        {"nodeID": "2", "text": "イランは交渉に応じた。", "type": "I"},
        {"nodeID": "3", "text": "RA", "type": "RA", "scheme": "Sign"},
    ],
    "edges": [{"edgeID": "a", "fromID": "2", "toID": "3"}, {"edgeID": "b", "fromID": "3", "toID": "1"}],
}


@pytest.fixture
def generated_client(live_server, tmp_path):
    """``(package, schema)``: the client openapi-python-client generates from the served schema, imported."""
    schema = httpx.get(f"{live_server.url}/api/v1/schema/?format=json", timeout=30).json()
    (tmp_path / "schema.json").write_text(json.dumps(schema))
    bin_dir = str(Path(sys.executable).parent)
    result = subprocess.run(
        [
            f"{bin_dir}/openapi-python-client",
            "generate",
            "--path",
            str(tmp_path / "schema.json"),
            "--output-path",
            str(tmp_path / "argmap_client"),
            "--meta",
            "none",
        ],
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "PATH": f"{bin_dir}:{os.environ.get('PATH', '')}"},
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Warning" not in result.stdout, result.stdout
    sys.path.insert(0, str(tmp_path))
    try:
        yield importlib.import_module("argmap_client"), schema
    finally:
        sys.path.remove(str(tmp_path))
        for name in [m for m in sys.modules if m == "argmap_client" or m.startswith("argmap_client.")]:
            del sys.modules[name]


def test_every_write_publishes_one_json_body_and_the_upload_a_binary_file(generated_client):
    _, schema = generated_client
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            content = operation.get("requestBody", {}).get("content", {})
            if path == "/api/v1/maps/import/":
                assert set(content) == {"application/json", "multipart/form-data"}
            elif content:
                assert list(content) == ["application/json"], (method, path)
    upload = schema["components"]["schemas"]["ImportUploadRequest"]["properties"]["file"]
    assert upload == {"type": "string", "format": "binary"}


def test_generated_client_writes_a_statement_an_argument_and_an_import(generated_client, live_server, owner, workspace):
    client_package, _ = generated_client
    api = importlib.import_module("argmap_client.api.statements.statements_create")
    arguments = importlib.import_module("argmap_client.api.maps.maps_arguments_create")
    imports = importlib.import_module("argmap_client.api.interchange.maps_import")
    models = importlib.import_module("argmap_client.models")
    types = importlib.import_module("argmap_client.types")
    argument_map = make_map(workspace)
    client = client_package.AuthenticatedClient(
        base_url=live_server.url, token=Token.objects.create(user=owner).key, prefix="Token"
    )

    def statement(text, kind):
        body = models.StatementCreateRequest(map_=argument_map.pk, kind=models.KindEnum(kind), text=text)
        response = api.sync_detailed(client=client, body=body)
        assert response.status_code == 201, response.content
        return response.parsed

    claim = statement("抑止は不安定になる。", "claim")
    premise = statement("北朝鮮は核弾頭を50発保有すると推計される。", "premise")
    assert Statement.objects.get(pk=claim.id).text == "抑止は不安定になる。"

    body = models.ArgumentCreateRequest(premises=[premise.id], conclusion=claim.id, scheme="expert_opinion")
    response = arguments.sync_detailed(str(argument_map.pk), client=client, body=body)
    assert response.status_code == 201, response.content
    inference = SchemeApplication.objects.get(pk=response.parsed.scheme_application.id)
    assert inference.scheme.key == "expert_opinion"
    edges = {(e.role.value, e.statement) for e in response.parsed.edges}
    assert edges == {("antecedent", premise.id), ("consequent", claim.id)}
    assert set(inference.edges.values_list("role", "statement_id")) == edges

    response = imports.sync_detailed(
        client=client, body=models.MapsImportJsonBody.from_dict(AIF), workspace=workspace.pk, name="AIF"
    )
    assert response.status_code == 201, response.content
    assert response.parsed.counts["statements"] == 2
    assert ArgumentMap.objects.get(pk=response.parsed.id).statements.count() == 2

    upload = models.ImportUploadRequest(
        file=types.File(payload=json.dumps(AIF).encode(), file_name="sanctions.json", mime_type="application/json"),
        name="Uploaded",
    )
    response = imports.sync_detailed(client=client, body=upload, workspace=workspace.pk)
    assert response.status_code == 201, response.content
    imported = ArgumentMap.objects.get(pk=response.parsed.id)
    assert imported.name == "Uploaded" and imported.workspace == workspace
    assert set(imported.statements.values_list("text", flat=True)) == {"制裁は効いている。", "イランは交渉に応じた。"}
