"""GraphQL over WebSocket, protocol ``graphql-transport-ws`` (what Apollo, urql and gql speak), at ``/graphql/``.

A small implementation of the protocol on a Channels consumer, executing
subscriptions with graphql-core's ``subscribe`` over the graphene schema (and
queries and mutations with ``graphql``). The caller is the session's user
(cookie, checked against the allowed hosts' origins) or the one whose API token
is sent in ``connection_init``'s payload as ``{"authorization": "Token <key>"}``.
"""

from __future__ import annotations

import asyncio
import contextlib
from types import SimpleNamespace
from urllib.parse import urlparse

import orjson
from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncWebsocketConsumer
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.http.request import validate_host
from graphql import ExecutionResult, GraphQLError, parse, subscribe, validate

from .core.limits import MAX_QUERY_LENGTH, validation_rules
from .schema import schema
from .views import ArgmapGraphQLView

PROTOCOL = "graphql-transport-ws"
#: Seconds a client has to send ``connection_init`` (the protocol's close code 4408 after).
INIT_TIMEOUT = 10


class GraphQLWebSocketConsumer(AsyncWebsocketConsumer):
    async def connect(self):
        if PROTOCOL not in self.scope.get("subprotocols", []):
            await self.close(code=4406)
            return
        if not _origin_allowed(self.scope):
            await self.close(code=4403)
            return
        self.user = self.scope.get("user") or AnonymousUser()
        self.acknowledged = False
        self.operations: dict[str, asyncio.Task] = {}
        await self.accept(PROTOCOL)
        self.init_timer = asyncio.get_running_loop().call_later(INIT_TIMEOUT, self._init_timeout)

    def _init_timeout(self):
        if not self.acknowledged:
            self.closing = asyncio.ensure_future(self.close(code=4408))

    async def disconnect(self, code):
        for task in getattr(self, "operations", {}).values():
            task.cancel()

    async def send_json(self, message: dict) -> None:
        await self.send(text_data=orjson.dumps(message, option=orjson.OPT_NON_STR_KEYS | orjson.OPT_UTC_Z).decode())

    async def receive(self, text_data=None, bytes_data=None):
        try:
            message = orjson.loads(text_data or bytes_data or b"")
            kind = message["type"]
        except (orjson.JSONDecodeError, KeyError, TypeError):
            await self.close(code=4400)
            return
        if kind == "connection_init":
            if self.acknowledged:
                await self.close(code=4429)
                return
            payload = message.get("payload") or {}
            token = payload.get("authorization") or payload.get("Authorization") if isinstance(payload, dict) else None
            if token:
                user = await _user_for_token(token)
                if user is None:
                    await self.close(code=4403)
                    return
                self.user = user
            self.acknowledged = True
            self.init_timer.cancel()
            await self.send_json({"type": "connection_ack"})
        elif kind == "ping":
            await self.send_json({"type": "pong"})
        elif kind == "pong":
            return
        elif not self.acknowledged:
            await self.close(code=4401)
        elif kind == "subscribe":
            await self._subscribe(message)
        elif kind == "complete":
            task = self.operations.pop(str(message.get("id")), None)
            if task is not None:
                task.cancel()
                # Not required by the protocol, but clients such as gql wait for it before closing.
                await self.send_json({"type": "complete", "id": str(message.get("id"))})
        else:
            await self.close(code=4400)

    async def _subscribe(self, message: dict) -> None:
        operation_id = message.get("id")
        payload = message.get("payload")
        if not isinstance(operation_id, str) or not isinstance(payload, dict) or not payload.get("query"):
            await self.close(code=4400)
            return
        if operation_id in self.operations:
            await self.close(code=4409)
            return
        self.operations[operation_id] = asyncio.ensure_future(self._run(operation_id, payload))

    async def _run(self, operation_id: str, payload: dict) -> None:
        try:
            query, variables = payload["query"], payload.get("variables") or None
            if not isinstance(query, str) or len(query) > MAX_QUERY_LENGTH:
                await self._errors(operation_id, [GraphQLError(f"The query is longer than {MAX_QUERY_LENGTH}.")])
                return
            try:
                document = parse(query)
            except GraphQLError as error:
                await self._errors(operation_id, [error])
                return
            errors = validate(schema.graphql_schema, document, rules=validation_rules(variables))
            if errors:
                await self._errors(operation_id, errors)
                return
            context = SimpleNamespace(user=self.user)
            operation_name = payload.get("operationName")
            if _operation_type(document, operation_name) != "subscription":
                refusal = "Only subscriptions run over WebSocket; send queries and mutations to POST /graphql/."
                await self._errors(operation_id, [GraphQLError(refusal)])
                return
            stream = await subscribe(
                schema.graphql_schema,
                document,
                context_value=context,
                variable_values=variables,
                operation_name=operation_name,
            )
            if isinstance(stream, ExecutionResult):
                await self._errors(operation_id, stream.errors or [])
                return
            try:
                async for result in stream:
                    await self._next(operation_id, result)
            except Exception as exc:
                await self._errors(operation_id, [GraphQLError("The subscription failed.", original_error=exc)])
                return
            finally:
                with contextlib.suppress(Exception):
                    await stream.aclose()
            await self.send_json({"type": "complete", "id": operation_id})
        finally:
            self.operations.pop(operation_id, None)

    async def _next(self, operation_id: str, result: ExecutionResult) -> None:
        body: dict = {"data": result.data}
        if result.errors:
            body["errors"] = [ArgmapGraphQLView.format_error(error) for error in result.errors]
        await self.send_json({"type": "next", "id": operation_id, "payload": body})

    async def _errors(self, operation_id: str, errors) -> None:
        formatted = [ArgmapGraphQLView.format_error(error) for error in errors]
        await self.send_json({"type": "error", "id": operation_id, "payload": formatted})


def _origin_allowed(scope) -> bool:
    """Browsers always send ``Origin``: it must be one of ours, or a page elsewhere could act with the
    visitor's session cookie. Other clients send none and authenticate with a token."""
    origin = dict(scope.get("headers", [])).get(b"origin")
    if origin is None:
        return True
    host = urlparse(origin.decode("latin-1")).hostname or ""
    return validate_host(host, settings.ALLOWED_HOSTS)


def _operation_type(document, operation_name) -> str | None:
    for definition in document.definitions:
        if getattr(definition, "operation", None) is None:
            continue
        if operation_name is None or (definition.name and definition.name.value == operation_name):
            return definition.operation.value
    return None


@database_sync_to_async
def _user_for_token(header: str):
    from rest_framework.authtoken.models import Token

    key = header.split(" ", 1)[1].strip() if header.lower().startswith("token ") else header.strip()
    token = Token.objects.select_related("user").filter(key=key).first()
    if token is None or not token.user.is_active:
        return None
    return token.user
