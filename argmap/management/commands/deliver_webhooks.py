"""``manage.py deliver_webhooks``: the webhook worker. Run as many as you like; they never send a delivery twice."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand
from django.db import close_old_connections

from argmap.services.webhook_delivery import deliver_due


class Command(BaseCommand):
    help = "Send due webhook deliveries (signed POSTs), retrying failures with backoff. Loops until stopped."

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="Send what is due now, then exit.")
        parser.add_argument("--interval", type=float, default=1.0, help="Seconds to wait when nothing is due.")
        parser.add_argument("--batch", type=int, default=100, help="Deliveries per round.")

    def handle(self, *args, once: bool, interval: float, batch: int, **options):
        while True:
            close_old_connections()
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
