"""Abuse and deployment: production settings pass ``check --deploy``, secrets come only from the
environment, CORS is explicit, and password / token guessing is throttled in the shared cache."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.cache import cache, caches
from django.test import Client, override_settings

from config.security import Throttle
from tests.factories import UserFactory

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION_ENV = {
    "DEBUG": "0",
    "SECRET_KEY": secrets.token_urlsafe(64),
    "ALLOWED_HOSTS": "argmap.example.org",
    "DJANGO_SETTINGS_MODULE": "config.settings",
}


def _run_in_production(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    """``manage.py`` in a fresh process under production settings (nothing of the test settings leaks in)."""
    base = {k: v for k, v in os.environ.items() if not k.startswith(("ARGMAP_", "DJANGO_", "SECRET_KEY", "DEBUG"))}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**base, **(env if env is not None else PRODUCTION_ENV)},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_is_clean_under_production_settings():
    result = _run_in_production("check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_settings_are_hardened():
    code = (
        "from django.conf import settings as s;"
        "print(s.DEBUG, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_SSL_REDIRECT,"
        " s.SECURE_HSTS_SECONDS >= 31536000, s.CACHES['default']['BACKEND'].rsplit('.', 1)[1],"
        " s.CORS_ALLOWED_ORIGINS, s.CORS_ALLOW_CREDENTIALS)"
    )
    env = {**PRODUCTION_ENV, "CORS_ALLOWED_ORIGINS": "https://viz.example.org", "REDIS_URL": "redis://cache:6379/1"}
    result = _run_in_production("shell", "-c", code, env=env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1].split() == [
        "False",
        "True",
        "True",
        "True",
        "True",
        "RedisCache",
        "['https://viz.example.org']",
        "False",
    ]


def test_production_refuses_to_start_without_a_secret_key():
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != "SECRET_KEY"}
    result = _run_in_production("check", env=env)
    assert result.returncode != 0 and "SECRET_KEY must be set" in result.stderr


# --- CORS: only the listed origins, only the APIs, with the headers optimistic concurrency needs ---


@override_settings(CORS_ALLOWED_ORIGINS=["https://viz.example.org"])
@pytest.mark.parametrize("path", ["/api/v1/statements/", "/graphql/"])
def test_cors_allows_only_listed_origins_on_the_apis(db, path):
    client = Client()
    preflight = {"HTTP_ACCESS_CONTROL_REQUEST_METHOD": "PATCH", "HTTP_ACCESS_CONTROL_REQUEST_HEADERS": "if-match"}
    allowed = client.options(path, HTTP_ORIGIN="https://viz.example.org", **preflight)
    assert allowed["Access-Control-Allow-Origin"] == "https://viz.example.org"
    assert "if-match" in allowed["Access-Control-Allow-Headers"]
    assert "Access-Control-Allow-Credentials" not in allowed
    assert (
        "ETag" in client.get("/api/v1/schemes/", HTTP_ORIGIN="https://viz.example.org")["Access-Control-Expose-Headers"]
    )
    refused = client.options(path, HTTP_ORIGIN="https://evil.example.com", **preflight)
    assert "Access-Control-Allow-Origin" not in refused


@override_settings(CORS_ALLOWED_ORIGINS=["https://viz.example.org"])
def test_cors_never_opens_the_admin(db):
    response = Client().get("/admin/login/", HTTP_ORIGIN="https://viz.example.org")
    assert "Access-Control-Allow-Origin" not in response


# --- throttling of guessing ---


@pytest.fixture(autouse=True)
def fresh_cache():
    cache.clear()
    yield
    cache.clear()


@override_settings(ARGMAP_LOGIN_FAILURES=(3, 300))
def test_admin_login_guessing_is_throttled_per_address(db):
    staff = UserFactory(username="curator", is_staff=True)
    staff.save()
    attacker, neighbour = Client(REMOTE_ADDR="203.0.113.7"), Client(REMOTE_ADDR="198.51.100.2")
    for _ in range(3):
        response = attacker.post("/admin/login/", {"username": "curator", "password": "guess"})
        assert response.status_code == 200  # the form again, with its error
    blocked = attacker.post("/admin/login/", {"username": "curator", "password": "pw-for-tests"})
    assert blocked.status_code == 429 and int(blocked["Retry-After"]) > 0
    assert "Too many failed logins" in blocked.content.decode()
    assert "_auth_user_id" not in attacker.session, "the right password must not get through while throttled"
    assert neighbour.post("/admin/login/", {"username": "curator", "password": "pw-for-tests"}).status_code == 302


@override_settings(ARGMAP_TOKEN_FAILURES=(4, 300))
def test_token_guessing_is_throttled_on_both_apis(fuzz_team):
    attacker = Client(REMOTE_ADDR="203.0.113.9")
    for i in range(4):
        response = attacker.get("/api/v1/maps/", HTTP_AUTHORIZATION=f"Token {'0' * 39}{i}")
        assert response.status_code == 401
    rest = attacker.get("/api/v1/maps/", HTTP_AUTHORIZATION=f"Token {fuzz_team['tokens']['editor']}")
    assert rest.status_code == 429 and rest["Content-Type"].startswith("application/problem+json")
    assert rest.json()["status"] == 429 and int(rest["Retry-After"]) > 0
    graphql = attacker.post(
        "/graphql/",
        '{"query": "{ viewer { username } }"}',
        content_type="application/json",
        HTTP_AUTHORIZATION="Token " + "1" * 40,
    )
    assert graphql.status_code == 429 and graphql.json()["errors"][0]["extensions"]["code"] == "THROTTLED"
    honest = Client(REMOTE_ADDR="198.51.100.3")
    ok = honest.get("/api/v1/maps/", HTTP_AUTHORIZATION=f"Token {fuzz_team['tokens']['editor']}")
    assert ok.status_code == 200
    for _ in range(10):  # valid tokens never count
        assert (
            honest.get("/api/v1/maps/", HTTP_AUTHORIZATION=f"Token {fuzz_team['tokens']['editor']}").status_code == 200
        )


def _redis_reachable() -> bool:
    import socket

    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=0.5).close()
    except OSError:
        return False
    return True


@pytest.mark.skipif(not _redis_reachable(), reason="no Redis on 127.0.0.1:6379")
def test_throttle_counts_are_shared_between_app_servers_through_redis():
    """Two app servers = two cache clients on one Redis: a failure counted by one is seen by the other."""
    redis = {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": "redis://127.0.0.1:6379/15"}
    with override_settings(CACHES={"default": redis, "other": redis}):
        caches["default"].clear()
        throttle = Throttle(f"shared-{secrets.token_hex(4)}", limit=2, window=60)
        throttle.record_failure("203.0.113.5")
        throttle.record_failure("203.0.113.5")
        key = throttle._key("203.0.113.5")
        assert caches["other"].get(key) == 2
        assert throttle.exceeded("203.0.113.5") and not throttle.exceeded("203.0.113.6")
        caches["default"].clear()


def test_a_cache_outage_does_not_lock_everyone_out(fuzz_team):
    """Throttling fails open: with the cache unreachable, honest requests are still served."""
    down = {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": "redis://127.0.0.1:1/0"}
    with override_settings(CACHES={"default": down}):
        response = Client().get("/api/v1/maps/", HTTP_AUTHORIZATION=f"Token {fuzz_team['tokens']['editor']}")
        assert response.status_code == 200
        assert Client().get("/api/v1/maps/", HTTP_AUTHORIZATION="Token " + "2" * 40).status_code == 401
