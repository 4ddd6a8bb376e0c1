"""Domain errors. The APIs map each class to one HTTP status / GraphQL error code."""


class DomainError(Exception):
    """A request the domain refuses; nothing was written."""

    code = "domain_error"
    status = 400

    def __init__(self, message: str, *, rule: str | None = None, field: str | None = None, detail: dict | None = None):
        super().__init__(message)
        self.message = message
        self.rule = rule or self.code
        self.field = field
        self.detail = detail or {}


class InvalidInput(DomainError):
    """Input that can never be valid (bad offsets, unknown kind, empty text)."""

    code = "invalid"
    status = 400


class RuleViolation(DomainError):
    """A graph invariant would be broken (AIF edge rules, cross-map links, …); ``rule`` names it."""

    code = "rule_violation"
    status = 409


class StaleVersion(DomainError):
    """The caller's version is not the current one: someone else wrote in between."""

    code = "stale_version"
    status = 412

    def __init__(self, *, entity: str, expected: int | None, current: int, message: str | None = None):
        super().__init__(
            message or f"{entity} is at version {current}, not {expected}: reload it and apply your change again.",
            rule="optimistic_concurrency",
            detail={"expected_version": expected, "current_version": current},
        )
        self.current = current


class NotFound(DomainError):
    """Missing, or not visible to the caller: the two are indistinguishable on purpose."""

    code = "not_found"
    status = 404


class PermissionDenied(DomainError):
    """Visible to the caller, but their role does not allow this action."""

    code = "permission_denied"
    status = 403
