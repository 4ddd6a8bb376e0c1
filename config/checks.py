"""Deployment checks (``manage.py check --deploy``), also run when the WSGI application starts in
production (``config/wsgi.py``), so a misconfigured server refuses to start instead of running."""

from __future__ import annotations

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register
from django.middleware.csrf import CsrfViewMiddleware
from django.utils.module_loading import import_string

#: The tag of the checks ``config/wsgi.py`` runs at start.
STARTUP = "argmap_startup"


@register(Tags.security, STARTUP, deploy=True)
def proxy_hops_are_set(app_configs=None, **kwargs) -> list[Error]:
    """Behind a proxy every client arrives from the proxy's address; without the number of trusted hops
    the throttles would count all of them as one, and one guesser would lock every client out."""
    if settings.ARGMAP_BEHIND_PROXY and not settings.ARGMAP_TRUSTED_PROXY_HOPS:
        return [
            Error(
                "ARGMAP_BEHIND_PROXY is set but ARGMAP_TRUSTED_PROXY_HOPS is 0.",
                hint="Set ARGMAP_TRUSTED_PROXY_HOPS to the number of your own proxies that append to "
                "X-Forwarded-For (1 for one nginx or load balancer); see docs/security.md.",
                id="argmap.E001",
            )
        ]
    return []


@register(Tags.security, deploy=True)
def csrf_protection_is_on(app_configs=None, **kwargs) -> list[Warning]:
    """Django's own check (``security.W003``, silenced in settings) looks for its CSRF middleware by name; ours
    is a subclass (``config.middleware``: passed over for token API requests only), which this check accepts."""
    if any(isinstance(path, str) and _is_csrf_middleware(path) for path in settings.MIDDLEWARE):
        return []
    return [
        Warning(
            "No CSRF middleware (django.middleware.csrf.CsrfViewMiddleware or a subclass) is in MIDDLEWARE.",
            hint="Put config.middleware.CsrfViewMiddleware back in MIDDLEWARE: the admin and the annotation "
            "screen post with a session cookie.",
            id="argmap.W001",
        )
    ]


def _is_csrf_middleware(path: str) -> bool:
    try:
        middleware = import_string(path)
    except ImportError:
        return False
    return isinstance(middleware, type) and issubclass(middleware, CsrfViewMiddleware)


def startup_errors() -> list[str]:
    """The messages of the startup checks that fail, for a production server to refuse to start."""
    from django.core.checks import run_checks

    return [f"{e.id}: {e.msg} {e.hint}" for e in run_checks(tags=[STARTUP], include_deployment_checks=True)]


def refuse_a_misconfigured_production_start() -> None:
    """Raise ``ImproperlyConfigured`` when a startup check fails under ``DEBUG=0`` (WSGI/ASGI start)."""
    from django.core.exceptions import ImproperlyConfigured

    if not settings.DEBUG and (errors := startup_errors()):
        raise ImproperlyConfigured("Refusing to start: " + " ".join(errors))
