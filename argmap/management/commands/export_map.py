import sys
import uuid

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q

from argmap.errors import DomainError
from argmap.interchange.exports import EXPORT_FORMATS, export_map
from argmap.models import ArgumentMap
from argmap.semantics import SEMANTICS


class Command(BaseCommand):
    help = "Export a map as AIF, OVA, Argdown, DOT, GraphML, SVG or Web Annotation JSON-LD."

    def add_arguments(self, parser):
        parser.add_argument("map", help="The map's id or key.")
        parser.add_argument("--format", choices=sorted(EXPORT_FORMATS), default="aif")
        parser.add_argument("--semantics", choices=SEMANTICS, help="svg/dot/graphml: label nodes IN/OUT/UNDEC.")
        parser.add_argument("--out", help="Write to this file (default: standard output).")

    def handle(self, *args, map, format, semantics, out, **options):
        try:
            by_id_or_key = Q(pk=uuid.UUID(map)) | Q(key=map)
        except ValueError:
            by_id_or_key = Q(key=map)
        argument_map = ArgumentMap.objects.filter(by_id_or_key).first()
        if argument_map is None:
            raise CommandError(f"No map with id or key {map!r}.")
        try:
            export = export_map(argument_map=argument_map, format=format, semantics=semantics)
        except DomainError as exc:
            raise CommandError(exc.message) from None
        if out:
            with open(out, "w", encoding="utf-8") as handle:
                handle.write(export.content)
            self.stderr.write(f"Wrote {out} ({len(export.content.encode())} bytes, {export.content_type}).")
        else:
            sys.stdout.write(export.content)
