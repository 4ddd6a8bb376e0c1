"""ASGI entry point (``make serve``: gunicorn with uvicorn workers): HTTP goes to Django, WebSockets at
``/graphql/`` to the GraphQL subscription consumer (protocol ``graphql-transport-ws``).

HTTP is served by :class:`config.handlers.SyncChainASGIHandler` (the middleware and views in one thread
hop); ``ARGMAP_ASGI_SYNC_CHAIN=0`` serves with Django's stock ASGI handler."""

import os

import django
from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
if os.environ.get("ARGMAP_ASGI_SYNC_CHAIN", "1") == "0":
    django_application = get_asgi_application()
else:
    django.setup(set_prefix=False)
    from config.handlers import SyncChainASGIHandler

    django_application = SyncChainASGIHandler()

from config.checks import refuse_a_misconfigured_production_start

refuse_a_misconfigured_production_start()

from channels.auth import AuthMiddlewareStack  # noqa: E402  (needs the apps loaded)
from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402
from django.urls import path  # noqa: E402

from api.graphql.consumers import GraphQLWebSocketConsumer  # noqa: E402

application = ProtocolTypeRouter(
    {
        "http": django_application,
        "websocket": AuthMiddlewareStack(URLRouter([path("graphql/", GraphQLWebSocketConsumer.as_asgi())])),
    }
)
