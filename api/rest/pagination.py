from rest_framework.pagination import CursorPagination


class CreatedOrderCursorPagination(CursorPagination):
    """Opaque cursors over a stable order: creation time, then id (unique), so pages never skip or repeat rows."""

    ordering = ("created_at", "id")
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500
