"""Putting cards and gates into service, and what staff see of them."""

import pytest
from django.core.management import CommandError, call_command
from rest_framework.test import APIClient

from heritage_cms.cards.models import Card, Gate, Tap
from heritage_cms.core.money import VND

pytestmark = pytest.mark.django_db


def token_from(output: str) -> str:
    return output.split("Device token for ")[1].split(": ", 1)[1].split()[0]


def heartbeat(token: str) -> int:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Device {token}")
    return client.post("/api/gates/v1/heartbeat", {"journal_pending": 0}, format="json").status_code


def test_issuing_a_card_gives_it_an_account_with_the_offline_floor(capsys):
    call_command("issue_card", "9704000000000001", "04a1b2c3d4e5f6")
    card = Card.objects.get(number="9704000000000001")
    assert card.uid == "04A1B2C3D4E5F6"
    assert card.account.floor == VND(-Card.OFFLINE_SPENDING_LIMIT) and card.balance == VND(0)
    with pytest.raises(CommandError, match="already exists"):
        call_command("issue_card", "9704000000000001", "04A1B2C3D4E5F7")
    with pytest.raises(CommandError, match="not hexadecimal"):
        call_command("issue_card", "9704000000000002", "nothex")


def test_a_gate_token_is_shown_once_and_rotating_it_revokes_the_old_one(capsys):
    call_command("gate_token", "Ngọ Môn 1", "--site", "dai-noi", "--fare", "200000")
    first = token_from(capsys.readouterr().out)
    gate = Gate.objects.get(name="Ngọ Môn 1")
    assert first not in gate.token_hash and gate.fare == VND(200_000)
    assert heartbeat(first) == 200
    call_command("gate_token", "Ngọ Môn 1")
    second = token_from(capsys.readouterr().out)
    assert heartbeat(second) == 200 and heartbeat(first) == 401
    with pytest.raises(CommandError, match="give --site"):
        call_command("gate_token", "Cửa Hiển Nhơn")


def test_staff_see_cards_gates_and_taps(client, superuser, capsys):
    call_command("issue_card", "9704000000000001", "04A1B2C3D4E5F6")
    call_command("gate_token", "Ngọ Môn 1", "--site", "dai-noi")
    token = token_from(capsys.readouterr().out)
    heartbeat(token)
    gate = Gate.objects.get()
    Tap.objects.create(
        gate=gate,
        sequence=1,
        card_number="9704000000000001",
        occurred_at=gate.last_seen_at,
        decision="refused",
        reason="passback",
    )
    client.force_login(superuser)
    cards = client.get("/admin/snippets/cards/card/").content.decode()
    assert "9704000000000001" in cards and "0 ₫" in cards
    gates = client.get("/admin/snippets/cards/gate/").content.decode()
    assert "Ngọ Môn 1" in gates and gate.online
    taps = client.get("/admin/snippets/cards/tap/").content.decode()
    assert "passback" in taps
    for listing in ("product", "entitlement"):
        assert client.get(f"/admin/snippets/cards/{listing}/").status_code == 200
