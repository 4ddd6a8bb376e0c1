"""Django's ASGI handler with the middleware and views run as one synchronous chain, one thread hop a request.

Every view here is synchronous (the SSE stream's view is too: it returns an async iterator, which the
ASGI handler sends without a thread), and most of the middleware is sync-only. Django's stock ASGI
handler builds an *async* chain around them and adapts at each boundary between sync and async layers,
so a point read crossed threads three times (outer middleware, inner middleware, view), each crossing a
hand-off through the event loop. This handler builds the same middleware as a sync chain — what the WSGI
handler runs — and enters it once, in the same thread-sensitive executor Django uses for sync views (one
thread per worker process, so a request's ORM connections stay in that thread, as before). Everything
else is Django's ASGI handler: request parsing, disconnect handling, ``request_started``/``finished``,
streaming responses (sent from the event loop), WebSockets stay with Channels.

``ARGMAP_ASGI_SYNC_CHAIN=0`` serves with Django's stock handler (kept to measure one against the other).
"""

from __future__ import annotations

from asgiref.sync import sync_to_async
from django.core.handlers.asgi import ASGIHandler
from django.core.handlers.base import BaseHandler


class SyncChainASGIHandler(ASGIHandler):
    def __init__(self):
        super().__init__()
        chain = BaseHandler()
        chain.load_middleware(is_async=False)
        self._in_one_hop = sync_to_async(chain.get_response, thread_sensitive=True)

    async def get_response_async(self, request):
        return await self._in_one_hop(request)
