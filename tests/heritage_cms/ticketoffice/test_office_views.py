"""The ticket office through its admin URLs, as its clerks and Finance use it: sales post to the
ledger once per key, a clerk sells only at their own monument and only on an open shift, the
cash-up posts the difference and gives a Z-report, and Finance sees every shift read-only."""

from __future__ import annotations

import io
import json

import pytest
from django.urls import reverse
from pypdf import PdfReader
from wagtail.models import ModelLogEntry

from heritage_cms.cards import ledger
from heritage_cms.cards.models import Account, Card, Entitlement, Transfer
from heritage_cms.core.money import VND
from heritage_cms.ticketoffice import services
from heritage_cms.ticketoffice.models import Sale, Shift

from .conftest import key


def post_json(client, url, body):
    return client.post(url, json.dumps(body), content_type="application/json")


def top_up(client, shift, card, amount, method="cash", idempotency_key=None):
    return post_json(
        client,
        reverse("ticketoffice:sale", args=[shift.pk]),
        {
            "kind": "top_up",
            "idempotency_key": idempotency_key or key(),
            "card_number": card.number,
            "top_up": amount,
            "method": method,
            "language": "vi",
        },
    )


def balance(account) -> int:
    account.refresh_from_db()
    return account.balance.amount


def test_a_top_up_in_cash_credits_the_card_and_the_drawer_once(client, clerk_a, shift_a, card):
    client.force_login(clerk_a)
    sale_key = key()
    first = top_up(client, shift_a, card, 300_000, idempotency_key=sale_key)
    assert first.status_code == 201, first.content
    again = top_up(client, shift_a, card, 300_000, idempotency_key=sale_key)  # a double click
    assert again.status_code == 200 and again.json()["sale"] == first.json()["sale"]
    assert balance(card.account) == 300_000
    assert balance(shift_a.drawer) == -300_000
    assert Sale.objects.count() == 1
    assert Transfer.objects.filter(idempotency_key__startswith=f"office:{sale_key}").count() == 1
    assert ledger.total_of_all_accounts() == VND(0)
    receipt = first.json()["receipt_html"]
    assert card.number in receipt and "300.000 ₫" in receipt
    assert ('lang="vi"' in receipt and "Nạp" in receipt) or "Top-up" in receipt


def test_the_same_key_for_another_sale_is_refused(client, clerk_a, shift_a, card):
    client.force_login(clerk_a)
    sale_key = key()
    assert top_up(client, shift_a, card, 100_000, idempotency_key=sale_key).status_code == 201
    other = top_up(client, shift_a, card, 900_000, idempotency_key=sale_key)
    assert other.status_code == 409 and "reload" in other.json()["error"]
    assert balance(card.account) == 100_000


def test_passes_by_card_terminal_go_to_the_clearing_account(
    client, clerk_a, shift_a, card, day_pass
):
    client.force_login(clerk_a)
    response = post_json(
        client,
        reverse("ticketoffice:sale", args=[shift_a.pk]),
        {
            "kind": "passes",
            "idempotency_key": key(),
            "card_number": card.number,
            "products": [day_pass.pk],
            "method": "terminal",
            "language": "ja",
        },
    )
    assert response.status_code == 201, response.content
    assert Entitlement.objects.get(card=card).product == day_pass
    terminal = Account.objects.get(name="office:terminal:dai-noi")
    assert terminal.kind == Account.Kind.TERMINAL and terminal.balance == VND(-200_000)
    assert Account.objects.get(name="sales:passes").balance == VND(200_000)
    assert balance(shift_a.drawer) == 0  # no cash moved
    assert "Vé Đại Nội 1 ngày" in response.json()["receipt_html"]


def test_refund_pays_the_whole_balance_back_from_the_drawer(client, clerk_a, shift_a, card):
    client.force_login(clerk_a)
    top_up(client, shift_a, card, 250_000)
    refund = post_json(
        client,
        reverse("ticketoffice:sale", args=[shift_a.pk]),
        {"kind": "refund", "idempotency_key": key(), "card_number": card.number, "method": "cash"},
    )
    assert refund.status_code == 201, refund.content
    assert refund.json()["total"] == -250_000
    assert balance(card.account) == 0 and balance(shift_a.drawer) == 0
    nothing_left = post_json(
        client,
        reverse("ticketoffice:sale", args=[shift_a.pk]),
        {"kind": "refund", "idempotency_key": key(), "card_number": card.number, "method": "cash"},
    )
    assert nothing_left.status_code == 400 and "no balance" in nothing_left.json()["error"]


def test_a_clerk_cannot_use_another_sites_till_or_shift(
    client, clerk_a, shift_a, shift_b, till_b, card
):
    client.force_login(clerk_a)
    refused = top_up(client, shift_b, card, 100_000)
    assert refused.status_code == 403 and "not yours" in refused.json()["error"]
    dashboard = reverse("wagtailadmin_home")
    for response in [
        client.get(reverse("ticketoffice:shift", args=[shift_b.pk])),
        client.post(reverse("ticketoffice:close", args=[shift_b.pk]), {"counted": 0}),
        client.post(reverse("ticketoffice:open", args=[till_b.pk]), {"opening_float": 0}),
    ]:
        assert (response.status_code, response["Location"]) == (302, dashboard)
    assert client.post(reverse("ticketoffice:pair", args=[till_b.pk])).status_code == 403
    starting = post_json(
        client,
        reverse("ticketoffice:start_card", args=[shift_b.pk]),
        {"idempotency_key": key(), "top_up": 100_000, "method": "cash"},
    )
    assert starting.status_code == 403
    assert Shift.objects.get(pk=shift_b.pk).is_open
    listing = client.get(reverse("ticketoffice:shifts")).content.decode()
    assert f'data-shift="{shift_a.pk}"' in listing and f'data-shift="{shift_b.pk}"' not in listing
    assert balance(card.account) == 0 and not Sale.objects.exists()


def test_no_sale_on_a_closed_shift(client, clerk_a, shift_a, card):
    client.force_login(clerk_a)
    closed = client.post(reverse("ticketoffice:close", args=[shift_a.pk]), {"counted": 500_000})
    assert closed.status_code == 302
    response = top_up(client, shift_a, card, 100_000)
    assert response.status_code == 409 and "closed" in response.json()["error"]
    starting = post_json(
        client,
        reverse("ticketoffice:start_card", args=[shift_a.pk]),
        {"idempotency_key": key(), "top_up": 100_000, "method": "cash"},
    )
    assert starting.status_code == 409
    assert balance(card.account) == 0


def test_cash_up_posts_the_difference_and_gives_a_z_report(client, clerk_a, shift_a, card):
    client.force_login(clerk_a)
    top_up(client, shift_a, card, 300_000)
    # Float 500 000 + 300 000 taken: 800 000 expected; the clerk counts 790 000.
    response = client.post(reverse("ticketoffice:close", args=[shift_a.pk]), {"counted": "790000"})
    assert response.status_code == 302
    shift = Shift.objects.get(pk=shift_a.pk)
    assert not shift.is_open
    assert (shift.expected, shift.counted, shift.difference) == (
        VND(800_000),
        VND(790_000),
        VND(-10_000),
    )
    over_short = Account.objects.get(name="office:over-short:dai-noi")
    assert over_short.balance == VND(-10_000)
    assert Account.objects.get(name="office:safe:dai-noi").balance == VND(-290_000)
    assert balance(shift.drawer) == 0
    assert ledger.total_of_all_accounts() == VND(0)
    pdf = client.get(reverse("ticketoffice:z_report", args=[shift.pk]))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    text = PdfReader(io.BytesIO(pdf.content)).pages[0].extract_text()
    assert "Quầy 1" in text and "790.000" in text and "800.000" in text and "10.000" in text
    again = client.post(reverse("ticketoffice:close", args=[shift_a.pk]), {"counted": "790000"})
    assert again.status_code == 302  # refused with a message, nothing posted twice
    assert Account.objects.get(name="office:over-short:dai-noi").balance == VND(-10_000)


def test_selling_a_new_card_reserves_a_number_then_registers_the_written_chip(
    client, clerk_a, shift_a, day_pass
):
    client.force_login(clerk_a)
    sale_key = key()
    body = {
        "idempotency_key": sale_key,
        "top_up": "150000",
        "products": [str(day_pass.pk)],
        "method": "cash",
        "language": "ko",
    }
    started = post_json(client, reverse("ticketoffice:start_card", args=[shift_a.pk]), body)
    assert started.status_code == 201, started.content
    number = started.json()["card_number"]
    assert number.startswith("97041803") and len(number) == 16
    retried = post_json(client, reverse("ticketoffice:start_card", args=[shift_a.pk]), body)
    assert retried.json()["card_number"] == number  # the agent is asked for the same card again

    complete_url = started.json()["complete_url"]
    done = post_json(client, complete_url, {"uid": "04A1B2C3D4E5F6", "key_version": 2})
    assert done.status_code == 201, done.content
    code = done.json()["access_code"]
    assert code and code in done.json()["receipt_html"] and number in done.json()["receipt_html"]
    card = Card.objects.get(number=number)
    assert (card.uid, card.key_version, balance(card.account)) == ("04A1B2C3D4E5F6", 2, 150_000)
    assert balance(shift_a.drawer) == -350_000
    assert Entitlement.objects.filter(card=card, product=day_pass).count() == 1

    replay = post_json(client, complete_url, {"uid": "04A1B2C3D4E5F6", "key_version": 2})
    assert replay.status_code == 200 and replay.json()["access_code"] is None  # shown once
    assert (
        balance(shift_a.drawer) == -350_000 and Entitlement.objects.filter(card=card).count() == 1
    )
    restarted = post_json(client, reverse("ticketoffice:start_card", args=[shift_a.pk]), body)
    assert restarted.json()["status"] == "done" and number in restarted.json()["receipt_html"]
    assert code not in restarted.json()["receipt_html"]
    other_chip = post_json(client, complete_url, {"uid": "04FFFFFFFFFFFF", "key_version": 2})
    assert other_chip.status_code == 409
    reprint = client.get(reverse("ticketoffice:receipt", args=[done.json()["sale"]]))
    assert number in reprint.content.decode() and code not in reprint.content.decode()
    assert "@page receipt-80mm" in reprint.content.decode()  # prints on 80 mm (or ?paper=a6)
    assert 'lang="ko"' in reprint.content.decode()
    logged = ModelLogEntry.objects.filter(
        action="heritage.office.card_sold", object_id=str(card.pk)
    )
    assert logged.get().user == clerk_a
    assert ledger.total_of_all_accounts() == VND(0)


def test_an_already_registered_chip_is_refused(client, clerk_a, shift_a, card):
    client.force_login(clerk_a)
    started = post_json(
        client,
        reverse("ticketoffice:start_card", args=[shift_a.pk]),
        {"idempotency_key": key(), "top_up": 50_000, "method": "cash"},
    )
    done = post_json(client, started.json()["complete_url"], {"uid": card.uid, "key_version": 1})
    assert done.status_code == 400 and "already registered" in done.json()["error"]
    assert balance(shift_a.drawer) == 0


@pytest.mark.parametrize(
    "body",
    [
        b"not json",
        b"[]",
        json.dumps({"kind": "top_up", "idempotency_key": "k" * 20, "card_number": "12ab"}).encode(),
        json.dumps(
            {"kind": "top_up", "idempotency_key": "short", "card_number": "1", "top_up": 1}
        ).encode(),
        json.dumps(
            {"kind": "top_up", "idempotency_key": "k" * 20, "card_number": "1", "top_up": -5}
        ).encode(),
        json.dumps(
            {"kind": "top_up", "idempotency_key": "k" * 20, "card_number": "1", "top_up": "1e9"}
        ).encode(),
        json.dumps({"kind": "sell_everything", "idempotency_key": "k" * 20}).encode(),
        b"{" + b" " * 5000 + b"}",
    ],
)
def test_bad_input_is_one_clear_line(client, clerk_a, shift_a, body):
    client.force_login(clerk_a)
    response = client.post(
        reverse("ticketoffice:sale", args=[shift_a.pk]), body, content_type="application/json"
    )
    assert response.status_code == 400
    error = response.json()["error"]
    assert error and "\n" not in error and "Traceback" not in error
    assert not Sale.objects.exists()


def test_finance_sees_every_shift_read_only(
    client, finance_user, clerk_b, shift_a, shift_b, card, till_a
):
    services.close_shift(shift_b, clerk_b, VND(0))
    client.force_login(finance_user)
    z_report = client.get(reverse("ticketoffice:z_report", args=[shift_b.pk]))
    assert z_report.status_code == 200 and z_report.content.startswith(b"%PDF")
    assert client.get(reverse("ticketoffice:index")).status_code == 302  # to the listing
    listing = client.get(reverse("ticketoffice:shifts")).content.decode()
    assert f'data-shift="{shift_a.pk}"' in listing and f'data-shift="{shift_b.pk}"' in listing
    page = client.get(reverse("ticketoffice:shift", args=[shift_a.pk])).content.decode()
    assert "data-sell-card" not in page and "data-cash-up" not in page
    assert top_up(client, shift_a, card, 100_000).status_code in (302, 403)
    assert client.post(
        reverse("ticketoffice:close", args=[shift_a.pk]), {"counted": 0}
    ).status_code in (302, 403)
    assert client.post(reverse("ticketoffice:open", args=[till_a.pk])).status_code in (302, 403)
    assert Shift.objects.get(pk=shift_a.pk).is_open and not Sale.objects.exists()


def test_a_clerk_sees_the_desk_with_the_agent_allowed_by_the_csp(
    client, clerk_a, shift_a, settings
):
    client.force_login(clerk_a)
    response = client.get(reverse("ticketoffice:shift", args=[shift_a.pk]))
    page = response.content.decode()
    assert "data-sell-card" in page and "data-cash-up" in page
    policy = response.get("Content-Security-Policy", "")
    if settings.SECURE_CSP:
        assert "http://127.0.0.1:8765" in policy.split("connect-src", 1)[1].split(";")[0]


def test_a_ticket_office_user_without_a_monument_is_told_so(client, db):
    from .conftest import english_user

    user = english_user("Ticket office")
    client.force_login(user)
    page = client.get(reverse("ticketoffice:index")).content.decode()
    assert "not assigned to a monument" in page
    assert client.get(reverse("ticketoffice:shifts")).status_code in (302, 403)
