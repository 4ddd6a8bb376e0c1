from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from argmap.datasets.dataset import read_built
from argmap.datasets.report import OUTLINE_FILE, render_outline

from .build_dataset import DEFAULT_DATASET


class Command(BaseCommand):
    help = "Write the map's human-readable outline (outline.md: conclusions, their premises, attacks indented)."

    def add_arguments(self, parser):
        parser.add_argument("directory", nargs="?", default=str(DEFAULT_DATASET))
        parser.add_argument("--check", action="store_true", help="only check that outline.md is current")

    def handle(self, *args, directory, check=False, **options):
        path = Path(directory) / OUTLINE_FILE
        text = render_outline(read_built(Path(directory)))
        if check:
            if not path.exists() or path.read_text(encoding="utf-8") != text:
                raise CommandError(f"{path} is out of date: run outline_dataset")
            self.stdout.write(self.style.SUCCESS(f"{path} is current"))
            return
        path.write_text(text, encoding="utf-8")
        self.stdout.write(self.style.SUCCESS(f"Wrote {path}"))
