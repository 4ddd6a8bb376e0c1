"""Typed mutation errors: every ``DomainError`` becomes an entry in the payload's ``errors``, never a bare exception."""

from __future__ import annotations

import graphene

from argmap.errors import DomainError, InvalidInput, NotFound, PermissionDenied, RuleViolation, StaleVersion


class ErrorCode(graphene.Enum):
    """Why a mutation changed nothing."""

    VALIDATION = "VALIDATION"
    CONFLICT = "CONFLICT"
    PERMISSION = "PERMISSION"
    NOT_FOUND = "NOT_FOUND"
    RULE = "RULE"

    @property
    def description(self):
        return {
            ErrorCode.VALIDATION: "The input can never be valid (bad offsets, empty text, unknown id format).",
            ErrorCode.CONFLICT: "`expectedVersion` is stale: someone else changed the object; reload and retry.",
            ErrorCode.PERMISSION: "The object is visible, but your role does not allow this change.",
            ErrorCode.NOT_FOUND: "No such object, or not visible to you (the two are indistinguishable).",
            ErrorCode.RULE: "A rule of the argument graph would be broken; `rule` names it.",
        }[self]


CODES = {
    InvalidInput: ErrorCode.VALIDATION,
    StaleVersion: ErrorCode.CONFLICT,
    PermissionDenied: ErrorCode.PERMISSION,
    NotFound: ErrorCode.NOT_FOUND,
    RuleViolation: ErrorCode.RULE,
}


class MutationError(graphene.ObjectType):
    code = graphene.Field(ErrorCode, required=True)
    message = graphene.String(required=True)
    field = graphene.String(description="The input argument at fault, when there is one.")
    rule = graphene.String(description="The domain rule that refused the change, e.g. `optimistic_concurrency`.")
    current_version = graphene.Int(description="With CONFLICT: the object's current version.")


def error_from(exc: DomainError) -> MutationError:
    code = next((code for cls, code in CODES.items() if isinstance(exc, cls)), ErrorCode.VALIDATION)
    return MutationError(
        code=code,
        message=exc.message,
        field=exc.field,
        rule=exc.rule,
        current_version=getattr(exc, "current", None),
    )


class DomainMutation(graphene.Mutation):
    """A mutation that calls one argmap service and reports refusals as typed ``errors``.

    Subclasses implement :meth:`perform`. Each service is one transaction, so a
    refused mutation has written nothing; in a document with several mutations
    each stands or falls alone, and its payload says which.
    """

    class Meta:
        abstract = True

    errors = graphene.List(
        graphene.NonNull(MutationError), required=True, description="Empty on success; nothing was written otherwise."
    )

    @classmethod
    def mutate(cls, root, info, **arguments):
        try:
            return cls.perform(info, **arguments)
        except DomainError as exc:
            return cls(errors=[error_from(exc)])

    @classmethod
    def perform(cls, info, **arguments):
        raise NotImplementedError
