"""Review integrity on GraphQL: updateStatement on reviewed content sends it back to review."""

from argmap import services
from argmap.rules.review import EDITED_AFTER_REVIEW
from tests.api.graphql.conftest import GraphQLClient
from tests.api.graphql.test_mutations import UPDATE, gid
from tests.factories import make_statement

READ = "query ($id: ID!) { node(id: $id) { ... on Statement { text status statusReason version } } }"


def test_update_statement_on_an_accepted_statement_sends_it_back_to_review(team):
    annotator = team["annotator"]
    statement = make_statement(team["private"], "原文。", kind="claim", actor=annotator)
    services.set_review_status(actor=team["reviewer"], node=statement, status="accepted", expected_version=1)
    client = GraphQLClient(annotator)
    result = client(UPDATE, {"id": gid(statement), "v": 2, "text": "書き換え。"})
    assert result["data"]["updateStatement"] == {"statement": {"text": "書き換え。", "version": 3}, "errors": []}
    read = GraphQLClient(team["reviewer"])(READ, {"id": gid(statement)})["data"]["node"]
    assert read == {"text": "書き換え。", "status": "PROPOSED", "statusReason": EDITED_AFTER_REVIEW, "version": 3}
