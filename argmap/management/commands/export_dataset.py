from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from argmap.datasets.dataset import canonical_json, export_map
from argmap.models import ArgumentMap


class Command(BaseCommand):
    help = (
        "Write a map's full content as canonical JSON (stable ids, no timestamps): two loads of a dataset export "
        "identically. Pipelines' pending suggestions are left out unless --include suggestions."
    )

    def add_arguments(self, parser):
        parser.add_argument("map", help="map id or key")
        parser.add_argument("--output", "-o", help="file to write (default: standard output)")
        parser.add_argument("--include", choices=["suggestions"], help="pipelines' pending suggestions too")

    def handle(self, *args, map, output=None, include=None, **options):
        argument_map = ArgumentMap.objects.filter(key=map).first()
        if argument_map is None:
            try:
                argument_map = ArgumentMap.objects.get(pk=map)
            except (ArgumentMap.DoesNotExist, ValueError, ValidationError):
                raise CommandError(f"No map with id or key {map!r}.") from None
        text = canonical_json(export_map(argument_map, include_suggestions=include == "suggestions"))
        if output:
            with open(output, "w", encoding="utf-8", newline="\n") as handle:
                handle.write(text)
        else:
            self.stdout.write(text, ending="")
