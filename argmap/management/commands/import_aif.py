from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q

from argmap.errors import DomainError
from argmap.interchange.imports import IMPORT_FORMATS, import_map
from argmap.models import Workspace


class Command(BaseCommand):
    help = (
        "Import AIF (AIFdb or OVA) or Argdown files as new maps, one map per file, each in one transaction. "
        "A directory imports every .json/.argdown file in it."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", help="Files or directories.")
        parser.add_argument("--workspace", required=True, help="Slug or id of the workspace the maps go in.")
        parser.add_argument("--name", default="", help="Map name (default: the file's title or name).")
        parser.add_argument("--format", choices=IMPORT_FORMATS, help="Default: guessed from the file.")
        parser.add_argument("--public", action="store_true", help="Make the maps public.")
        parser.add_argument("--user", help="Username recorded as the importer in the history.")

    def handle(self, *args, paths, workspace, name, format, public, user, **options):
        self.verbosity = options["verbosity"]
        target = Workspace.objects.filter(Q(slug=workspace) | Q(pk=_uuid_or_none(workspace))).first()
        if target is None:
            raise CommandError(f"No workspace {workspace!r}.")
        actor = None
        if user:
            actor = get_user_model().objects.filter(username=user).first()
            if actor is None:
                raise CommandError(f"No user {user!r}.")
        files = []
        for raw in paths:
            path = Path(raw)
            if path.is_dir():
                files += sorted(p for p in path.iterdir() if p.suffix in (".json", ".argdown", ".ad"))
            elif path.is_file():
                files.append(path)
            else:
                raise CommandError(f"{raw}: no such file or directory.")
        failures = 0
        for index, path in enumerate(files, 1):
            self.stdout.write(f"[{index}/{len(files)}] {path.name}")
            try:
                argument_map, counts = import_map(
                    actor=actor,
                    workspace=target,
                    raw=path.read_bytes(),
                    format=format,
                    name=name or "",
                    visibility="public" if public else "private",
                    filename=path.name,
                    progress=self._progress,
                )
            except DomainError as exc:
                failures += 1
                self.stderr.write(self.style.ERROR(f"  refused, nothing written: {exc.message}"))
                continue
            summary = ", ".join(f"{n} {kind}" for kind, n in counts.items() if n)
            self.stdout.write(self.style.SUCCESS(f"  map {argument_map.pk} ({argument_map.name!r}): {summary}"))
        if failures:
            raise CommandError(f"{failures} of {len(files)} files were refused.")

    def _progress(self, stage: str, done: int, total: int) -> None:
        if self.verbosity > 1 or done == total:
            self.stdout.write(f"  {stage}: {done}/{total}")


def _uuid_or_none(value: str):
    import uuid

    try:
        return uuid.UUID(value)
    except ValueError:
        return None
