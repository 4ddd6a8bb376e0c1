"""Payload parts shared by several mutations."""

from __future__ import annotations

import graphene


class RemovedCounts(graphene.ObjectType):
    """What a deletion removed with the node: the edges, anchors and evidence that only made sense with it,
    and the scheme applications left without a conclusion or any premise."""

    statements = graphene.Int(required=True)
    scheme_applications = graphene.Int(required=True)
    edges = graphene.Int(required=True)
    anchors = graphene.Int(required=True)
    evidence_links = graphene.Int(required=True)


def removed_counts(counts: dict) -> RemovedCounts:
    return RemovedCounts(**{name: counts.get(name, 0) for name in RemovedCounts._meta.fields})
