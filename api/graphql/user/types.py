from __future__ import annotations

from django.contrib.auth import get_user_model
from graphene_django import DjangoObjectType


class User(DjangoObjectType):
    """A person, by public username only: no email, no id to probe."""

    class Meta:
        model = get_user_model()
        fields = ("username",)
