"""Query-string filters for list endpoints: each parses its value and names the lookup it applies."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter
from rest_framework.exceptions import ValidationError

from argmap.rules import text_fault


def parse_uuid(value: str):
    try:
        return uuid.UUID(value)
    except ValueError:
        raise ValueError("must be an id (UUID).") from None


def parse_moment(value: str) -> dt.datetime:
    """An ISO 8601 date or date-time; without a zone it is UTC."""
    moment = parse_datetime(value)
    if moment is None:
        day = parse_date(value)
        if day is None:
            raise ValueError("must be an ISO 8601 date-time, e.g. 2024-12-24T09:00:00Z.")
        moment = dt.datetime.combine(day, dt.time.min)
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment, dt.UTC)
    try:
        # In UTC: PostgreSQL refuses zone offsets beyond ±15:59 that Python parses.
        return moment.astimezone(dt.UTC)
    except OverflowError:
        raise ValueError("must be a date-time between the years 1 and 9999 (in UTC).") from None


def parse_int(value: str) -> int:
    try:
        return int(value)
    except ValueError:
        raise ValueError("must be an integer.") from None


def parse_bool(value: str) -> bool:
    lowered = value.strip().lower()
    if lowered in {"true", "1", "yes"}:
        return True
    if lowered in {"false", "0", "no"}:
        return False
    raise ValueError("must be true or false.")


def choice(values) -> Callable[[str], str]:
    allowed = list(values)

    def parse(value: str) -> str:
        if value not in allowed:
            raise ValueError(f"must be one of: {', '.join(allowed)}.")
        return value

    parse.allowed = allowed  # published as the parameter's enum
    return parse


#: The OpenAPI type each parser reads, so the published parameter says what the server accepts.
PARSED_TYPES = {parse_uuid: OpenApiTypes.UUID, parse_int: OpenApiTypes.INT, parse_bool: OpenApiTypes.BOOL}


def author_condition(value: str) -> Q:
    """``author`` is a user id or a username."""
    if value.isdigit():
        return Q(created_by_id=int(value))
    return Q(created_by__username=value)


@dataclass(frozen=True)
class Filter:
    param: str
    lookup: str | Callable[[object], Q]
    parse: Callable[[str], object] = str
    description: str = ""
    type: object = OpenApiTypes.STR

    def apply(self, queryset: QuerySet, raw: str) -> QuerySet:
        if raw == "" and self.parse is str:
            return queryset
        if (fault := text_fault(raw)) is not None:
            raise ValidationError({self.param: [fault]})
        try:
            value = self.parse(raw)
        except ValueError as exc:
            raise ValidationError({self.param: [str(exc)]}) from None
        if callable(self.lookup):
            return queryset.filter(self.lookup(value))
        return queryset.filter(**{self.lookup: value})

    def parameter(self) -> OpenApiParameter:
        """The query parameter as published: typed like its parser, an enum for a choice, free text without
        NUL (refused in :meth:`apply`); an empty value is only a "no filter" for free text (``?map=`` is
        refused, being no id)."""
        return OpenApiParameter(
            self.param,
            PARSED_TYPES.get(self.parse, self.type),
            OpenApiParameter.QUERY,
            description=self.description,
            enum=getattr(self.parse, "allowed", None),
            pattern=getattr(self.parse, "pattern", None) or (r"^[^\x00]*$" if self.parse is str else None),
        )


def by_map(lookup: str = "map_id") -> Filter:
    return Filter("map", lookup, parse_uuid, "Only rows of this map (id).", OpenApiTypes.UUID)


def by_workspace(lookup: str = "workspace_id") -> Filter:
    return Filter("workspace", lookup, parse_uuid, "Only rows of this workspace (id).", OpenApiTypes.UUID)


def by_author() -> Filter:
    return Filter("author", author_condition, str, "Created by this user (id or username).")


def by_updated_since() -> Filter:
    return Filter(
        "updated_since",
        "updated_at__gte",
        parse_moment,
        "Changed at or after this ISO 8601 date-time (UTC when no zone is given).",
        OpenApiTypes.DATETIME,
    )


def apply_filters(queryset: QuerySet, filters: tuple[Filter, ...], query_params) -> QuerySet:
    for f in filters:
        values = query_params.getlist(f.param)
        if len(values) > 1:
            raise ValidationError({f.param: ["Give this filter once."]})
        if values:
            queryset = f.apply(queryset, values[0])
    return queryset
