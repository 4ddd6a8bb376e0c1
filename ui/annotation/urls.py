"""The annotation screen's routes, mounted in the admin by ``ArgumentMapAdmin.get_urls``
(so every one needs a staff login and is CSRF-protected like the rest of the admin)."""

from __future__ import annotations

from functools import partial

from django.urls import path

from . import views


def annotation_urls(admin_site) -> list:
    def page(view):
        return admin_site.admin_view(partial(view, admin_site=admin_site))

    endpoint = admin_site.admin_view
    return [
        path("annotate/", page(views.annotation_index), name="argmap_annotation_index"),
        path("review-queue/", page(views.review_queue), name="argmap_review_queue"),
        path("revert/", endpoint(views.revert), name="argmap_revert_batch"),
        path("revert/form/", endpoint(views.revert_from_form), name="argmap_revert_batch_form"),
        path("<uuid:map_id>/annotate/<uuid:document_id>/", page(views.annotation_screen), name="argmap_annotate"),
        path("<uuid:map_id>/annotate/<uuid:document_id>/state/", endpoint(views.state), name="argmap_annotation_state"),
        path(
            "<uuid:map_id>/annotate/<uuid:document_id>/passages/",
            endpoint(views.create_passage),
            name="argmap_annotation_passages",
        ),
        path("<uuid:map_id>/agreement/<uuid:document_id>/", page(views.agreement_view), name="argmap_agreement"),
        path("<uuid:map_id>/picture.svg", endpoint(views.map_picture), name="argmap_map_picture"),
        path("<uuid:map_id>/node/", endpoint(views.node_detail), name="argmap_annotation_node"),
        path("<uuid:map_id>/statement/", endpoint(views.update_statement), name="argmap_annotation_statement"),
        path("<uuid:map_id>/delete/", endpoint(views.delete_node), name="argmap_annotation_delete"),
        path("<uuid:map_id>/arguments/", endpoint(views.create_argument), name="argmap_annotation_arguments"),
        path("<uuid:map_id>/attacks/", endpoint(views.create_attack), name="argmap_annotation_attacks"),
        path("<uuid:map_id>/evidence/", endpoint(views.create_evidence), name="argmap_annotation_evidence"),
        path(
            "<uuid:map_id>/critical-questions/",
            endpoint(views.answer_critical_question),
            name="argmap_annotation_critical_questions",
        ),
        path("<uuid:map_id>/comments/", endpoint(views.add_comment), name="argmap_annotation_comments"),
        path("<uuid:map_id>/assessments/", endpoint(views.assess), name="argmap_annotation_assessments"),
        path("<uuid:map_id>/review/", endpoint(views.review), name="argmap_annotation_review"),
    ]
