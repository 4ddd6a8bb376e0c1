"""``/graphql/``: graphene-django's view with argmap's limits, DataLoaders, token auth and CSRF rules.

Authentication: a browser session (GraphiQL, the admin's login) or
``Authorization: Token <key>`` (the same tokens as the REST API). Session
requests that write must carry the CSRF token, as Django requires anywhere;
token and anonymous requests need none, since no cookie speaks for them.
"""

from __future__ import annotations

import logging

import orjson
from django.http import HttpResponseBadRequest, JsonResponse
from django.middleware.csrf import CsrfViewMiddleware
from django.utils.decorators import method_decorator
from django.views.decorators.csrf import csrf_exempt
from graphene_django.views import GraphQLView, HttpError
from graphql import ExecutionResult, GraphQLError
from rest_framework.exceptions import AuthenticationFailed

from api.authentication import TokenAuthentication
from argmap.errors import DomainError, PermissionDenied
from config.security import DATABASE_FAILURES

from .core.errors import error_from
from .core.execution import RowExecutionContext
from .core.limits import MAX_QUERY_LENGTH, rules_to_run, token_refusal

logger = logging.getLogger(__name__)


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


@method_decorator(csrf_exempt, name="dispatch")
class ArgmapGraphQLView(GraphQLView):
    graphiql = True
    execution_context_class = RowExecutionContext

    def dispatch(self, request, *args, **kwargs):
        header = request.headers.get("Authorization", "")
        if header.split(" ", 1)[0].lower() == "token":
            try:
                authenticated = TokenAuthentication().authenticate(request)
            except AuthenticationFailed as exc:
                return JsonResponse({"errors": [{"message": str(exc.detail)}]}, status=401)
            if authenticated is not None:
                request.user = authenticated[0]
        elif request.method == "POST" and request.user.is_authenticated:
            refusal = _csrf_refusal(request)
            if refusal:
                return JsonResponse({"errors": [{"message": refusal}]}, status=403)
        return super().dispatch(request, *args, **kwargs)

    def parse_body(self, request):
        """graphene's parsing, with two bodies it let through as 500s refused as 400s."""
        try:
            return super().parse_body(request)
        except RecursionError:
            raise HttpError(HttpResponseBadRequest("The JSON body is nested too deeply.")) from None
        except UnicodeDecodeError:
            raise HttpError(HttpResponseBadRequest("The body is not valid UTF-8.")) from None

    def execute_graphql_request(self, request, data, query, variables, operation_name, show_graphiql=False):
        if query and len(query) > MAX_QUERY_LENGTH:
            return ExecutionResult(
                errors=[GraphQLError(f"The query is {len(query)} characters long; the limit is {MAX_QUERY_LENGTH}.")]
            )
        if query and (refusal := token_refusal(query)) is not None:
            return ExecutionResult(errors=[refusal])
        self.validation_rules = rules_to_run(self.schema.graphql_schema, query, variables)
        return super().execute_graphql_request(request, data, query, variables, operation_name, show_graphiql)

    def json_encode(self, request, d, pretty=False):
        """Every response rendered with orjson, faster than graphene's stdlib encoding on a
        whole map, and it also renders the UUIDs and datetimes of a pre-built JSON value (``Map.graphDocument``).
        Text is sent as UTF-8 rather than ``\\u`` escapes: the same JSON to every parser."""
        option = orjson.OPT_NON_STR_KEYS | orjson.OPT_UTC_Z
        if self.pretty or pretty or request.GET.get("pretty"):
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
            formatted["message"] = "The database failed while handling this request, so nothing was saved. Try again."
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
