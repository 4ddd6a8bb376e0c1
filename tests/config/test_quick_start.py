"""The README's first command serves the report's map from SQLite: the same doors work there with an API token.

Everything else runs on PostgreSQL; this one test builds the quick start's database in a subprocess (migrate,
load_demo) and reads it the way a third-party client would, so SQL that only PostgreSQL speaks cannot break
``make demo`` unseen.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

CLIENT = r"""
import json
from django.test import Client
from rest_framework.authtoken.models import Token
from django.contrib.auth import get_user_model
from argmap.models import ArgumentMap

user = get_user_model().objects.get(username="demo-annotator")
token = Token.objects.get_or_create(user=user)[0].key
client = Client(HTTP_AUTHORIZATION=f"Token {token}")
argument_map = ArgumentMap.objects.get()
maps = client.get("/api/v1/maps/")
graph = client.get(f"/api/v1/maps/{argument_map.pk}/graph/")
origin = argument_map.statements.filter(kind="claim").first()
around = client.get(f"/api/v1/statements/{origin.pk}/neighbourhood/?depth=2&direction=both")
query = '{ maps(first: 5) { edges { node { name statements(first: 3) { edges { node { text } } } } } } }'
graphql = client.post("/graphql/", {"query": query}, content_type="application/json")
print(json.dumps({
    "maps": maps.status_code,
    "graph": graph.status_code,
    "statements": len(graph.json()["statements"]) if graph.status_code == 200 else None,
    "neighbourhood": around.status_code,
    "graphql": graphql.status_code,
    "graphql_body": graphql.json() if graphql.status_code == 200 else graphql.content.decode()[:500],
}))
"""


def test_the_quick_start_database_answers_a_token_client(tmp_path):
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'argmap.sqlite3'}", "DEBUG": "1"}
    env.pop("DJANGO_SETTINGS_MODULE", None)

    def manage(*args: str) -> str:
        done = subprocess.run(
            [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=550
        )
        assert done.returncode == 0, done.stderr[-2000:]
        return done.stdout

    manage("migrate", "--noinput", "--verbosity", "0")
    manage("load_demo", "--url", "http://127.0.0.1:8000/")
    answer = json.loads(manage("shell", "-c", CLIENT).strip().splitlines()[-1])

    assert answer["maps"] == 200
    assert answer["graph"] == 200 and answer["statements"] > 100
    assert answer["neighbourhood"] == 200
    assert answer["graphql"] == 200, answer["graphql_body"]
    assert "errors" not in answer["graphql_body"], answer["graphql_body"]
    names = [edge["node"]["name"] for edge in answer["graphql_body"]["data"]["maps"]["edges"]]
    assert len(names) == 1
