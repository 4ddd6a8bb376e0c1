"""Registering webhooks (owners) and the outbox rows that feed them.

Webhooks are a workspace's configuration, not part of its argument maps: their
writes are not recorded in the map history (whose before/after every member
reads in the change feed, and which would then carry the URL and the signing
secret to them). Each write is still one transaction, stamped with who made it,
and versioned like every row.
"""

from __future__ import annotations

import secrets

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction

from argmap.errors import InvalidInput
from argmap.models import Webhook, Workspace
from argmap.rules.fields import require_text
from argmap.rules.versions import bump_version
from argmap.rules.webhooks import check_webhook_url

from ._common import full_clean
from .history import lock_current, stamp

UPDATABLE = {"url", "description", "active"}


def new_secret() -> str:
    return "whsec_" + secrets.token_hex(32)


def create_webhook(
    *, actor: AbstractBaseUser | None, workspace: Workspace, url: str, description: str = "", active: bool = True
) -> Webhook:
    """A webhook of ``workspace`` that receives every later event of its feed; its ``secret`` is set here."""
    webhook = Webhook(
        workspace=workspace,
        url=check_webhook_url(url),
        description=require_text(description, field="description", blank=True),
        secret=new_secret(),
        active=bool(active),
    )
    stamp(webhook, actor, creating=True)
    full_clean(webhook, exclude=("created_by", "updated_by"))
    with transaction.atomic():
        webhook.save(force_insert=True)
    return webhook


def update_webhook(
    *, actor: AbstractBaseUser | None, webhook: Webhook, expected_version: int | None, **changes: object
) -> Webhook:
    unknown = set(changes) - UPDATABLE
    if unknown:
        raise InvalidInput(f"These fields cannot be changed here: {', '.join(sorted(unknown))}.", field=min(unknown))
    if "url" in changes:
        changes["url"] = check_webhook_url(changes["url"])
    if "description" in changes:
        changes["description"] = require_text(changes["description"], field="description", blank=True)
    if "active" in changes and not isinstance(changes["active"], bool):
        raise InvalidInput("active: true or false.", field="active")
    with transaction.atomic():
        current = lock_current(Webhook, webhook.pk, expected_version)
        for name, value in changes.items():
            setattr(current, name, value)
        stamp(current, actor)
        full_clean(current, exclude=("created_by", "updated_by"))
        bump_version(current)
        current.save()
    return current


def rotate_webhook_secret(*, actor: AbstractBaseUser | None, webhook: Webhook, expected_version: int | None) -> Webhook:
    """A new signing secret; deliveries sent from now on are signed with it (the old one stops working at once)."""
    with transaction.atomic():
        current = lock_current(Webhook, webhook.pk, expected_version)
        current.secret = new_secret()
        stamp(current, actor)
        bump_version(current)
        current.save(update_fields=["secret", "updated_by", "updated_at", "version"])
    return current


def delete_webhook(*, actor: AbstractBaseUser | None, webhook: Webhook, expected_version: int | None) -> None:
    """Remove a webhook with its delivery log; nothing more is sent to it."""
    with transaction.atomic():
        lock_current(Webhook, webhook.pk, expected_version).delete()
