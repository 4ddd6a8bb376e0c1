import pytest
from django.core.management import CommandError, call_command
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient


def test_prints_a_token_that_authenticates(owner, argument_map, capsys):
    call_command("create_api_token", "owner")
    key = capsys.readouterr().out.strip()
    assert Token.objects.get(user=owner).key == key
    call_command("create_api_token", "owner")
    assert capsys.readouterr().out.strip() == key
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert client.get(f"/api/v1/maps/{argument_map.pk}/").status_code == 200
    call_command("create_api_token", "owner", "--reset")
    assert capsys.readouterr().out.strip() != key
    assert client.get(f"/api/v1/maps/{argument_map.pk}/").status_code == 401


def test_unknown_user(db):
    with pytest.raises(CommandError):
        call_command("create_api_token", "nobody")
