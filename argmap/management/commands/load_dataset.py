from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from argmap.datasets.dataset import load_dataset
from argmap.errors import DomainError

from .build_dataset import DEFAULT_DATASET


class Command(BaseCommand):
    help = "Load a built dataset (workspace, document, public map, sources, the whole graph) in one transaction."

    def add_arguments(self, parser):
        parser.add_argument("directory", nargs="?", default=str(DEFAULT_DATASET))

    def handle(self, *args, directory, **options):
        self.verbosity = options["verbosity"]
        try:
            argument_map = load_dataset(Path(directory), progress=self._progress)
        except DomainError as exc:
            raise CommandError(exc.message) from None
        self.stdout.write(self.style.SUCCESS(f"Loaded map {argument_map.name!r} ({argument_map.pk})"))

    def _progress(self, stage: str, done: int, total: int) -> None:
        if self.verbosity > 1 or done == total:
            self.stdout.write(f"  {stage}: {done}/{total}")
