"""The committed SDL is the contract third-party clients code against: it must match the code."""

from pathlib import Path

from graphql import print_schema

from api.graphql.schema import schema

SDL = Path(__file__).resolve().parents[3] / "schema.graphql"
REGENERATE = "DEBUG=1 .venv/bin/python manage.py graphql_schema --out schema.graphql"


def test_committed_schema_matches_the_code():
    committed = SDL.read_text(encoding="utf-8")
    current = print_schema(schema.graphql_schema)
    assert committed.strip() == current.strip(), (
        f"schema.graphql differs from the code's schema. If the change is intended, regenerate it with\n"
        f"    {REGENERATE}\nand commit it; clients depend on this file."
    )


def test_every_model_type_implements_node():
    graphql_schema = schema.graphql_schema
    for name in (
        "Workspace",
        "Document",
        "Map",
        "Statement",
        "SchemeApplication",
        "Edge",
        "Anchor",
        "Source",
        "EvidenceLink",
        "Scheme",
        "CriticalQuestion",
        "Tag",
    ):
        interfaces = [i.name for i in graphql_schema.get_type(name).interfaces]
        assert interfaces == ["Node"], name


def test_user_exposes_only_public_fields():
    assert set(schema.graphql_schema.get_type("User").fields) == {"username"}


def test_the_documented_example_queries_are_valid_against_the_schema():
    import re

    from graphql import parse, validate

    docs = (SDL.parent / "docs" / "api.md").read_text(encoding="utf-8")
    section = docs[docs.index("## GraphQL") :]
    examples = re.findall(r"```graphql\n(.*?)```", section, flags=re.DOTALL)
    assert len(examples) >= 3
    for example in examples:
        assert validate(schema.graphql_schema, parse(example)) == [], example
