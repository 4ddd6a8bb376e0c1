import json

from django.core.management.base import BaseCommand, CommandError

from argmap.errors import DomainError
from argmap.management.lookup import map_named
from argmap.semantics import SEMANTICS, commitment_table


class Command(BaseCommand):
    help = (
        "Print the evaluation per commitment of a map (docs/semantics.md): per speaker, the author first, how many "
        "statements commit them, the labels of their own sub-framework, and the labels their commitments get in "
        "the whole map."
    )

    def add_arguments(self, parser):
        parser.add_argument("map", help="The map's id or key.")
        parser.add_argument("--semantics", choices=SEMANTICS, default="grounded")
        parser.add_argument("--json", action="store_true", help="One JSON document, each statement's label included.")

    def handle(self, *args, map, semantics, **options):
        argument_map = map_named(map)
        try:
            table = commitment_table(argument_map=argument_map, semantics=semantics)
        except DomainError as exc:
            raise CommandError(exc.message) from None
        if options["json"]:
            self.stdout.write(json.dumps({"map": str(argument_map.pk), "semantics": semantics, "speakers": table}))
            return
        self.stdout.write(render_table(table, semantics))


def render_table(table: list[dict], semantics: str) -> str:
    """A Markdown table, as docs/semantics.md shows it."""
    lines = [
        f"| speaker | commitments | own sub-framework ({semantics}) IN / OUT / UNDEC | in the whole map IN / OUT / UNDEC |",
        "|---|---:|---|---|",
    ]
    for row in table:
        own, in_map = row["own"], row["in_map"]
        lines.append(
            f"| {row['name']} | {row['commitments']} | {own['IN']} / {own['OUT']} / {own['UNDEC']} "
            f"| {in_map['IN']} / {in_map['OUT']} / {in_map['UNDEC']} |"
        )
    return "\n".join(lines) + "\n"
