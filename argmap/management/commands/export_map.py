import sys

from django.core.management.base import BaseCommand, CommandError

from argmap.errors import DomainError
from argmap.interchange.exports import EXPORT_FORMATS, PICTURE_VIEWS, export_map
from argmap.interchange.mining import mining_filter
from argmap.management.lookup import map_named
from argmap.semantics import SEMANTICS


class Command(BaseCommand):
    help = (
        "Export a map as AIF, OVA, Argdown, DOT, GraphML, SVG, Web Annotation JSON-LD, a brat standoff corpus (zip) "
        "or JSON Lines of spans and relations."
    )

    def add_arguments(self, parser):
        parser.add_argument("map", help="The map's id or key.")
        parser.add_argument("--format", choices=sorted(EXPORT_FORMATS), default="aif")
        parser.add_argument("--semantics", choices=SEMANTICS, help="svg/dot/graphml: label nodes IN/OUT/UNDEC.")
        parser.add_argument(
            "--view",
            choices=PICTURE_VIEWS,
            default="full",
            help="svg/dot/graphml: overview = claims and direct support/attack.",
        )
        parser.add_argument("--include", choices=["suggestions"], help="pipelines' pending suggestions too.")
        parser.add_argument("--status", help="brat/jsonl: only these review statuses, comma-separated.")
        parser.add_argument(
            "--provenance", help="brat/jsonl: only what these made: person, pipeline:NAME or pipeline:NAME@VERSION."
        )
        parser.add_argument("--out", help="Write to this file (default: standard output).")

    def handle(self, *args, map, format, semantics, out, view="full", **options):
        argument_map = map_named(map)
        try:
            mining = mining_filter(
                include=options.get("include"), status=options.get("status"), provenance=options.get("provenance")
            )
            export = export_map(
                argument_map=argument_map,
                format=format,
                semantics=semantics,
                view=view,
                include_suggestions=mining.include_suggestions,
                mining=mining,
            )
        except DomainError as exc:
            raise CommandError(exc.message) from None
        content = export.content.encode("utf-8") if isinstance(export.content, str) else export.content
        if out:
            with open(out, "wb") as handle:
                handle.write(content)
            self.stderr.write(f"Wrote {out} ({len(content)} bytes, {export.content_type}).")
        elif isinstance(export.content, bytes):
            sys.stdout.buffer.write(content)
        else:
            sys.stdout.write(export.content)
