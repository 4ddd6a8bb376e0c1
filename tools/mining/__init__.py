"""The reference argument-mining pipeline: a third-party client of argmap's public GraphQL API.

``python -m tools.mining --url http://127.0.0.1:8000 --token KEY --map MAP --document DOC --version 1``
reads the document over GraphQL, proposes discourse units and support/attack relations
(:mod:`tools.mining.segment`: SudachiPy + discourse markers) and writes them as suggestions with
``suggestAnnotations``. It imports nothing from the server's packages.
"""
