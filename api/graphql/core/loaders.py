"""Per-request DataLoaders (graphql-sync-dataloaders), so lists cost a fixed number of queries.

A loader collects the keys asked for while one level of the response is being
resolved and fetches them all in one query when ``DeferredExecutionContext``
runs its deferred callbacks. Loaders live on the request, never at module
level, where their caches would be shared between users.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable

from django.db.models import Model, QuerySet
from graphql_sync_dataloaders import SyncDataLoader
from graphql_sync_dataloaders.sync_future import SyncFuture

from argmap.selectors.graph_json import with_object_json
from argmap.selectors.point_reads import PointRead

logger = logging.getLogger(__name__)


class Loaders:
    def __init__(self, user):
        self.user = user
        self._loaders: dict = {}

    def _loader(self, key: object, batch: Callable[[list], list]) -> SyncDataLoader:
        loader = self._loaders.get(key)
        if loader is None:
            loader = self._loaders[key] = SyncDataLoader(_failing_per_key(batch))
        return loader

    def visible(self, model: type[Model], visible_for: Callable[[object], QuerySet]) -> SyncDataLoader:
        """Objects by primary key, or ``None`` when missing or not visible to this request's user."""

        def batch(keys: list) -> list:
            if len(keys) == 1:
                return [visible_point_read(model, visible_for).read(self.user, keys[0])]
            found = {obj.pk: obj for obj in visible_for(self.user).filter(pk__in=keys)}
            return [found.get(key) for key in keys]

        return self._loader(("visible", model), batch)

    def prime_visible(self, model: type[Model], visible_for: Callable[[object], QuerySet], key, row) -> None:
        """:meth:`visible`'s answer for ``key`` given as found already: ``row``, read by
        ``visible_point_read(model, visible_for)`` for this request's user."""
        future = SyncFuture()
        future.set_result(row)
        self.visible(model, visible_for)._cache.setdefault(key, future)

    def by_id(self, model: type[Model]) -> SyncDataLoader:
        """Objects by primary key, for foreign keys of objects already found visible (their targets are too)."""

        def batch(keys: list) -> list:
            found = model._default_manager.in_bulk([key for key in keys if key is not None])
            return [found.get(key) for key in keys]

        return self._loader(("by_id", model), batch)

    def many(self, fetch: Callable[[Iterable], dict]) -> SyncDataLoader:
        """Lists per key from a batched selector ``fetch(keys, *, user) -> {key: [item, …]}``."""

        def batch(keys: list) -> list:
            found = fetch(keys, user=self.user)
            return [list(found.get(key, ())) for key in keys]

        return self._loader(("many", fetch), batch)

    def prime_many(self, fetch: Callable[[Iterable], dict], keys: list) -> None:
        """Runs :meth:`many`'s batch for ``keys`` now and keeps each key's list as a finished load.

        For a page whose rows are known before their fields are completed: each row's ``load`` then returns
        a done future, completed on the spot, instead of one future per row resolved after the batch.
        Keys already loaded or queued are left as they are."""
        loader = self.many(fetch)
        keys = [key for key in keys if key not in loader._cache]
        if not keys:
            return
        for key, value in zip(keys, loader._batch_load_fn(keys), strict=True):
            future = SyncFuture()
            if isinstance(value, Exception):
                future.set_exception(value)
            else:
                future.set_result(value)
            loader._cache[key] = future

    def one(self, fetch: Callable[[Iterable], dict]) -> SyncDataLoader:
        """One value (or ``None``) per key from a batched selector ``fetch(keys, *, user) -> {key: value}``."""

        def batch(keys: list) -> list:
            found = fetch(keys, user=self.user)
            return [found.get(key) for key in keys]

        return self._loader(("one", fetch), batch)


#: One compiled point read per model and selector (``node(id:)``, a single object by id), and per selection
#: written by PostgreSQL (:func:`visible_point_read`'s ``members``).
_point_reads: dict[tuple, PointRead] = {}
#: The annotation holding the JSON of a point read's row written as its selection's ``members``.
OBJECT_JSON = "argmap_object_json"


def visible_point_read(
    model: type[Model], visible_for: Callable[[object], QuerySet], members: tuple | None = None
) -> PointRead:
    """The read of one ``model`` row by key among ``visible_for(user)``'s; with ``members`` (column specs of
    :mod:`argmap.selectors.graph_json`), the row carries its JSON written as them (:data:`OBJECT_JSON`) and
    nothing else but its key."""
    key = (model, getattr(visible_for, "__module__", None), getattr(visible_for, "__qualname__", visible_for), members)
    read = _point_reads.get(key)
    if read is None:
        if len(_point_reads) >= MAX_POINT_READS:
            _point_reads.clear()
        build = visible_for
        if members is not None:

            def build(user):
                # the row answers with its JSON alone: none of its other columns is read or converted
                return with_object_json(visible_for(user), members, OBJECT_JSON).only(model._meta.pk.name)

        read = _point_reads.setdefault(key, PointRead(model, build))
    return read


#: Point reads kept per process (one per type, and one per selection a compiled ``node(id:)`` writes).
MAX_POINT_READS = 512


def _failing_per_key(batch: Callable[[list], list]) -> Callable[[list], list]:
    """A batch that raises fails each key's field (located, with its path) instead of the whole response."""

    def guarded(keys: list) -> list:
        try:
            return batch(keys)
        except Exception as exc:  # logged here with its traceback; callers see only that the field failed
            logger.exception("DataLoader batch failed for %d keys", len(keys))
            return [exc for _ in keys]

    return guarded
