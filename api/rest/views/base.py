"""The shape every resource endpoint shares: parse, authorise through the access selectors, call a service, render.

Reads come from the ``visible_*_for`` selectors, so a list and a detail can
never disagree about what a user may see, and an object the user may not see
is "not found" (404) exactly like one that does not exist. Writes authorise
with :func:`argmap.selectors.access.authorize` and go through
:mod:`argmap.services`; the view holds no rule of its own.
"""

from __future__ import annotations

import inspect
from collections.abc import Iterable

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Model, QuerySet
from django.http import HttpResponse
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers, status
from rest_framework.authentication import SessionAuthentication
from rest_framework.exceptions import AuthenticationFailed
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.viewsets import GenericViewSet

from argmap.errors import NotFound
from argmap.selectors.access import Action, authorize
from argmap.selectors.point_reads import UNREAD, PointRead
from argmap.services.history import batches_written

from ...authentication import ReadBeside, TokenAuthentication
from ...failures import DATABASE_FAILURES
from ..bodies import BODY, WrittenDetail
from ..concurrency import etag_for, expected_version
from ..filters import Filter, apply_filters
from ..negotiation import makes_no_choice
from ..pagination import CreatedOrderCursorPagination
from ..schema import ArgmapAutoSchema
from ..serializers.common import DeletedSerializer

#: The response header naming the history batch(es) a write committed (documented by the schema class).
BATCH_HEADER = "X-Argmap-Batch"
UUID_PATTERN = r"[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}"


class ArgmapView:
    """What every REST view shares: the schema class, the problem-details errors, reference lookups."""

    schema = ArgmapAutoSchema()
    #: Whether responses carry the object's ETag (documented by the schema class); False for views and
    #: actions whose body is not one versioned object (``@action(..., object_etag=False)``).
    object_etag = True

    def dispatch(self, request, *args, **kwargs):
        """Every successful write answers with ``X-Argmap-Batch``: the id(s) of the history batch(es) it
        committed, comma-separated in order, so a client can undo it (``POST /changes/{batch}/revert/``)."""
        with batches_written() as batches:
            response = super().dispatch(request, *args, **kwargs)
        if batches and response.status_code < 400:
            response[BATCH_HEADER] = ", ".join(str(batch) for batch in batches)
        return response

    def parse(self, serializer_class: type[serializers.Serializer], *, partial: bool = False) -> dict:
        serializer = serializer_class(data=self.request.data, partial=partial, context={"request": self.request})
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data

    def referenced(self, queryset: QuerySet, pk, *, field: str, noun: str) -> Model:
        """The object a request names by id, if the user may see it; otherwise 404 naming the field."""
        try:
            obj = queryset.filter(pk=pk).first()
        except (ValueError, DjangoValidationError):
            obj = None
        if obj is None:
            raise NotFound(f"No {noun} {pk} (or none you may see).", field=field)
        return obj

    def referenced_many(self, queryset: QuerySet, ids: Iterable, *, field: str, noun: str) -> list[Model]:
        """Several objects by id, in the order given; 404 naming the first id not found."""
        ids = list(ids)
        found = {obj.pk: obj for obj in queryset.filter(pk__in=ids)}
        missing = [pk for pk in ids if pk not in found]
        if missing:
            raise NotFound(f"No {noun} {missing[0]} (or none you may see).", field=field)
        return [found[pk] for pk in ids]

    def authorize(self, action: Action, obj: Model) -> None:
        authorize(self.request.user, action, obj)

    def object_response(self, obj: Model, data: dict, *, status_code: int = status.HTTP_200_OK) -> Response:
        headers = {"ETag": etag_for(obj.version)}
        if status_code == status.HTTP_201_CREATED and hasattr(self, "reverse_detail"):
            headers["Location"] = self.reverse_detail(obj)
        return Response(data, status=status_code, headers=headers)


#: What DRF's ``retrieve`` runs that :meth:`ResourceViewSet.written_retrieve` stands in for: a view that changes
#: any of them is rendered by DRF.
_RETRIEVE_STEPS = (
    "initial",
    "retrieve",
    "get_object",
    "render",
    "object_response",
    "get_serializer",
    "get_serializer_class",
    "get_serializer_context",
    "finalize_response",
    "handle_exception",
    "get_exception_handler",
    "perform_content_negotiation",
    "content_negotiation_class",
    "initialize_request",
)


def _same_step(view_class: type, step: str) -> bool:
    """Whether ``view_class`` runs :class:`ResourceViewSet`'s own ``step`` (seen through the wrappers the schema's
    decorators put around a view's methods)."""
    return inspect.unwrap(getattr(view_class, step)) is inspect.unwrap(getattr(ResourceViewSet, step))


class ResourceViewSet(ArgmapView, GenericViewSet):
    """List (filtered, cursor-paginated) and retrieve for one argmap resource; the mixins below add writes.

    Subclasses give ``visible()`` (a selector), the serializers, the filters and
    the ``perform_*`` hooks that call the services.
    """

    pagination_class = CreatedOrderCursorPagination
    lookup_value_regex = UUID_PATTERN
    create_serializer_class: type[serializers.Serializer] | None = None
    update_serializer_class: type[serializers.Serializer] | None = None
    http_method_names = ("get", "post", "patch", "delete", "head", "options")
    filters: tuple[Filter, ...] = ()
    noun = "object"
    detail_route = ""
    #: The detail read with its SQL compiled once per audience (:mod:`argmap.selectors.point_reads`), for
    #: ``GET``/``HEAD``; it must find what ``get_queryset()`` finds. ``None``: the queryset, every time.
    point_read: PointRead | None = None
    #: The detail's body written by PostgreSQL (:mod:`api.rest.bodies`), served without DRF's dispatch to a
    #: token's ``GET`` that leaves the representation to the view; ``None``: DRF renders every detail.
    written_detail: WrittenDetail | None = None

    def dispatch(self, request, *args, **kwargs):
        if self.written_detail is not None:
            response = self.written_retrieve(request, kwargs)
            if response is not None:
                return response
        return super().dispatch(request, *args, **kwargs)

    def written_retrieve(self, request, kwargs) -> HttpResponse | None:
        """A token's ``GET`` of one object answered with the body PostgreSQL wrote (:attr:`written_detail`) in
        the token's round trip, with the bytes and headers DRF's ``retrieve`` would send; an object the reader
        may not see, or that does not exist, gets ``retrieve``'s 404 through DRF's own error handling. ``None``
        — DRF answers, as for every other request — for anything else: a refused token, or the database failing
        (DRF reads again, and answers its 503 if it fails again)."""
        if request.method != "GET" or self.action_map.get("get") != "retrieve" or "format" in kwargs:
            return None
        if not makes_no_choice(request.META) or request.user.is_authenticated or not self._served_written():
            return None
        read = self.written_detail.read_for(self.serializer_class, self.renderer_classes[0])
        if read is None:
            return None
        key = kwargs[self.lookup_url_kwarg or self.lookup_field]
        beside = request.argmap_read_beside = ReadBeside(read, key)
        try:
            authenticated = TokenAuthentication().authenticate(request)
            if authenticated is None:
                return None
            row = beside.row if beside.row is not UNREAD else read.read(authenticated[0], key)
        except (AuthenticationFailed, *DATABASE_FAILURES):
            return None
        if row is None:
            return self._not_found_for(request, authenticated[0], key)
        request.user = authenticated[0]
        response = HttpResponse(getattr(row, BODY), content_type=self.renderer_classes[0].media_type)
        response["ETag"] = etag_for(row.version)
        self.headers = self.default_response_headers
        return self.finalize_response(request, response)

    def _not_found_for(self, request, user, key) -> Response:
        """``retrieve``'s 404 for ``key`` as DRF's dispatch answers it, for a reader already authenticated."""
        self.request = self.initialize_request(request)
        self.request.user = user
        self.format_kwarg = None
        self.headers = self.default_response_headers
        return self.finalize_response(self.request, self.handle_exception(self.not_found(key)))

    @classmethod
    def _served_written(cls) -> bool:
        """Whether DRF's dispatch of this view would do nothing to a token's ``GET`` that
        :meth:`written_retrieve` leaves out: the session and token authenticators only, no permission but
        ``AllowAny``, no throttle, no versioning, and the ``retrieve`` path of this class unchanged — the body
        is the serializer's, rendered as :meth:`retrieve` renders it (worked out once per class)."""
        served = cls.__dict__.get("_written_served")
        if served is None:
            view = cls()
            view.action = "retrieve"
            served = (
                all(type(each) in (SessionAuthentication, TokenAuthentication) for each in view.get_authenticators())
                and all(type(each) is AllowAny for each in view.get_permissions())
                and not view.get_throttles()
                and view.versioning_class is None
                and all(_same_step(cls, step) for step in _RETRIEVE_STEPS)
            )
            cls._written_served = served
        return served

    def visible(self) -> QuerySet:
        raise NotImplementedError

    def with_related(self, queryset: QuerySet) -> QuerySet:
        """Joins and prefetches the output serializer needs, so a page costs a fixed number of queries."""
        return queryset

    def get_queryset(self) -> QuerySet:
        return self.with_related(self.visible())

    def initial(self, request, *args, **kwargs):
        """A detail read asks the token's authentication to read its row in the token's round trip."""
        lookup = self.lookup_url_kwarg or self.lookup_field
        if self.point_read is not None and self.action == "retrieve" and request.method in ("GET", "HEAD"):
            request.argmap_read_beside = ReadBeside(self.point_read, self.kwargs[lookup])
        super().initial(request, *args, **kwargs)

    def get_object(self) -> Model:
        pk = self.kwargs[self.lookup_url_kwarg or self.lookup_field]
        beside = getattr(self.request, "argmap_read_beside", None)
        if beside is not None and beside.row is not UNREAD:
            obj = beside.row
        elif self.point_read is not None and self.request.method in ("GET", "HEAD"):
            obj = self.point_read.read(self.request.user, pk)
        else:
            obj = self.get_queryset().filter(**{self.lookup_field: pk}).first()
        if obj is None:
            raise self.not_found(pk)
        return obj

    def not_found(self, pk) -> NotFound:
        return NotFound(f"No {self.noun} {pk} (or none you may see).")

    def reload(self, obj: Model) -> Model:
        return self.get_queryset().get(pk=obj.pk)

    def reverse_detail(self, obj: Model) -> str:
        return self.request.build_absolute_uri(f"{self.detail_route}{obj.pk}/")

    def render(self, obj: Model) -> dict:
        return self.get_serializer(obj).data

    def list(self, request, *args, **kwargs):
        queryset = apply_filters(self.get_queryset(), self.filters, request.query_params)
        page = self.paginate_queryset(queryset)
        return self.get_paginated_response(self.render_many(page))

    def render_many(self, rows: list[Model]) -> list[dict]:
        return self.get_serializer(rows, many=True).data

    def retrieve(self, request, *args, **kwargs):
        obj = self.get_object()
        return self.object_response(obj, self.render(obj))


class CreateMixin:
    def create(self, request, *args, **kwargs):
        data = self.parse(self.create_serializer_class)
        obj = self.reload(self.perform_create(data))
        return self.object_response(obj, self.render(obj), status_code=status.HTTP_201_CREATED)

    def perform_create(self, data: dict) -> Model:
        raise NotImplementedError


class UpdateMixin:
    """PATCH: 404 if invisible, 400 on bad input, 403 if the role may not, 428 without If-Match, 412 if stale."""

    def partial_update(self, request, *args, **kwargs):
        obj = self.get_object()
        data = self.parse(self.update_serializer_class, partial=True)
        self.authorize_update(obj, data)
        version = expected_version(request, obj.version)
        obj = self.reload(self.perform_update(obj, data, version))
        return self.object_response(obj, self.render(obj))

    def authorize_update(self, obj: Model, data: dict) -> None:
        self.authorize(Action.EDIT, obj)

    def perform_update(self, obj: Model, data: dict, version: int) -> Model:
        raise NotImplementedError


class DestroyMixin:
    """DELETE answers 200 with what went: ``{"deleted": {"statements": 1, "edges": 3, …}}``."""

    def destroy(self, request, *args, **kwargs):
        obj = self.get_object()
        self.authorize_destroy(obj)
        version = expected_version(request, obj.version)
        return Response({"deleted": self.perform_destroy(obj, version)})

    def authorize_destroy(self, obj: Model) -> None:
        self.authorize(Action.EDIT, obj)

    def perform_destroy(self, obj: Model, version: int) -> dict[str, int]:
        raise NotImplementedError


def resource_docs(
    *,
    tag: str,
    output: type[serializers.Serializer],
    create: type[serializers.Serializer] | None = None,
    update: type[serializers.Serializer] | None = None,
    filters: tuple[Filter, ...] = (),
    destroy: bool = False,
    list_output: type[serializers.Serializer] | None = None,
):
    """OpenAPI for a resource's standard operations (errors, If-Match and ETag come from the schema class).

    ``list_output`` is the row of a list when it is shorter than the detail (documents leave out their text).
    """
    operations = {
        "list": extend_schema(
            tags=[tag], parameters=[f.parameter() for f in filters], responses=(list_output or output)(many=True)
        ),
        "retrieve": extend_schema(tags=[tag], responses=output),
    }
    if create is not None:
        operations["create"] = extend_schema(tags=[tag], request=create, responses={201: output})
    if update is not None:
        operations["partial_update"] = extend_schema(tags=[tag], request=update, responses=output)
    if destroy:
        operations["destroy"] = extend_schema(tags=[tag], request=None, responses={200: DeletedSerializer})
    return extend_schema_view(**operations)
