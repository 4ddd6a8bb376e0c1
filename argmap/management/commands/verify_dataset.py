from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from argmap.datasets.dataset import verify_dataset

from .build_dataset import DEFAULT_DATASET


class Command(BaseCommand):
    help = "Check a dataset: built fixture up to date, anchors match the text, AIF rules hold, every footnote cited."

    def add_arguments(self, parser):
        parser.add_argument("directory", nargs="?", default=str(DEFAULT_DATASET))

    def handle(self, *args, directory, **options):
        problems = verify_dataset(Path(directory))
        for problem in problems:
            self.stderr.write(f"- {problem}")
        if problems:
            raise CommandError(f"{len(problems)} problem(s) in {directory}")
        self.stdout.write(self.style.SUCCESS(f"{directory}: sound"))
