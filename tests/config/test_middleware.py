"""Sessions, CSRF and messages are passed over for API requests with a token, and only for those."""

import pytest
from django.core import checks
from django.test import Client
from rest_framework.authtoken.models import Token

from tests.factories import make_statement


@pytest.fixture
def statement(argument_map, owner):
    return make_statement(argument_map, text="A point read.", actor=owner)


def test_a_token_request_keeps_the_security_headers_and_touches_no_session(owner, statement, monkeypatch):
    from django.contrib.sessions.backends import db as session_db

    def no_session(*args, **kwargs):
        raise AssertionError("a token request loaded a session")

    monkeypatch.setattr(session_db.SessionStore, "load", no_session)
    client = Client(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=owner).key}")
    client.cookies["sessionid"] = "a-cookie-a-browser-left-behind"
    response = client.get(f"/api/v1/statements/{statement.pk}/")
    assert response.status_code == 200
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "Content-Security-Policy" in response
    assert "sessionid" not in response.cookies and "csrftoken" not in response.cookies
    assert "Cookie" not in response.get("Vary", "")


def test_a_token_post_to_graphql_needs_no_csrf_token_but_a_session_post_does(owner, statement):
    query = {"query": "{ __typename }"}
    with_token = Client(enforce_csrf_checks=True, HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=owner).key}")
    answered = with_token.post("/graphql/", query, content_type="application/json")
    assert answered.status_code == 200
    assert "csrftoken" not in answered.cookies and "sessionid" not in answered.cookies

    browser = Client(enforce_csrf_checks=True)
    browser.force_login(owner)
    assert browser.post("/graphql/", query, content_type="application/json").status_code == 403
    assert "csrftoken" in browser.get("/graphql/", HTTP_ACCEPT="text/html").cookies, "GraphiQL still gets its cookie"
    assert (
        browser.post("/api/v1/workspaces/", {"slug": "x", "name": "X"}, content_type="application/json").status_code
        == 403
    )


def test_a_bad_token_is_still_refused_and_browsers_still_get_sessions(db, statement):
    assert Client(HTTP_AUTHORIZATION="Token " + "0" * 40).get(f"/api/v1/statements/{statement.pk}/").status_code == 401
    login = Client().get("/admin/login/")
    assert "csrftoken" in login.cookies


def test_the_admin_still_finds_its_middleware():
    assert [e for e in checks.run_checks() if e.id.startswith(("admin.E40", "admin.E41"))] == []


def test_the_deploy_check_wants_a_csrf_middleware_and_accepts_ours(settings):
    from config.checks import csrf_protection_is_on

    assert csrf_protection_is_on() == []
    settings.MIDDLEWARE = [path for path in settings.MIDDLEWARE if "Csrf" not in path]
    assert [warning.id for warning in csrf_protection_is_on()] == ["argmap.W001"]
