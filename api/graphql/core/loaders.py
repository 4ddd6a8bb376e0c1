"""Per-request DataLoaders (graphql-sync-dataloaders), so lists cost a fixed number of queries.

A loader collects the keys asked for while one level of the response is being
resolved and fetches them all in one query when ``DeferredExecutionContext``
runs its deferred callbacks. Loaders live on the request, never at module
level, where their caches would be shared between users.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from django.db.models import Model, QuerySet
from graphql_sync_dataloaders import SyncDataLoader


class Loaders:
    def __init__(self, user):
        self.user = user
        self._loaders: dict = {}

    def _loader(self, key: object, batch: Callable[[list], list]) -> SyncDataLoader:
        loader = self._loaders.get(key)
        if loader is None:
            loader = self._loaders[key] = SyncDataLoader(batch)
        return loader

    def visible(self, model: type[Model], visible_for: Callable[[object], QuerySet]) -> SyncDataLoader:
        """Objects by primary key, or ``None`` when missing or not visible to this request's user."""

        def batch(keys: list) -> list:
            found = {obj.pk: obj for obj in visible_for(self.user).filter(pk__in=keys)}
            return [found.get(key) for key in keys]

        return self._loader(("visible", model), batch)

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

    def one(self, fetch: Callable[[Iterable], dict]) -> SyncDataLoader:
        """One value (or ``None``) per key from a batched selector ``fetch(keys, *, user) -> {key: value}``."""

        def batch(keys: list) -> list:
            found = fetch(keys, user=self.user)
            return [found.get(key) for key in keys]

        return self._loader(("one", fetch), batch)
