"""E-tickets on the server: signed QR codes the gate can verify offline with only the public
keys of its snapshot, revocation, and QR taps counted once and never charged."""

from __future__ import annotations

import base64
import json
from datetime import date, timedelta

import pytest
from django.utils import timezone, translation
from django.utils.translation import gettext
from rest_framework.test import APIClient
from wagtail.models import ModelLogEntry

from heritage_cms.cards.factories import CardFactory
from heritage_cms.cards.models import GateAnomaly, Tap, Transfer
from heritage_cms.payments.models import Refund
from heritage_cms.tickets import services, signing
from heritage_cms.tickets.models import Ticket

from .conftest import buy_and_pay, make_gate

pytestmark = pytest.mark.django_db


def gate_client(token: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Device {token}")
    return client


def snapshot(token: str, since: str | None = None) -> dict:
    query = {"since": since} if since else {}
    response = gate_client(token).get("/api/gates/v1/snapshot", query)
    assert response.status_code == 200, response.content
    return response.json()


def qr_tap(sequence: int, code: str, decision: str = "entered", journal: str = "j1") -> dict:
    return {
        "journal_id": journal,
        "sequence": sequence,
        "card_number": "",
        "occurred_at": timezone.now().isoformat(),
        "decision": decision,
        "reason": "" if decision == "entered" else "ticket_used",
        "fare": 0,
        "ticket": code,
    }


def test_a_ticket_verifies_with_the_snapshot_public_key_and_one_altered_byte_fails(
    client, sandbox, combo
):
    _gate, token = make_gate()
    payment = buy_and_pay(client, sandbox, combo)
    keys = snapshot(token)["ticket_keys"]
    tickets = list(Ticket.objects.filter(order__payment=payment))
    assert len(tickets) == 3
    for ticket in tickets:
        claim = signing.verify(ticket.qr_text, keys)
        assert (claim.code, claim.product, claim.valid_from) == (
            ticket.code,
            "combo-dai-noi-tu-duc",
            timezone.localdate() + timedelta(days=1),
        )
        assert claim.valid_until == claim.valid_from + timedelta(days=1)  # valid 2 days
    text = tickets[0].qr_text
    prefix, body, signature = text.split(".")
    payload = json.loads(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))
    assert payload["f"] == "adult" and payload["k"] == "dev1"
    # Every single character changed, in the payload or the signature, is refused.
    for index in range(len(prefix) + 1, len(text)):
        if text[index] == ".":
            continue
        altered = text[:index] + ("A" if text[index] != "A" else "B") + text[index + 1 :]
        with pytest.raises(signing.TicketUnreadable):
            signing.verify(altered, keys)
    # A child ticket re-labelled as an adult one with a valid-looking payload is refused too.
    forged = dict(payload, f="adult", t=tickets[2].code)
    forged_body = base64.urlsafe_b64encode(
        json.dumps(forged, separators=(",", ":"), sort_keys=True).encode()
    ).rstrip(b"=")
    with pytest.raises(signing.TicketUnreadable):
        signing.verify(f"HT1.{forged_body.decode()}.{signature}", keys)


def test_the_snapshot_and_the_ticket_page_carry_no_private_key_material(client, sandbox, combo):
    _gate, token = make_gate()
    payment = buy_and_pay(client, sandbox, combo)
    body = json.dumps(snapshot(token))
    ticket = Ticket.objects.filter(order__payment=payment).first()
    page = client.get(f"/en/tickets/orders/{payment.reference}/{ticket.code}/").content.decode()
    secrets_ = [
        value for value in __import__("django.conf").conf.settings.TICKET_SIGNING_KEYS.values()
    ]
    for secret in secrets_:
        seed = base64.urlsafe_b64decode(secret + "=" * (-len(secret) % 4))
        for encoded in (secret, seed.hex(), base64.b64encode(seed).decode()):
            assert encoded not in body and encoded not in page
    keys = json.loads(body)["ticket_keys"]
    assert [set(k) for k in keys] == [{"id", "public_key"}]
    assert len(base64.urlsafe_b64decode(keys[0]["public_key"] + "=")) == 32
    assert ticket.code in page and "<svg" in page


def test_finance_refunds_an_order_and_its_tickets_are_revoked_in_the_next_snapshot(
    client, sandbox, combo, finance_user
):
    _gate, token = make_gate()
    payment = buy_and_pay(client, sandbox, combo)
    codes = sorted(Ticket.objects.filter(order__payment=payment).values_list("code", flat=True))
    before = snapshot(token)
    assert before["revoked_tickets"] == []
    client.force_login(finance_user)
    page = client.get(f"/admin/finance/payments/{payment.pk}/").content.decode()
    assert all(code in page for code in codes)
    for listing in ("/admin/finance/payments/", "/admin/finance/payments/?export=csv"):
        assert client.get(listing).status_code == 200  # a payment with no card lists too
    answer = client.post(
        f"/admin/finance/payments/{payment.pk}/",
        {
            "amount": str(payment.amount.amount),
            "reason": "Khách hủy chuyến vì bão / trip cancelled",
            "revoke_entitlement": "on",
        },
    )
    assert answer.status_code == 302
    assert Refund.objects.get().status == Refund.Status.SUCCEEDED  # Stripe (sandbox) paid back
    after = snapshot(token, since=before["taken_at"])
    assert after["revoked_tickets"] == codes
    assert set(Ticket.objects.values_list("status", flat=True)) == {Ticket.Status.REFUNDED}
    entry = ModelLogEntry.objects.get(action="heritage.payment.refund")
    assert entry.user == finance_user  # filed on the payment itself: it has no card


def test_a_qr_tap_is_counted_once_never_charged_and_a_resend_is_a_duplicate(client, sandbox, combo):
    gate, token = make_gate()
    _other_gate, other_token = make_gate("dai-noi")
    payment = buy_and_pay(client, sandbox, combo)
    code = Ticket.objects.filter(order__payment=payment).first().code
    taps_before = Transfer.objects.filter(kind=Transfer.Kind.TAP).count()
    entry = qr_tap(1, code)
    first = gate_client(token).post("/api/gates/v1/taps", {"taps": [entry]}, format="json")
    assert first.status_code == 200 and first.json()["accepted"] == [1]
    again = gate_client(token).post("/api/gates/v1/taps", {"taps": [entry]}, format="json")
    assert again.json()["duplicates"] == [1] and again.json()["accepted"] == []
    tap = Tap.objects.get(gate=gate)
    assert (tap.ticket, tap.fare.amount, tap.settlement, tap.card_id) == (code, 0, "ticket", None)
    assert Transfer.objects.filter(kind=Transfer.Kind.TAP).count() == taps_before
    assert not GateAnomaly.objects.exists()
    # Every gate of the site learns the entry; a refused second scan does not count.
    gate_client(token).post(
        "/api/gates/v1/taps", {"taps": [qr_tap(2, code, decision="refused")]}, format="json"
    )
    assert snapshot(other_token)["ticket_uses"] == {code: 1}
    assert snapshot(other_token, since=(timezone.now() - timedelta(minutes=5)).isoformat())[
        "ticket_uses"
    ] == {code: 1}
    # The same code resent with a different ticket is a conflict, not a silent duplicate.
    changed = gate_client(token).post(
        "/api/gates/v1/taps", {"taps": [dict(entry, ticket="ZZZZZZZZZZZZ")]}, format="json"
    )
    assert changed.json()["conflicts"] == [1]


def test_a_ticket_we_never_issued_is_flagged_unknown_ticket(client, combo):
    _gate, token = make_gate()
    answer = gate_client(token).post(
        "/api/gates/v1/taps", {"taps": [qr_tap(1, "FORGED2345XY")]}, format="json"
    )
    assert answer.status_code == 200 and answer.json()["accepted"] == [1]
    anomaly = GateAnomaly.objects.get()
    assert anomaly.kind == GateAnomaly.Kind.UNKNOWN_TICKET and anomaly.tap.ticket == "FORGED2345XY"
    assert Tap.objects.get().fare.amount == 0


@pytest.mark.parametrize("code", ["lower-case", "A" * 33, "AB CD", "Đ1234567890"])
def test_a_malformed_ticket_code_is_a_400_naming_the_field(code):
    _gate, token = make_gate()
    answer = gate_client(token).post(
        "/api/gates/v1/taps", {"taps": [qr_tap(1, code)]}, format="json"
    )
    assert answer.status_code == 400 and "ticket" in answer.content.decode()
    assert not Tap.objects.exists()


def test_moving_a_ticket_to_a_card_makes_a_pass_and_revokes_the_qr(client, sandbox, combo):
    _gate, token = make_gate()
    payment = buy_and_pay(client, sandbox, combo, adults=1, children=0)
    ticket = Ticket.objects.get(order__payment=payment)
    gate_client(token).post("/api/gates/v1/taps", {"taps": [qr_tap(1, ticket.code)]}, format="json")
    card = CardFactory()
    entitlement = services.attach_to_card(card, ticket.code.lower())
    ticket.refresh_from_db()
    assert ticket.status == Ticket.Status.ON_CARD and ticket.entitlement == entitlement
    assert entitlement.entries_used == {"dai-noi": 1}
    assert entitlement.remaining() == {"dai-noi": 0, "lang-tu-duc": 1}
    assert snapshot(token)["revoked_tickets"] == [ticket.code]
    with pytest.raises(Exception, match="already on a heritage card"):
        services.attach_to_card(CardFactory(), ticket.code)


def test_production_style_keys_rotate_and_bad_keys_are_refused(settings):
    settings.TICKET_SIGNING_KEYS = {
        "old": base64.urlsafe_b64encode(b"\x01" * 32).decode(),
        "new": base64.urlsafe_b64encode(b"\x02" * 32).decode().rstrip("="),
    }
    settings.TICKET_SIGNING_KEY_ID = "old"
    old = signing.sign("ABCDEFGHJK23", "combo", "adult", date(2026, 12, 8), date(2026, 12, 9))
    settings.TICKET_SIGNING_KEY_ID = "new"
    new = signing.sign("ABCDEFGHJK24", "combo", "child", date(2026, 12, 8), date(2026, 12, 9))
    keys = signing.public_keys()
    assert [k["id"] for k in keys] == ["new", "old"]
    assert signing.verify(old, keys).key_id == "old" and signing.verify(new, keys).key_id == "new"
    with pytest.raises(signing.TicketUnreadable):
        signing.verify(old, [k for k in keys if k["id"] == "new"])
    settings.TICKET_SIGNING_KEYS = {"bad": "c2hvcnQ"}
    from django.core.exceptions import ImproperlyConfigured

    with pytest.raises(ImproperlyConfigured, match="32 random bytes"):
        signing.public_keys()


def test_the_card_holder_adds_a_ticket_on_their_card_page(client, sandbox, combo):
    from heritage_cms.cards import access
    from heritage_cms.cards.issuing import issue_card

    _gate, token = make_gate()
    payment = buy_and_pay(client, sandbox, combo, adults=1, children=0)
    ticket = Ticket.objects.get(order__payment=payment)
    card = issue_card("9704990011112222", "04EE0011223344", access_code="HUE234")
    url = f"/vi/card/{access.make_link_token(card)}/"
    shown = client.post(
        url, {"action": "attach_ticket", "ticket_code": f" {ticket.code.lower()} "}, follow=True
    )
    assert shown.status_code == 200
    assert combo.name in shown.content.decode()  # now listed among the card's passes
    assert card.entitlements.get().product == combo
    assert snapshot(token)["revoked_tickets"] == [ticket.code]
    unknown = client.post(
        url, {"action": "attach_ticket", "ticket_code": "KHONGCO2345"}, follow=True
    )
    with translation.override("vi"):  # the card page's language
        refusal = gettext("No ticket has this code. Check the code under the QR.")
    assert refusal in unknown.content.decode()
    assert card.entitlements.count() == 1
