from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.pagination import CursorPagination


class CreatedOrderCursorPagination(CursorPagination):
    """Opaque cursors over a stable order: creation time, then id (unique), so pages never skip or repeat rows."""

    ordering = ("created_at", "id")
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500

    def decode_cursor(self, request):
        """A cursor that is not one of ours is the client's mistake (400 naming ``cursor``), not a missing page."""
        try:
            return super().decode_cursor(request)
        except NotFound:
            raise ValidationError(
                {"cursor": ["Not a cursor from this list: use the `next`/`previous` links as given."]}
            ) from None
