"""One entry point for every export format: ``export_map(argument_map=…, format=…)``."""

from __future__ import annotations

import json
from dataclasses import dataclass, replace

from argmap.errors import InvalidInput
from argmap.models import ArgumentMap
from argmap.selectors.graph import UNRESTRICTED
from argmap.selectors.interchange import interchange_graph, node_pipelines

from .aif import export_aif, export_ova
from .argdown import export_argdown
from .display import display_graph, overview
from .graphs import render_dot, render_graphml
from .mining import MiningFilter, export_brat, export_jsonl, filter_graph
from .svg import render_svg
from .webannotation import export_web_annotations

EXPORT_FORMATS = {
    # format: (content type, file extension)
    "aif": ("application/json", "json"),
    "ova": ("application/json", "json"),
    "argdown": ("text/plain; charset=utf-8", "argdown"),
    "dot": ("text/vnd.graphviz; charset=utf-8", "dot"),
    "graphml": ("application/graphml+xml; charset=utf-8", "graphml"),
    "svg": ("image/svg+xml; charset=utf-8", "svg"),
    "jsonld": ("application/ld+json", "jsonld"),
    "brat": ("application/zip", "zip"),
    "jsonl": ("application/x-ndjson; charset=utf-8", "jsonl"),
}


@dataclass
class Export:
    #: text, or bytes for an archive (brat)
    content: str | bytes
    content_type: str
    filename: str


PICTURE_VIEWS = ("full", "overview")
#: The training exports, which choose their rows with a :class:`~argmap.interchange.mining.MiningFilter`.
MINING_FORMATS = ("brat", "jsonl")


def export_map(
    *,
    argument_map: ArgumentMap,
    format: str,
    semantics: str | None = None,
    view: str = "full",
    user: object = UNRESTRICTED,
    include_suggestions: bool = False,
    mining: MiningFilter | None = None,
) -> Export:
    """The map in ``format``; for the pictures (svg, dot, graphml) ``semantics`` adds evaluation labels and
    ``view="overview"`` draws only the claims and what directly supports or attacks them, sections as clusters.

    Authorise reading the map first; pass ``user`` so that rows hidden from them stay hidden. Pending
    suggestions are exported only with ``include_suggestions`` (decided by
    :func:`argmap.selectors.suggestions.suggestions_asked`). ``mining`` (brat and jsonl only) keeps the rows of
    a training export by review status and provenance.
    """
    if format not in EXPORT_FORMATS:
        raise InvalidInput(
            f"Unknown export format {format!r}: use one of {', '.join(EXPORT_FORMATS)}.", field="format", rule="invalid"
        )
    if view not in PICTURE_VIEWS:
        raise InvalidInput(f"Unknown view {view!r}: use full or overview.", field="view", rule="invalid")
    mining = replace(mining or MiningFilter(), include_suggestions=include_suggestions)
    graph = interchange_graph(argument_map=argument_map, user=user, include_suggestions=include_suggestions)
    if format in MINING_FORMATS:
        graph["pipelines"] = node_pipelines(argument_map=argument_map)
        graph = filter_graph(graph, mining)
    title = argument_map.name
    if format == "aif":
        content = json.dumps(export_aif(graph), ensure_ascii=False, indent=1)
    elif format == "ova":
        content = json.dumps(export_ova(graph), ensure_ascii=False, indent=1)
    elif format == "argdown":
        content = export_argdown(graph)
    elif format == "jsonld":
        content = json.dumps(export_web_annotations(graph), ensure_ascii=False, indent=1)
    elif format == "brat":
        content = export_brat(graph)
    elif format == "jsonl":
        content = export_jsonl(graph, mining)
    else:
        labels = {}
        if semantics:
            from argmap.semantics import evaluate_map

            result = evaluate_map(argument_map=argument_map, semantics=semantics, user=user, rows=graph)
            for part in ("statements", "inferences", "conflicts", "rephrases"):
                labels.update(result[part])
        nodes, edges = display_graph(graph, labels)
        if view == "overview":
            nodes, edges = overview(nodes, edges)
            title = f"{title} — overview"
        sections = {"sections": view == "overview"} if format in ("dot", "svg") else {}
        render = {"dot": render_dot, "graphml": render_graphml, "svg": render_svg}[format]
        content = render(nodes, edges, title=title, **sections)
    content_type, extension = EXPORT_FORMATS[format]
    if format == "brat":
        extension = "brat.zip"
    slug = "".join(c if c.isalnum() else "-" for c in (argument_map.key or str(argument_map.pk)))
    return Export(content=content, content_type=content_type, filename=f"{slug}.{extension}")
