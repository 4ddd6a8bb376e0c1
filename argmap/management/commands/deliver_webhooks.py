"""``manage.py deliver_webhooks``: the webhook worker. Run as many as you like; they never send a delivery twice."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand
from django.db import close_old_connections

from argmap.services.webhook_delivery import deliver_due, prune_finished_deliveries

PRUNE_EVERY_SECONDS = 3600.0


class Command(BaseCommand):
    help = (
        "Send due webhook deliveries (signed POSTs), retrying failures with backoff; hourly, delete finished ones "
        "older than ARGMAP_WEBHOOK_RETENTION_DAYS (30). Loops until stopped."
    )

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="Send what is due now, then exit.")
        parser.add_argument("--interval", type=float, default=1.0, help="Seconds to wait when nothing is due.")
        parser.add_argument("--batch", type=int, default=100, help="Deliveries per round.")

    def handle(self, *args, once: bool, interval: float, batch: int, **options):
        pruned_at = 0.0
        while True:
            close_old_connections()
            if time.monotonic() - pruned_at >= PRUNE_EVERY_SECONDS:
                pruned_at = time.monotonic()
                if pruned := prune_finished_deliveries():
                    self.stdout.write(f"{pruned} finished deliveries past retention deleted")
            sent = deliver_due(limit=batch)
            if sent:
                self.stdout.write(f"{sent} deliveries handled")
            if once:
                return
            if sent < batch:
                try:
                    time.sleep(interval)
                except KeyboardInterrupt:
                    return
