"""The user interfaces built on the domain: the Django admin and the annotation screen.

A client of ``argmap`` like ``api``: it parses, authorises through the access
selectors, calls services and renders. Nothing in ``argmap`` imports it.
"""
