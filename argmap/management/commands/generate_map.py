import time

from django.core.management.base import BaseCommand, CommandError

from argmap import services
from argmap.datasets.synthetic import generate_map
from argmap.models import Workspace
from argmap.selectors.integrity import map_integrity_problems


class Command(BaseCommand):
    help = "Generate a valid random map of N statements, deterministic for a seed (for scale tests and benchmarks)."

    def add_arguments(self, parser):
        parser.add_argument("--statements", type=int, default=1000)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--workspace", default="synthetic", help="workspace slug (created when missing)")
        parser.add_argument("--verify", action="store_true", help="run the map integrity checks afterwards")

    def handle(self, *args, statements, seed, workspace, verify, **options):
        self.verbosity = options["verbosity"]
        if statements < 1:
            raise CommandError("--statements must be at least 1")
        space = Workspace.objects.filter(slug=workspace).first() or services.create_workspace(
            actor=None, slug=workspace, name=workspace
        )
        started = time.perf_counter()
        argument_map = generate_map(workspace=space, statements=statements, seed=seed, progress=self._progress)
        self.stdout.write(self.style.SUCCESS(f"Generated {argument_map.pk} in {time.perf_counter() - started:.1f}s"))
        if verify:
            problems = map_integrity_problems(argument_map)
            for problem in problems[:20]:
                self.stderr.write(f"- {problem}")
            if problems:
                raise CommandError(f"{len(problems)} integrity problem(s)")
            self.stdout.write("integrity: sound")

    def _progress(self, stage: str, done: int, total: int) -> None:
        if done == total or self.verbosity > 1:
            self.stdout.write(f"  {stage}: {done}/{total}")
