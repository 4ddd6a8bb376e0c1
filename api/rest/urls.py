"""``/api/v1/``: every resource, the whole graph, traversal, search, the OpenAPI schema and Swagger UI."""

from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularSwaggerSplitView
from rest_framework.routers import SimpleRouter

from .views.anchors import AnchorViewSet
from .views.annotation import (
    AnnotationStateView,
    AssessmentViewSet,
    ChangeRevertView,
    CommentViewSet,
    PassageView,
)
from .views.changes import MapChangesView, WorkspaceChangesView
from .views.deleted import MapDeletedView
from .views.documents import DocumentViewSet
from .views.evaluation import MapEvaluationView
from .views.evidence import EvidenceLinkViewSet, SourceViewSet
from .views.interchange import MapExportView, MapImportView
from .views.layout import MapLayoutView
from .views.maps import MapViewSet
from .views.meta import ApiRootView, SchemaView, not_found
from .views.participants import ParticipantViewSet
from .views.pipeline_evaluation import PipelineEvaluationView
from .views.presence import MapPresenceView
from .views.schemes import SchemeViewSet, TagViewSet
from .views.search import SearchView
from .views.statements import ReviewView, StatementViewSet
from .views.stream import MapEventsView
from .views.structure import EdgeViewSet, SchemeApplicationViewSet
from .views.suggestions import (
    SuggestionAcceptView,
    SuggestionDismissView,
    SuggestionOutcomesView,
    SuggestionsView,
)
from .views.webhooks import WebhookDeliveriesView, WebhookViewSet
from .views.workspaces import MembershipViewSet, WorkspaceViewSet

router = SimpleRouter()
router.register("statements", StatementViewSet, basename="statement")
router.register("workspaces", WorkspaceViewSet, basename="workspace")
router.register(r"workspaces/(?P<workspace_pk>[0-9a-fA-F-]{32,36})/members", MembershipViewSet, basename="member")
router.register(r"workspaces/(?P<workspace_pk>[0-9a-fA-F-]{32,36})/webhooks", WebhookViewSet, basename="webhook")
router.register("documents", DocumentViewSet, basename="document")
router.register("maps", MapViewSet, basename="map")
router.register("scheme-applications", SchemeApplicationViewSet, basename="scheme-application")
router.register("edges", EdgeViewSet, basename="edge")
router.register("anchors", AnchorViewSet, basename="anchor")
router.register("sources", SourceViewSet, basename="source")
router.register("evidence-links", EvidenceLinkViewSet, basename="evidence-link")
router.register("schemes", SchemeViewSet, basename="scheme")
router.register("tags", TagViewSet, basename="tag")
router.register("participants", ParticipantViewSet, basename="participant")
router.register("comments", CommentViewSet, basename="comment")
router.register("assessments", AssessmentViewSet, basename="assessment")

app_name = "rest"
#: The resources first, the statements first among them: Django tries patterns in order on every request, and
#: the point reads are the hottest path. No resource pattern matches a path of the views below (each is
#: anchored and none shares a shape), so the order changes no answer.
urlpatterns = [
    path("", include(router.urls)),
    path("", ApiRootView.as_view(), name="root"),
    path("search/", SearchView.as_view(), name="search"),
    path("reviews/", ReviewView.as_view(), name="reviews"),
    path("schema/", SchemaView.as_view(), name="schema"),
    path("maps/import/", MapImportView.as_view(), name="map-import"),
    path("maps/<uuid:pk>/export/", MapExportView.as_view(), name="map-export"),
    path("maps/<uuid:pk>/evaluation/", MapEvaluationView.as_view(), name="map-evaluation"),
    path("maps/<uuid:pk>/pipeline-evaluation/", PipelineEvaluationView.as_view(), name="map-pipeline-evaluation"),
    path("maps/<uuid:pk>/annotation/", AnnotationStateView.as_view(), name="map-annotation"),
    path("maps/<uuid:pk>/passages/", PassageView.as_view(), name="map-passages"),
    path("maps/<uuid:pk>/suggestions/", SuggestionsView.as_view(), name="map-suggestions"),
    path("maps/<uuid:pk>/suggestions/accept/", SuggestionAcceptView.as_view(), name="map-suggestions-accept"),
    path("maps/<uuid:pk>/suggestions/dismiss/", SuggestionDismissView.as_view(), name="map-suggestions-dismiss"),
    path("maps/<uuid:pk>/suggestions/outcomes/", SuggestionOutcomesView.as_view(), name="map-suggestions-outcomes"),
    path("maps/<uuid:pk>/changes/", MapChangesView.as_view(), name="map-changes"),
    path("maps/<uuid:pk>/layout/", MapLayoutView.as_view(), name="map-layout"),
    path("maps/<uuid:pk>/deleted/", MapDeletedView.as_view(), name="map-deleted"),
    path("maps/<uuid:pk>/events/", MapEventsView.as_view(), name="map-events"),
    path("workspaces/<uuid:pk>/changes/", WorkspaceChangesView.as_view(), name="workspace-changes"),
    path("maps/<uuid:pk>/presence/", MapPresenceView.as_view(), name="map-presence"),
    path("webhooks/<uuid:pk>/deliveries/", WebhookDeliveriesView.as_view(), name="webhook-deliveries"),
    path("changes/<uuid:batch>/revert/", ChangeRevertView.as_view(), name="change-revert"),
    path(
        "docs/",
        SpectacularSwaggerSplitView.as_view(url_name="rest:schema", template_name="api/swagger_ui.html"),
        name="docs",
    ),
    re_path(r"^[\s\S]*/$", not_found),  # [\s\S], not ".": a path holding an encoded newline is answered here too
]
