"""``/graphql/``: graphene-django's view with argmap's limits, DataLoaders, token auth and CSRF rules.

Authentication: a browser session (GraphiQL, the admin's login) or
``Authorization: Token <key>`` (the same tokens as the REST API). Session
requests that write must carry the CSRF token, as Django requires anywhere;
token and anonymous requests need none, since no cookie speaks for them.
"""

from __future__ import annotations

import logging
from functools import lru_cache

import orjson
from django.db import connection, transaction
from django.http import HttpResponseBadRequest, HttpResponseNotAllowed, JsonResponse
from django.middleware.csrf import CsrfViewMiddleware
from django.utils.decorators import method_decorator
from django.views.decorators.csrf import csrf_exempt
from graphene_django.constants import MUTATION_ERRORS_FLAG
from graphene_django.settings import graphene_settings
from graphene_django.views import GraphQLView, HttpError
from graphql import (
    DocumentNode,
    ExecutionResult,
    FragmentDefinitionNode,
    GraphQLError,
    OperationType,
    execute,
    get_operation_ast,
    parse,
    validate,
    validate_schema,
)
from graphql.execution.values import get_variable_values
from rest_framework.exceptions import AuthenticationFailed

from api.authentication import ReadBeside, TokenAuthentication
from api.failures import DATABASE_FAILURES, RETRY_AFTER_SECONDS
from argmap.errors import DomainError, PermissionDenied
from argmap.selectors.point_reads import UNREAD

from .core.compiled import enabled as compiled_enabled
from .core.compiled import object_members
from .core.context import loaders
from .core.errors import error_from
from .core.execution import RowExecutionContext
from .core.limits import MAX_QUERY_LENGTH, rules_to_run, token_refusal
from .core.loaders import OBJECT_JSON, visible_point_read
from .core.node import SoleNode, sole_node

logger = logging.getLogger(__name__)
#: Parsed documents remembered per process, by query string (each at most ``MAX_QUERY_LENGTH`` long).
PARSED_DOCUMENTS_KEPT = 512
DATABASE_FAILED = "The database failed while handling this request, so nothing was saved. Try again."
#: The node types whose ``node(id:)`` the token's round trip may read (:meth:`ArgmapGraphQLView.node_beside`).
READ_BESIDE_TYPES = frozenset({"Statement"})


@lru_cache(maxsize=PARSED_DOCUMENTS_KEPT)
def parsed(query: str) -> DocumentNode:
    """The document of ``query``; nothing changes a parsed document (validation and execution only read
    it), so one copy serves every request and thread. A query that does not parse is not remembered."""
    return parse(query)


@lru_cache(maxsize=PARSED_DOCUMENTS_KEPT)
def sole_node_of(query: str, operation_name: str | None) -> SoleNode | None:
    """:func:`~.core.node.sole_node` of the parsed ``query``, worked out once per query string and operation."""
    return sole_node(parsed(query), operation_name)


def _csrf_refusal(request) -> str | None:
    """Django's own CSRF check, as DRF's SessionAuthentication applies it."""

    def accept(request):
        return None

    check = CsrfViewMiddleware(accept)
    check.process_request(request)
    response = check.process_view(request, None, (), {})
    return None if response is None else "CSRF token missing or incorrect; send it in the X-CSRFToken header."


def _transport_error(error: HttpError) -> dict:
    """An HTTP-level refusal (a batched array, a body that is not JSON or not UTF-8, a mutation over GET):
    the client's request is at fault, not the server, so it is never labelled ``INTERNAL``. 405 keeps
    graphene's ``Allow`` header (``POST`` for a mutation sent with GET)."""
    return {"message": error.message, "extensions": {"code": "BAD_REQUEST"}}


#: graphene-django's dispatch without its ``ensure_csrf_cookie``, for a request authenticated by its token: no
#: cookie speaks for it, so a CSRF cookie protects nothing (and its random token cost a point read ~6 %).
_DISPATCH_WITHOUT_CSRF_COOKIE = GraphQLView.dispatch.__wrapped__


class _NodeBeside(ReadBeside):
    """``written``: the response name of the ``node`` field when the row carries the node's object as
    JSON (:data:`~.core.loaders.OBJECT_JSON`), so the operation is answered without execution."""

    __slots__ = ("node_type", "written")

    def __init__(self, point_read, key, *, node_type: tuple, written: str | None):
        super().__init__(point_read, key)
        self.node_type, self.written = node_type, written

    def data(self) -> dict:
        """The operation's ``data``, as execution answers it: the node's object, or null when not found."""
        return {self.written: None if self.row is None else orjson.Fragment(getattr(self.row, OBJECT_JSON))}


class _Info:
    """What :func:`~.core.context.loaders` reads of a resolver's ``info``: the request (graphene's context)."""

    __slots__ = ("context",)

    def __init__(self, request):
        self.context = request


@method_decorator(csrf_exempt, name="dispatch")
class ArgmapGraphQLView(GraphQLView):
    graphiql = True
    execution_context_class = RowExecutionContext

    def dispatch(self, request, *args, **kwargs):
        header = request.headers.get("Authorization", "")
        if header.split(" ", 1)[0].lower() == "token":
            beside = self.node_beside(request)
            try:
                authenticated = TokenAuthentication().authenticate(request)
            except AuthenticationFailed as exc:
                return JsonResponse({"errors": [{"message": str(exc.detail)}]}, status=401)
            except DATABASE_FAILURES as failure:
                logger.error("Database failure while authenticating a token", exc_info=failure)
                return JsonResponse(
                    {"errors": [{"message": DATABASE_FAILED, "extensions": {"code": "UNAVAILABLE"}}]},
                    status=503,
                    headers={"Retry-After": str(RETRY_AFTER_SECONDS)},
                )
            if authenticated is not None:
                request.user = authenticated[0]
                if beside is not None and beside.row is not UNREAD and beside.written is None:
                    model, visible_for = beside.node_type
                    loaders(_Info(request)).prime_visible(model, visible_for, beside.key, beside.row)
                return _DISPATCH_WITHOUT_CSRF_COOKIE(self, request, *args, **kwargs)
        elif request.method == "POST" and request.user.is_authenticated:
            refusal = _csrf_refusal(request)
            if refusal:
                return JsonResponse({"errors": [{"message": refusal}]}, status=403)
        return super().dispatch(request, *args, **kwargs)

    def node_beside(self, request) -> ReadBeside | None:
        """For a token request whose operation is one ``node(id:)`` of a :data:`READ_BESIDE_TYPES` id
        (:func:`~.core.node.sole_node`), the node's read that the token's authentication may make in its
        own round trip, as REST's detail does (``request.argmap_read_beside``); the row found then answers the
        node's DataLoader or, when its selection compiles (:meth:`_written_members`), carries the node's JSON
        that answers the operation (:meth:`_execute`). The body and the document are read once: ``parse_body``
        and :func:`parsed` give the same objects again later. ``None`` (the usual path) for anything else or
        anything malformed, whose refusal is left to where it is made today."""
        if request.method not in ("GET", "POST"):
            return None
        try:
            data = self.parse_body(request)
            query, variables, operation_name, _ = self.get_graphql_params(request, data)
        except HttpError:
            return None
        if not isinstance(query, str) or len(query) > MAX_QUERY_LENGTH or token_refusal(query) is not None:
            return None
        try:
            node = sole_node_of(query, operation_name)
        except Exception:  # a syntax error, an operation name that is not a string: reported by the usual path
            return None
        found = None if node is None else node.read(variables)
        if found is None or found[0] not in READ_BESIDE_TYPES:
            return None
        object_type = self.schema.graphql_schema.get_type(found[0])
        graphene_type = object_type.graphene_type
        node_type = (graphene_type._meta.model, graphene_type.visible_for)
        members = self._written_members(request, query, node, object_type, variables, operation_name)
        written = None if members is None else (node.field.alias or node.field.name).value
        beside = _NodeBeside(visible_point_read(*node_type, members), found[1], node_type=node_type, written=written)
        request.argmap_read_beside = beside
        return beside

    def _written_members(self, request, query, node, object_type, variables, operation_name) -> tuple | None:
        """The members PostgreSQL writes the node's object as (:func:`~.core.compiled.object_members`), when
        execution would run nothing else: no middleware, variables that coerce (a refusal is execution's to
        report), a selection that compiles. ``None`` otherwise: the node is executed as before."""
        if self.get_middleware(request) or not compiled_enabled() or not isinstance(variables, (dict, type(None))):
            return None
        schema = self.schema.graphql_schema

        def fragments() -> dict:
            definitions = parsed(query).definitions
            return {each.name.value: each for each in definitions if isinstance(each, FragmentDefinitionNode)}

        def context():
            built = self.execution_context_class.build(
                schema, parsed(query), raw_variable_values=variables, operation_name=operation_name
            )
            return None if isinstance(built, list) else built

        try:
            if node.id_only:
                coerced = {} if node.variable is None else {node.variable: variables[node.variable]}
            else:
                coerced = get_variable_values(schema, node.operation.variable_definitions, variables or {})
                if isinstance(coerced, list):
                    return None
            return object_members(object_type, [node.field], coerced, fragments, context)
        except Exception:  # a document validation refuses (e.g. a directive given an ID): refused as before
            logger.debug("node(id:) executed, not written", exc_info=True)
            return None

    def parse_body(self, request):
        """graphene's parsing, with two bodies it let through as 500s refused as 400s; a body is parsed once
        per request (:meth:`node_beside` may have parsed it already)."""
        cached = getattr(request, "_argmap_graphql_body", None)
        if cached is not None:
            return cached
        request._argmap_graphql_body = self._parse_body(request)
        return request._argmap_graphql_body

    def _parse_body(self, request):
        try:
            return super().parse_body(request)
        except RecursionError:
            raise HttpError(HttpResponseBadRequest("The JSON body is nested too deeply.")) from None
        except UnicodeDecodeError:
            raise HttpError(HttpResponseBadRequest("The body is not valid UTF-8.")) from None

    def execute_graphql_request(self, request, data, query, variables, operation_name, show_graphiql=False):
        if query is not None and not isinstance(query, str):
            return ExecutionResult(errors=[GraphQLError("query must be a string holding a GraphQL document.")])
        if variables is not None and not isinstance(variables, dict):
            return ExecutionResult(
                errors=[GraphQLError("variables must be a JSON object of variable names to values.")]
            )
        if query and len(query) > MAX_QUERY_LENGTH:
            return ExecutionResult(
                errors=[GraphQLError(f"The query is {len(query)} characters long; the limit is {MAX_QUERY_LENGTH}.")]
            )
        if query and (refusal := token_refusal(query)) is not None:
            return ExecutionResult(errors=[refusal])
        self.validation_rules = rules_to_run(self.schema.graphql_schema, query, variables)
        if not query:
            return super().execute_graphql_request(request, data, query, variables, operation_name, show_graphiql)
        return self._execute(request, query, variables, operation_name, show_graphiql)

    def _execute(self, request, query, variables, operation_name, show_graphiql):
        """graphene-django's ``execute_graphql_request`` with the parsed document remembered per query
        string (:func:`parsed`): a client sends the same few documents again and again, and parsing one
        costs a point read as much as a third of its validation. A written node (:class:`_NodeBeside`) is
        answered once validated, without execution."""
        schema = self.schema.graphql_schema
        schema_errors = validate_schema(schema)
        if schema_errors:
            return ExecutionResult(data=None, errors=schema_errors)
        try:
            document = parsed(query)
        except Exception as error:  # as graphene-django: a syntax error (or worse) goes into the response
            return ExecutionResult(errors=[error])
        operation = get_operation_ast(document, operation_name)
        if request.method.lower() == "get" and operation is not None and operation.operation != OperationType.QUERY:
            if show_graphiql:
                return None
            raise HttpError(
                HttpResponseNotAllowed(
                    ["POST"], f"Can only perform a {operation.operation.value} operation from a POST request."
                )
            )
        errors = (
            validate(schema, document, self.validation_rules, graphene_settings.MAX_VALIDATION_ERRORS)
            if self.validation_rules
            else ()
        )
        if errors:
            return ExecutionResult(data=None, errors=errors)
        beside = getattr(request, "argmap_read_beside", None)
        if isinstance(beside, _NodeBeside) and beside.written is not None and beside.row is not UNREAD:
            return ExecutionResult(data=beside.data())
        options = {
            "root_value": self.get_root_value(request),
            "context_value": self.get_context(request),
            "variable_values": variables,
            "operation_name": operation_name,
            "middleware": self.get_middleware(request),
            "execution_context_class": self.execution_context_class,
        }
        try:
            if operation is not None and operation.operation == OperationType.MUTATION and self._atomic_mutations():
                with transaction.atomic():
                    result = execute(schema, document, **options)
                    if getattr(request, MUTATION_ERRORS_FLAG, False) is True:
                        transaction.set_rollback(True)
                return result
            return execute(schema, document, **options)
        except Exception as error:  # graphene-django's own handling: the error goes into the response
            return ExecutionResult(errors=[error])

    @staticmethod
    def _atomic_mutations() -> bool:
        return graphene_settings.ATOMIC_MUTATIONS is True or connection.settings_dict.get("ATOMIC_MUTATIONS") is True

    def json_encode(self, request, d, pretty=False):
        """Every response rendered with orjson, faster than graphene's stdlib encoding on a
        whole map, and it also renders the UUIDs and datetimes of a pre-built JSON value (``Map.graphDocument``) and
        splices the bytes of a compiled field (``orjson.Fragment``) without parsing them.
        Text is sent as UTF-8 rather than ``\\u`` escapes: the same JSON to every parser."""
        option = orjson.OPT_NON_STR_KEYS | orjson.OPT_UTC_Z
        if self.pretty or pretty or request.GET.get("pretty"):
            # a compiled field (``core.compiled``) is an ``orjson.Fragment``, which orjson splices unindented
            d = orjson.loads(orjson.dumps(d, option=option))
            option |= orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS
        return orjson.dumps(d, option=option)

    @staticmethod
    def format_error(error):
        """GraphQL's error shape, with ``extensions.code`` when a domain rule refused a read (e.g. VALIDATION)
        and ``BAD_REQUEST`` when the HTTP request itself was unusable (see :func:`_transport_error`).

        A refusal raised on purpose in a resolver (a domain error, or a GraphQLError such as a foreign cursor)
        also carries ``classification`` — ``BAD_REQUEST`` (``FORBIDDEN`` for a role's refusal), Spring for
        GraphQL's error types — so a client or a fuzzer can tell "your request was refused" from a server
        failure (``INTERNAL``) although the error has a ``path``.

        An unexpected exception is logged and reported without its message, which may hold internals
        (SQL, paths). In a field resolved directly the rest of the response is still served; one raised
        inside a DataLoader batch ends the whole execution (graphql-sync-dataloaders cannot propagate
        it to a nullable parent), which answers 400.
        """
        if isinstance(error, HttpError):
            return _transport_error(error)
        formatted = GraphQLView.format_error(error)
        original = error if not isinstance(error, GraphQLError) else getattr(error, "original_error", None)
        if isinstance(original, DATABASE_FAILURES):
            logger.error("Database failure at %s", formatted.get("path"), exc_info=original)
            formatted["message"] = DATABASE_FAILED
            formatted.setdefault("extensions", {})["code"] = "UNAVAILABLE"
        elif original is not None and not isinstance(original, (DomainError, GraphQLError)):
            logger.error("GraphQL resolver failed at %s", formatted.get("path"), exc_info=original)
            formatted["message"] = "Internal error: this field could not be resolved."
            formatted.setdefault("extensions", {})["code"] = "INTERNAL"
        elif isinstance(original, DomainError):
            formatted.setdefault("extensions", {}).update(
                {
                    "code": error_from(original).code.value,
                    "field": original.field,
                    "rule": original.rule,
                    "classification": "FORBIDDEN" if isinstance(original, PermissionDenied) else "BAD_REQUEST",
                }
            )
        elif isinstance(original, GraphQLError):
            formatted.setdefault("extensions", {}).setdefault("classification", "BAD_REQUEST")
        return formatted
