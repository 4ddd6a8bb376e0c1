"""The OpenAPI schema and the server agree: what the schema allows is accepted, what it forbids is refused
(400 naming the parameter), so a client generated from it, or a fuzzer judging by it, meets no surprise."""

import pytest

from api.rest.schema import NOT_BLANK
from tests.api.rest.conftest import problem


@pytest.fixture
def schema(api):
    return api.get("/api/v1/schema/?format=json").json()


def _parameter(schema, path, name):
    return next(p for p in schema["paths"][path]["get"]["parameters"] if p["name"] == name)


def test_choice_filters_are_published_as_enums_and_ids_as_uuids(schema):
    assert set(_parameter(schema, "/api/v1/statements/", "kind")["schema"]["enum"]) == {
        "claim",
        "premise",
        "rebuttal",
        "evidence",
    }
    assert set(_parameter(schema, "/api/v1/edges/", "role")["schema"]["enum"]) == {"antecedent", "consequent"}
    assert _parameter(schema, "/api/v1/documents/", "map")["schema"] == {"type": "string", "format": "uuid"}
    assert _parameter(schema, "/api/v1/statements/", "implicit")["schema"] == {"type": "boolean"}
    assert _parameter(schema, "/api/v1/sources/", "footnote")["schema"] == {"type": "integer"}
    page_size = _parameter(schema, "/api/v1/statements/", "page_size")["schema"]
    assert (page_size["minimum"], page_size["maximum"]) == (1, 500)


def test_text_that_must_not_be_blank_says_so(schema):
    text = schema["components"]["schemas"]["StatementCreateRequest"]["properties"]["text"]
    assert text["pattern"] == NOT_BLANK
    assert schema["components"]["schemas"]["StatementCreateRequest"]["additionalProperties"] is False


def test_blank_text_is_refused(api, argument_map):
    response = api.post("/api/v1/statements/", {"map": str(argument_map.pk), "kind": "claim", "text": " \u3000 "})
    assert problem(response)["status"] == 400 and "text" in problem(response)["errors"]


@pytest.mark.parametrize(
    "query, parameter",
    [
        ("map=", "map"),
        ("implicit=", "implicit"),
        ("page_size=2&page_size=3", "page_size"),
        ("page_size=abc", "page_size"),
        ("page_size=0", "page_size"),
        ("page_size=501", "page_size"),
        ("kind=claim&kind=premise", "kind"),
    ],
)
def test_values_out_of_the_schema_are_refused_naming_the_parameter(api, argument_map, query, parameter):
    body = problem(api.get(f"/api/v1/statements/?{query}"))
    assert body["status"] == 400 and parameter in body["errors"], body


def test_an_empty_id_filter_is_refused(api, workspace):
    assert problem(api.get("/api/v1/tags/?workspace="))["errors"]["workspace"]


def test_free_text_filters_publish_that_nul_is_refused(schema, api):
    assert _parameter(schema, "/api/v1/edges/", "author")["schema"]["pattern"] == r"^[^\x00]*$"
    assert problem(api.get("/api/v1/edges/?author=a%00b"))["errors"]["author"]


def test_free_text_filters_may_be_empty(api, argument_map):
    assert api.get("/api/v1/statements/?key=&author=").status_code == 200


@pytest.mark.parametrize("query", ["q=", "q=%20%E3%80%80", "q=a&q=b", "q=a&limit=0", "q=a&map="])
def test_search_refuses_what_its_schema_forbids(api, query):
    assert problem(api.get(f"/api/v1/search/?{query}"))["status"] == 400


def test_search_parameters_are_published_with_their_limits(schema):
    q = _parameter(schema, "/api/v1/search/", "q")["schema"]
    assert q["maxLength"] == 200 and q["pattern"]
    limit = _parameter(schema, "/api/v1/search/", "limit")["schema"]
    assert (limit["minimum"], limit["maximum"]) == (1, 200)


def test_a_number_where_the_schema_says_text_is_refused(api):
    response = api.post("/api/v1/workspaces/", {"slug": "numbers", "name": "Numbers", "description": 0})
    assert problem(response)["status"] == 400 and "description" in problem(response)["errors"]


def test_a_body_field_the_schema_does_not_list_is_refused(api, argument_map):
    response = api.post(
        "/api/v1/statements/", {"map": str(argument_map.pk), "kind": "claim", "text": "抑止", "colour": "red"}
    )
    assert problem(response)["errors"] == {"colour": ["Unknown field, or one that cannot be set here."]}
