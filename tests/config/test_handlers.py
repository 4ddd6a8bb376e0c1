"""The ASGI handler's one-hop sync chain answers exactly as the WSGI handler does."""

import asyncio

import pytest
from asgiref.testing import ApplicationCommunicator
from django.test import Client
from rest_framework.authtoken.models import Token

from config.handlers import SyncChainASGIHandler
from tests.factories import make_statement

pytestmark = pytest.mark.django_db(transaction=True)


def asgi_get(path: str, headers: dict) -> tuple[int, dict, bytes]:
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "GET",
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": b"",
        "headers": [(k.lower().encode(), v.encode()) for k, v in {"host": "testserver", **headers}.items()],
        "client": ("127.0.0.1", 5000),
        "server": ("testserver", 80),
    }

    async def exchange():
        communicator = ApplicationCommunicator(SyncChainASGIHandler(), scope)
        await communicator.send_input({"type": "http.request", "body": b""})
        start = await communicator.receive_output(10)
        body = b""
        while True:
            message = await communicator.receive_output(10)
            body += message.get("body", b"")
            if not message.get("more_body"):
                break
        return start["status"], {k.decode().lower(): v.decode() for k, v in start["headers"]}, body

    return asyncio.run(exchange())


def test_a_point_read_over_asgi_is_the_wsgi_read(owner, argument_map):
    statement = make_statement(argument_map, text="ASGI と WSGI", actor=owner)
    auth = {"Authorization": f"Token {Token.objects.create(user=owner).key}"}
    path = f"/api/v1/statements/{statement.pk}/"
    status, headers, body = asgi_get(path, auth)
    wsgi = Client(HTTP_AUTHORIZATION=auth["Authorization"]).get(path)
    assert (status, body) == (wsgi.status_code, wsgi.content)
    assert headers["etag"] == wsgi["ETag"] and headers["x-frame-options"] == "DENY"
    status, _, body = asgi_get(path, {"Authorization": "Token " + "0" * 40})
    assert status == 401
