"""One error shape for the whole REST API: RFC 9457 problem details (``application/problem+json``).

Every refusal a user can cause becomes a 4xx problem with ``type``, ``title``,
``status``, ``detail``, the domain ``rule`` it broke (when there is one) and
``errors``: ``{field: [messages]}``. Domain errors keep their own status
(:mod:`argmap.errors`); DRF's parse, validation, authentication and method
errors are translated to the same shape. Nothing is written on any of them:
every service call is one transaction.
"""

from __future__ import annotations

import logging

from django.http import Http404
from rest_framework import exceptions
from rest_framework.response import Response
from rest_framework.views import set_rollback

from api.failures import DATABASE_FAILURES, RETRY_AFTER_SECONDS
from argmap.errors import DomainError, PermissionDenied

logger = logging.getLogger(__name__)

PROBLEM_CONTENT_TYPE = "application/problem+json"
TYPE_PREFIX = "urn:argmap:problem:"

TITLES = {
    400: "Invalid request",
    401: "Authentication required",
    403: "Not allowed",
    404: "Not found",
    405: "Method not allowed",
    406: "Not acceptable",
    409: "Conflicts with the argument map's rules",
    412: "Stale version",
    415: "Unsupported media type",
    428: "If-Match required",
    429: "Too many requests",
    503: "Service unavailable",
}


class PreconditionRequired(exceptions.APIException):
    status_code = 428
    default_detail = 'Send If-Match with the ETag you read (e.g. If-Match: "3"); writes without it are refused.'
    default_code = "precondition_required"


class PreconditionFailed(exceptions.APIException):
    status_code = 412
    default_detail = "If-Match does not name a version of this object."
    default_code = "stale_version"


def problem(
    status: int,
    detail: str,
    *,
    code: str,
    rule: str | None = None,
    errors: dict | None = None,
    instance: str | None = None,
    extra: dict | None = None,
    headers: dict | None = None,
) -> Response:
    body = {
        "type": TYPE_PREFIX + code,
        "title": TITLES.get(status, "Error"),
        "status": status,
        "detail": detail,
    }
    if instance:
        body["instance"] = instance
    if rule:
        body["rule"] = rule
    if errors:
        body["errors"] = errors
    if extra:
        body.update(extra)
    return Response(body, status=status, content_type=PROBLEM_CONTENT_TYPE, headers=headers)


def exception_handler(exc: Exception, context: dict) -> Response | None:
    """DRF's ``EXCEPTION_HANDLER``: every known error as problem details (a database failure as 503);
    anything else stays a 500."""
    request = context.get("request")
    instance = request.get_full_path() if request is not None else None
    if isinstance(exc, DomainError):
        set_rollback()
        if isinstance(exc, PermissionDenied) and not _authenticated(request):
            return problem(
                401,
                "Log in or send 'Authorization: Token <key>' to do this.",
                code="not_authenticated",
                instance=instance,
                headers={"WWW-Authenticate": 'Token realm="api"'},
            )
        errors = {exc.field: [exc.message]} if exc.field else None
        extra = dict(exc.detail) if exc.detail and not isinstance(exc.detail, str) else None
        if extra and exc.field and isinstance(extra.get(exc.field), list):
            errors = {k: [str(m) for m in v] for k, v in extra.items() if isinstance(v, list)}
            extra = {k: v for k, v in extra.items() if not isinstance(v, list)} or None
        return problem(
            exc.status, exc.message, code=exc.code, rule=exc.rule, errors=errors, instance=instance, extra=extra
        )
    if isinstance(exc, DATABASE_FAILURES):
        logger.error("Database failure during %s", instance, exc_info=exc)
        set_rollback()
        return problem(
            503,
            "The database failed while handling this request, so nothing was saved. Try again shortly.",
            code="database_unavailable",
            instance=instance,
            headers={"Retry-After": str(RETRY_AFTER_SECONDS)},
        )
    if isinstance(exc, Http404):
        return problem(404, "Not found.", code="not_found", instance=instance)
    if isinstance(exc, exceptions.ValidationError):
        set_rollback()
        errors = _field_errors(exc.detail)
        first = next(iter(errors.items()), ("", ["Invalid input."]))
        detail = f"{first[0]}: {first[1][0]}" if first[0] != "non_field_errors" else first[1][0]
        return problem(400, detail, code="invalid", rule="invalid", errors=errors, instance=instance)
    if isinstance(exc, exceptions.APIException):
        set_rollback()
        headers = {}
        if getattr(exc, "auth_header", None):
            headers["WWW-Authenticate"] = exc.auth_header
        if getattr(exc, "wait", None):
            headers["Retry-After"] = str(int(exc.wait))
        status = exc.status_code
        if isinstance(exc, exceptions.NotAuthenticated | exceptions.AuthenticationFailed) and not headers:
            headers["WWW-Authenticate"] = 'Token realm="api"'
            status = 401
        code = exc.get_codes() if isinstance(exc.get_codes(), str) else exc.default_code
        return problem(status, _text(exc.detail), code=code, instance=instance, headers=headers or None)
    return None


def _authenticated(request) -> bool:
    user = getattr(request, "user", None)
    return bool(user is not None and user.is_authenticated)


def _text(detail) -> str:
    if isinstance(detail, list | tuple):
        return " ".join(_text(d) for d in detail)
    if isinstance(detail, dict):
        return " ".join(f"{k}: {_text(v)}" for k, v in detail.items())
    return str(detail)


def _field_errors(detail, prefix: str = "") -> dict[str, list[str]]:
    """DRF's nested error detail flattened to ``{"field" | "field.0.sub": [messages]}``."""
    if isinstance(detail, dict):
        errors: dict[str, list[str]] = {}
        for key, value in detail.items():
            errors.update(_field_errors(value, f"{prefix}.{key}" if prefix else str(key)))
        return errors
    if isinstance(detail, list):
        if all(not isinstance(item, dict | list) for item in detail):
            return {prefix or "non_field_errors": [str(item) for item in detail]}
        errors = {}
        for index, item in enumerate(detail):
            if item:
                errors.update(_field_errors(item, f"{prefix}.{index}" if prefix else str(index)))
        return errors
    return {prefix or "non_field_errors": [str(detail)]}
