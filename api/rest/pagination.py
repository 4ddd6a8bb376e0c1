import re

from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.pagination import CursorPagination

#: What a cursor looks like: base64 (DRF's encoding of its position), as the schema publishes it.
CURSOR = re.compile(r"^[A-Za-z0-9+/]+={0,2}$")


class CreatedOrderCursorPagination(CursorPagination):
    """Opaque cursors over a stable order: creation time, then id (unique), so pages never skip or repeat rows."""

    ordering = ("created_at", "id")
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500

    def decode_cursor(self, request):
        """A cursor outside the published alphabet (base64) is malformed: 400 naming ``cursor``. A well-formed
        one that names no page of this list is a page that is not there: 404 (the schema cannot tell our
        cursors from other base64, so a schema-valid request must not be called malformed)."""
        values = request.query_params.getlist(self.cursor_query_param)
        if len(values) > 1 or (values and not CURSOR.fullmatch(values[0])):
            raise ValidationError(
                {"cursor": ["Not a cursor from this list: use the `next`/`previous` links as given."]}
            )
        try:
            return super().decode_cursor(request)
        except NotFound:
            raise NotFound("No page of this list at that cursor: use the `next`/`previous` links as given.") from None

    def get_page_size(self, request):
        """``page_size`` as published (an integer 1–500, given once): anything else is a 400 naming it,
        where DRF silently fell back to the default page."""
        values = request.query_params.getlist(self.page_size_query_param)
        if not values:
            return self.page_size
        if len(values) > 1 or not values[0].isascii() or not values[0].isdigit():
            raise ValidationError({self.page_size_query_param: ["Give one whole number of rows per page (1–500)."]})
        size = int(values[0])
        if not 1 <= size <= self.max_page_size:
            raise ValidationError({self.page_size_query_param: [f"Rows per page go from 1 to {self.max_page_size}."]})
        return size

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.cursor_query_param:
                parameter["schema"]["pattern"] = CURSOR.pattern
            if parameter["name"] == self.page_size_query_param:
                parameter["schema"] |= {"minimum": 1, "maximum": self.max_page_size, "default": self.page_size}
        return parameters
