"""Template helpers of the annotation pages."""

from __future__ import annotations

from django import template

from ui.annotation.views import annotation_rows as _annotation_rows

register = template.Library()


@register.simple_tag(takes_context=True)
def annotation_rows(context) -> list[dict]:
    """The current user's maps with their annotation links (for the admin's index page)."""
    return _annotation_rows(context["request"].user)
