"""Template helpers of the annotation pages."""

from __future__ import annotations

from django import template
from django.utils.translation import get_language

from ui.annotation.views import annotation_rows as _annotation_rows

register = template.Library()


@register.simple_tag(takes_context=True)
def annotation_rows(context) -> list[dict]:
    """The current user's maps with their annotation links (for the admin's index page)."""
    return _annotation_rows(context["request"].user)


@register.filter
def in_language(row: dict, field: str) -> str:
    """``row[field]`` in the user's language: its ``<field>_ja`` translation (data, e.g. a scheme's name) for a
    Japanese user when there is one, else the English value. (annotate.js's ``local`` is the same rule.)"""
    language = (get_language() or "en").split("-")[0]
    if language != "en" and row.get(f"{field}_{language}"):
        return row[f"{field}_{language}"]
    return row.get(field) or ""
