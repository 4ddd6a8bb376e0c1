from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand

from argmap import services
from argmap.datasets.dataset import read_built
from argmap.models import Membership, Role, Workspace

from .build_dataset import DEFAULT_DATASET

ADMIN = ("admin", "argmap-admin")
DEMO_MEMBERS = [(f"demo-{role}", f"argmap-{role}", role) for role in Role.values]


class Command(BaseCommand):
    help = "Quick start: load the report's dataset (once) and create the demo admin and one demo member per role."

    def add_arguments(self, parser):
        parser.add_argument(
            "--url",
            default="http://127.0.0.1:8000/",
            help="Where the server will listen (make demo passes http://$HOST:$PORT/), printed for the user.",
        )

    def handle(self, *args, **options):
        built = read_built(DEFAULT_DATASET)
        if not Workspace.objects.filter(pk=built["workspace"]["id"]).exists():
            call_command("load_dataset", str(DEFAULT_DATASET), stdout=self.stdout)
        workspace = Workspace.objects.get(pk=built["workspace"]["id"])
        User = get_user_model()
        admin, created = User.objects.get_or_create(
            username=ADMIN[0], defaults={"is_staff": True, "is_superuser": True}
        )
        if created:
            admin.set_password(ADMIN[1])
            admin.save()
        for username, password, role in DEMO_MEMBERS:
            user, created = User.objects.get_or_create(username=username, defaults={"is_staff": True})
            if created:
                user.set_password(password)
                user.save()
            if not Membership.objects.filter(workspace=workspace, user=user).exists():
                services.add_member(actor=admin, workspace=workspace, user=user, role=role)
        self.stdout.write("")
        url = options["url"].rstrip("/") + "/"
        self.stdout.write(
            self.style.SUCCESS(f"argmap demo — open {url} (annotate: {url}admin/argmap/argumentmap/annotate/)")
        )
        self.stdout.write(f"  superuser   {ADMIN[0]:<16} password {ADMIN[1]}")
        for username, password, role in DEMO_MEMBERS:
            self.stdout.write(f"  {role:<11} {username:<16} password {password}")
        self.stdout.write("")
