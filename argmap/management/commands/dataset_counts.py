import re
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from argmap.datasets.dataset import read_built
from argmap.datasets.report import counts_table

from .build_dataset import DEFAULT_DATASET

BEGIN, END = "<!-- dataset-counts:begin -->", "<!-- dataset-counts:end -->"


def replace_counts_block(readme: str, table: str) -> str:
    """README text with the block between the counts markers replaced by ``table``."""
    pattern = re.compile(re.escape(BEGIN) + r".*?" + re.escape(END), re.S)
    if not pattern.search(readme):
        raise CommandError(f"the README has no {BEGIN} … {END} block")
    return pattern.sub(lambda _: f"{BEGIN}\n{table}{END}", readme)


class Command(BaseCommand):
    help = "Print the counts per section of a dataset (the README's table), or rewrite that table in a README."

    def add_arguments(self, parser):
        parser.add_argument("directory", nargs="?", default=str(DEFAULT_DATASET))
        parser.add_argument("--readme", help="rewrite the counts block of this README instead of printing")

    def handle(self, *args, directory, readme=None, **options):
        table = counts_table(read_built(Path(directory)))
        if readme:
            path = Path(readme)
            path.write_text(replace_counts_block(path.read_text(encoding="utf-8"), table), encoding="utf-8")
            self.stdout.write(self.style.SUCCESS(f"Rewrote the counts in {path}"))
        else:
            self.stdout.write(table, ending="")
