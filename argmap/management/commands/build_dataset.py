from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from argmap.datasets.dataset import DatasetError, write_built

DEFAULT_DATASET = Path(__file__).resolve().parents[3] / "fixtures" / "jiia-fy2024-1"


class Command(BaseCommand):
    help = "Build the loadable fixture (dataset.built.json) from a dataset's YAML source and document text."

    def add_arguments(self, parser):
        parser.add_argument("directory", nargs="?", default=str(DEFAULT_DATASET))

    def handle(self, *args, directory, **options):
        try:
            path = write_built(Path(directory))
        except DatasetError as exc:
            raise CommandError(exc.message) from None
        self.stdout.write(self.style.SUCCESS(f"Wrote {path}"))
