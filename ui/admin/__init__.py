"""The Django admin, for analysts: a door onto the domain like REST and GraphQL.

Rows are read through the access selectors and written through the services;
see :mod:`ui.admin.base`.
"""

from . import discussion, graph, library, maps, suggestions, webhooks, workspaces  # noqa: F401  (registers the pages)
