"""The annotation pages, mounted in the admin by ``ArgumentMapAdmin.get_urls`` (so every one needs a staff
login and is CSRF-protected like the rest of the admin).

All of them live under ``annotate/``, so none can capture one of the admin's own URLs
(``<id>/change/``, ``<id>/delete/``, ``<id>/history/``) however the lists are ordered. The screen reads
and writes through the REST API (``/api/v1/``); only pages and their forms are here.
"""

from __future__ import annotations

from functools import partial

from django.urls import path

from . import views


def annotation_urls(admin_site) -> list:
    def page(view):
        return admin_site.admin_view(partial(view, admin_site=admin_site))

    return [
        path("annotate/", page(views.annotation_index), name="argmap_annotation_index"),
        path("annotate/review-queue/", page(views.review_queue), name="argmap_review_queue"),
        path("annotate/revert/", admin_site.admin_view(views.revert_from_form), name="argmap_revert_batch_form"),
        path("annotate/<uuid:map_id>/<uuid:document_id>/", page(views.annotation_screen), name="argmap_annotate"),
        path(
            "annotate/<uuid:map_id>/<uuid:document_id>/agreement/",
            page(views.agreement_view),
            name="argmap_agreement",
        ),
    ]
