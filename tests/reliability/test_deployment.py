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


# --- behind a proxy: the throttles must know which X-Forwarded-For entry is the client ---


def test_behind_a_proxy_without_trusted_hops_production_refuses_to_start():
    behind = {**PRODUCTION_ENV, "ARGMAP_BEHIND_PROXY": "1"}
    result = _run_in_production("check", "--deploy", env=behind)
    assert result.returncode != 0 and "argmap.E001" in result.stderr + result.stdout
    started = subprocess.run(
        [sys.executable, "-c", "import config.wsgi"],
        cwd=ROOT,
        env={**{k: v for k, v in os.environ.items() if not k.startswith(("ARGMAP_", "DJANGO_"))}, **behind},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert started.returncode != 0 and "Refusing to start: argmap.E001" in started.stderr
    configured = _run_in_production(
        "check", "--deploy", "--fail-level", "WARNING", env={**behind, "ARGMAP_TRUSTED_PROXY_HOPS": "1"}
    )
    assert configured.returncode == 0, configured.stdout + configured.stderr


@override_settings(DEBUG=False, ARGMAP_TRUSTED_PROXY_HOPS=0)
def test_a_forwarded_request_without_trusted_hops_is_logged(db, caplog, monkeypatch):
    monkeypatch.setattr("config.security._proxy_warned", False)
    with caplog.at_level("WARNING", logger="config.security"):
        Client(REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.7").get("/api/v1/")
    assert "ARGMAP_TRUSTED_PROXY_HOPS is 0" in caplog.text


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


def login(client, username, password):
    return client.post("/admin/login/", {"username": username, "password": password})


@override_settings(ARGMAP_LOGIN_FAILURES=(3, 300), ARGMAP_LOGIN_ADDRESS_FAILURES=(10, 300))
def test_admin_login_guessing_is_throttled_per_address_and_username(db):
    staff = UserFactory(username="curator", is_staff=True)
    staff.save()
    attacker, neighbour = Client(REMOTE_ADDR="203.0.113.7"), Client(REMOTE_ADDR="198.51.100.2")
    for _ in range(3):
        assert login(attacker, "curator", "guess").status_code == 200  # the form again, with its error
    blocked = login(attacker, "curator", "pw-for-tests")
    assert blocked.status_code == 429 and int(blocked["Retry-After"]) > 0
    assert "Too many failed logins" in blocked.content.decode()
    assert "_auth_user_id" not in attacker.session, "a right password after the limit would confirm a guess"
    assert login(neighbour, "curator", "pw-for-tests").status_code == 302


@override_settings(ARGMAP_LOGIN_FAILURES=(10, 300), ARGMAP_LOGIN_ADDRESS_FAILURES=(100, 300))
def test_the_right_password_gets_in_after_ten_failures_from_the_same_address(db):
    """An office behind one address: ten failed logins of other people there do not lock anyone out."""
    curator = UserFactory(username="curator", is_staff=True)
    curator.save()
    office = Client(REMOTE_ADDR="203.0.113.20")
    for i in range(10):
        assert login(office, f"colleague{i % 3}", "wrong").status_code == 200
    assert login(office, "curator", "pw-for-tests").status_code == 302
    assert office.session["_auth_user_id"] == str(curator.pk)


@override_settings(ARGMAP_LOGIN_FAILURES=(10, 300), ARGMAP_LOGIN_ADDRESS_FAILURES=(12, 300))
def test_spraying_many_usernames_from_one_address_hits_the_address_limit(db):
    sprayer = Client(REMOTE_ADDR="203.0.113.21")
    for i in range(12):
        assert login(sprayer, f"user-{i}", "Summer2026!").status_code == 200
    assert login(sprayer, "user-99", "Summer2026!").status_code == 429


@override_settings(ARGMAP_TOKEN_FAILURES=(4, 300), ARGMAP_TOKEN_ADDRESS_FAILURES=(20, 300))
def test_token_guessing_is_throttled_on_both_apis_but_a_valid_token_gets_through(fuzz_team):
    attacker = Client(REMOTE_ADDR="203.0.113.9")
    for i in range(4):
        response = attacker.get("/api/v1/maps/", HTTP_AUTHORIZATION=f"Token {'0' * 39}{i}")
        assert response.status_code == 401
    rest = attacker.get("/api/v1/maps/", HTTP_AUTHORIZATION=f"Token {'0' * 39}9")
    assert rest.status_code == 429 and rest["Content-Type"].startswith("application/problem+json")
    assert rest.json()["status"] == 429 and int(rest["Retry-After"]) > 0
    graphql = attacker.post(
        "/graphql/",
        '{"query": "{ viewer { username } }"}',
        content_type="application/json",
        HTTP_AUTHORIZATION="Token " + "0" * 40,
    )
    assert graphql.status_code == 429 and graphql.json()["errors"][0]["extensions"]["code"] == "THROTTLED"
    valid = attacker.get("/api/v1/maps/", HTTP_AUTHORIZATION=f"Token {fuzz_team['tokens']['editor']}")
    assert valid.status_code == 200, "a valid token from the guessing address is served"
    for _ in range(10):  # valid tokens never count
        honest = Client(REMOTE_ADDR="198.51.100.3")
        assert (
            honest.get("/api/v1/maps/", HTTP_AUTHORIZATION=f"Token {fuzz_team['tokens']['editor']}").status_code == 200
        )


@override_settings(ARGMAP_TOKEN_FAILURES=(20, 300), ARGMAP_TOKEN_ADDRESS_FAILURES=(200, 300))
def test_a_valid_token_gets_in_after_twenty_bad_ones_from_the_same_address(fuzz_team):
    address = Client(REMOTE_ADDR="203.0.113.30")
    for i in range(20):
        assert address.get("/api/v1/maps/", HTTP_AUTHORIZATION=f"Token {'a' * 38}{i:02d}").status_code == 401
    assert address.get("/api/v1/maps/", HTTP_AUTHORIZATION=f"Token {'a' * 38}99").status_code == 429
    assert address.get("/api/v1/maps/", HTTP_AUTHORIZATION=f"Token {fuzz_team['tokens']['editor']}").status_code == 200


@override_settings(ARGMAP_TOKEN_FAILURES=(5, 300), ARGMAP_TOKEN_ADDRESS_FAILURES=(20, 300))
def test_an_attacker_behind_an_unconfigured_proxy_locks_out_no_client_with_a_good_token(fuzz_team, caplog):
    """Without ARGMAP_TRUSTED_PROXY_HOPS every client shares the proxy's address."""
    proxy = {"REMOTE_ADDR": "10.0.0.1"}
    for i in range(40):
        Client(**proxy, HTTP_X_FORWARDED_FOR=f"198.51.100.{i}").get(
            "/api/v1/maps/", HTTP_AUTHORIZATION=f"Token {secrets.token_hex(20)}"
        )
    for who, token in fuzz_team["tokens"].items():
        response = Client(**proxy, HTTP_X_FORWARDED_FOR="192.0.2.50").get(
            "/api/v1/maps/", HTTP_AUTHORIZATION=f"Token {token}"
        )
        assert response.status_code == 200, who


@override_settings(ARGMAP_TOKEN_FAILURES=(10, 60), ARGMAP_TOKEN_ADDRESS_FAILURES=(1000, 60))
def test_the_sliding_window_lets_no_double_burst_through_at_a_boundary(fuzz_team, monkeypatch):
    clock = {"now": 6_000 * 60 + 59.0}  # one second before a fixed-window boundary
    monkeypatch.setattr("config.security._now", lambda: clock["now"])
    attacker = Client(REMOTE_ADDR="203.0.113.40")
    token = "Token " + "b" * 40

    def failures_served() -> int:
        return sum(attacker.get("/api/v1/maps/", HTTP_AUTHORIZATION=token).status_code == 401 for _ in range(25))

    assert failures_served() == 10
    clock["now"] += 2  # one second after the boundary: a fixed window would start from zero here
    assert failures_served() == 0
    clock["now"] += 60  # a full window later the old failures have slid out
    assert failures_served() == 10


def test_retry_after_says_when_the_sliding_count_drops_below_the_limit(monkeypatch):
    clock = {"now": 1_000 * 100 + 50.0}
    monkeypatch.setattr("config.security._now", lambda: clock["now"])
    throttle = Throttle(f"retry-{secrets.token_hex(4)}", limit=4, window=100)
    for _ in range(4):
        throttle.record_failure("k")
    assert throttle.exceeded("k")
    wait = throttle.retry_after("k")
    clock["now"] += wait - 1
    assert throttle.exceeded("k")
    clock["now"] += 1
    assert not throttle.exceeded("k")


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
