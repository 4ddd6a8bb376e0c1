from graphql_relay import to_global_id

from tests.api.graphql.conftest import small_argument


def test_a_public_map_reads_anonymously(team, anonymous):
    nodes = small_argument(team["public"])
    result = anonymous(
        """
        query ($id: ID!) {
          map(id: $id) {
            name visibility
            statements { totalCount edges { node { id text kind supports { text } attackedBy { kind attacker { text } }
              anchors { exact start end document { title } } } } }
            schemeApplications { edges { node { type conflictKind premises { text } conclusion { text } } } }
          }
        }
        """,
        {"id": to_global_id("Map", team["public"].pk)},
    )
    assert result["status"] == 200, result
    assert "errors" not in result, result
    data = result["data"]["map"]
    assert data["statements"]["totalCount"] == 3
    premise = next(e["node"] for e in data["statements"]["edges"] if e["node"]["text"] == nodes["premise"].text)
    assert premise["supports"] == [{"text": nodes["claim"].text}]
    assert premise["attackedBy"] == [{"kind": "UNDERMINE", "attacker": {"text": nodes["rebuttal"].text}}]
    assert premise["anchors"][0]["exact"] == "核弾頭を50発"
