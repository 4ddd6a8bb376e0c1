from django.apps import AppConfig


class RestApiConfig(AppConfig):
    """The REST API as an app of its own, so that its management commands (create_api_token) are found."""

    name = "api.rest"
    label = "api_rest"
    verbose_name = "argmap REST API"
