from django.apps import AppConfig


class DeploymentConfig(AppConfig):
    """Registers the deployment checks (``config/checks.py``); holds no models."""

    name = "config"
    label = "argmap_deployment"
    verbose_name = "argmap deployment"

    def ready(self) -> None:
        from . import checks  # noqa: F401  (registers the checks)
