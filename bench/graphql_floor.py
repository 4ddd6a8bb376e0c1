"""What graphql-core alone costs for the graph query: the raw rows, a minimal schema, default resolvers.

No Django, no graphene, no DataLoaders: the psycopg rows of the raw baseline
are executed against an SDL schema of the same shape as argmap's, so the
figure is the floor any GraphQL server built on graphql-core pays for
resolving and completing every field of every row one by one.
"""

from __future__ import annotations

from functools import cache

import orjson
from graphql import GraphQLScalarType, build_schema, graphql_sync

from .baselines import GRAPH_QUERIES, RawSQL

SDL = """
scalar DateTime
type Query { map(id: ID!): Map }
type Map { graph: MapGraph! }
type MapGraph {
  statements: [Statement!]!
  schemeApplications: [SchemeApplication!]!
  edges: [Edge!]!
  anchors: [Anchor!]!
  evidenceLinks: [EvidenceLink!]!
  sources: [Source!]!
}
type Ref { id: ID! }
type Tag { slug: String! }
type SchemeRef { key: String! }
type Statement {
  id: ID! key: String! kind: String! text: String! gloss: String! status: String! statusReason: String!
  implicit: Boolean! version: Int! createdAt: DateTime! updatedAt: DateTime! tags: [Tag!]!
}
type SchemeApplication {
  id: ID! key: String! type: String! note: String! status: String! statusReason: String! version: Int!
  createdAt: DateTime! updatedAt: DateTime! conflictKind: String scheme: SchemeRef tags: [Tag!]!
}
type Edge {
  id: ID! role: String! version: Int! createdAt: DateTime! updatedAt: DateTime!
  application: Ref! statement: Ref otherApplication: Ref
}
type Anchor {
  id: ID! exact: String! prefix: String! suffix: String! start: Int! end: Int! status: String! version: Int!
  createdAt: DateTime! updatedAt: DateTime! statement: Ref! document: Ref!
}
type EvidenceLink {
  id: ID! footnote: Int locator: String! quote: String! version: Int! createdAt: DateTime! updatedAt: DateTime!
  statement: Ref! source: Ref!
}
type Source {
  id: ID! key: String! title: String! authors: [String!]! container: String! publisher: String!
  published: String! url: String! accessedOn: String footnote: Int locator: String! citation: String! version: Int!
}
"""
QUERY = """
query ($id: ID!) { map(id: $id) { graph {
  statements { id key kind text gloss status statusReason implicit version createdAt updatedAt tags { slug } }
  schemeApplications {
    id key type note status statusReason version createdAt updatedAt conflictKind scheme { key } tags { slug }
  }
  edges { id role version createdAt updatedAt application { id } statement { id } otherApplication { id } }
  anchors { id exact prefix suffix start end status version createdAt updatedAt statement { id } document { id } }
  evidenceLinks { id footnote locator quote version createdAt updatedAt statement { id } source { id } }
  sources { id key title authors container publisher published url accessedOn footnote locator citation version }
} } }
"""
#: Row keys that become nested ``{ id }`` objects in the schema.
REFERENCES = {
    "application_id": "application",
    "statement_id": "statement",
    "other_application_id": "otherApplication",
    "document_id": "document",
    "source_id": "source",
}


def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part.capitalize() for part in rest)


@cache
def schema():
    built = build_schema(SDL)
    date_time = built.type_map["DateTime"]
    assert isinstance(date_time, GraphQLScalarType)
    date_time.serialize = lambda value: value.isoformat()
    return built


def _rows(rows: list[dict]) -> list[dict]:
    converted = []
    for row in rows:
        out = {}
        for key, value in row.items():
            if key in REFERENCES:
                out[REFERENCES[key]] = None if value is None else {"id": value}
            else:
                out[_camel(key)] = value
        converted.append(out)
    return converted


def graphql_core_graph(raw: RawSQL, map_id) -> bytes:
    """The raw baseline's rows through graphql-core's executor, serialised with orjson."""
    graph = {_camel(name): _rows(raw.rows(sql, {"map": map_id})) for name, sql in GRAPH_QUERIES.items()}
    for row in graph["statements"]:
        row["tags"] = []
    for row in graph["schemeApplications"]:
        row["tags"] = []
        row["conflictKind"] = None
        row["scheme"] = {"key": row["scheme"]} if row.get("scheme") else None
    result = graphql_sync(schema(), QUERY, root_value={"map": {"graph": graph}}, variable_values={"id": str(map_id)})
    if result.errors:
        raise AssertionError(str(result.errors[:3]))
    return orjson.dumps({"data": result.data})
