"""Refunds, full and partial, through the real client and the sandbox, mirrored in the ledger."""

from datetime import timedelta

import pytest
from django.utils import timezone

from heritage_cms.cards import ledger
from heritage_cms.cards.factories import ProductFactory
from heritage_cms.cards.ingest import TapReport, ingest
from heritage_cms.cards.models import Account, Gate, Transfer
from heritage_cms.core.money import VND
from heritage_cms.payments import books, checkout, refunds
from heritage_cms.payments.models import Payment, Refund
from heritage_cms.sites.factories import SiteFactory

from .conftest import deliver, start_top_up, urls

pytestmark = pytest.mark.django_db


def paid_top_up(client, sandbox, card, amount) -> Payment:
    payment = start_top_up(card, amount)
    sandbox.pay(payment.stripe_session_id)
    assert [r.content for r in deliver(client, sandbox)] == [b"credited"]
    payment.refresh_from_db()
    return payment


def balance(card) -> VND:
    card.account.refresh_from_db()
    return card.balance


def books_are_balanced() -> None:
    assert ledger.total_of_all_accounts() == VND(0)
    for account in Account.objects.all():
        assert account.balance == ledger.derived_balance(account)


def test_a_full_refund_pays_back_through_stripe_and_empties_the_card(client, sandbox, card):
    payment = paid_top_up(client, sandbox, card, 500_000)
    refund = refunds.refund_payment(payment, 500_000, "Changed plans")
    assert refund.status == Refund.Status.SUCCEEDED and refund.stripe_refund_id.startswith("re_")
    assert ("POST", "/v1/refunds", f"refund:{refund.reference}") in sandbox.requests
    charge = sandbox.charges[sandbox.intents[payment.stripe_payment_intent_id]["latest_charge"]]
    assert charge["amount_refunded"] == 500_000 and charge["refunded"] is True
    assert balance(card) == VND(0)
    assert books.account(books.REFUNDS).balance == VND(500_000)
    # Stripe's charge.refunded then arrives and finds the refund already in the books.
    [answer] = deliver(client, sandbox)
    assert answer.content == b"refunds in step (0 new from Stripe)"
    assert Refund.objects.count() == 1 and balance(card) == VND(0)
    books_are_balanced()


def test_partial_refunds_add_up_to_at_most_the_payment(client, sandbox, card):
    payment = paid_top_up(client, sandbox, card, 500_000)
    refunds.refund_payment(payment, 200_000, "Part one")
    refunds.refund_payment(payment, 100_000, "Part two")
    payment.refresh_from_db()
    assert payment.amount_refunded == VND(300_000) and balance(card) == VND(200_000)
    with pytest.raises(refunds.RefundError, match="between"):
        refunds.refund_payment(payment, 200_001, "Too much")
    assert Refund.objects.count() == 2
    deliver(client, sandbox)
    books_are_balanced()


def test_value_already_spent_at_a_gate_cannot_be_refunded(client, sandbox, card):
    payment = paid_top_up(client, sandbox, card, 200_000)
    gate = Gate.objects.create(
        name="Ngọ Môn", site=SiteFactory(code="dai-noi"), fare=VND(200_000), token_hash="x"
    )
    ingest(gate, [TapReport(1, card.number, timezone.now(), "entered", fare=200_000)])
    assert balance(card) == VND(0)
    with pytest.raises(refunds.RefundError, match="spent"):
        refunds.refund_payment(payment, 100_000, "Wants it back")
    assert not Refund.objects.exists() and not sandbox.refunds
    books_are_balanced()


def test_a_refund_made_in_the_stripe_dashboard_is_mirrored_once(client, sandbox, card):
    payment = paid_top_up(client, sandbox, card, 400_000)
    sandbox.create_refund({"payment_intent": payment.stripe_payment_intent_id, "amount": "150000"})
    [(body, signature)] = sandbox.outbox
    sandbox.outbox.append((body, signature))  # delivered twice
    answers = deliver(client, sandbox)
    assert [a.content for a in answers] == [b"refunds in step (1 new from Stripe)", b"duplicate"]
    refund = Refund.objects.get()
    assert refund.requested_by is None and refund.amount == VND(150_000)
    assert balance(card) == VND(250_000)
    books_are_balanced()


def test_when_stripe_refuses_the_value_is_put_back(client, sandbox, card):
    payment = paid_top_up(client, sandbox, card, 300_000)
    sandbox.create_refund({"payment_intent": payment.stripe_payment_intent_id})  # not yet told
    with pytest.raises(refunds.RefundError, match="refused"):
        refunds.refund_payment(payment, 300_000, "Double refund attempt")
    failed = Refund.objects.get()
    assert failed.status == Refund.Status.FAILED and failed.reversal is not None
    assert "already been refunded" in failed.error
    assert balance(card) == VND(300_000)
    # The dashboard refund's webhook then arrives and is mirrored once.
    deliver(client, sandbox)
    assert balance(card) == VND(0)
    payment.refresh_from_db()
    assert payment.amount_refunded == VND(300_000)
    books_are_balanced()


def test_an_unreachable_stripe_leaves_the_refund_pending_and_a_retry_pays_once(
    client, settings, sandbox, card
):
    payment = paid_top_up(client, sandbox, card, 300_000)
    working = settings.STRIPE_API_BASE
    settings.STRIPE_API_BASE = "http://127.0.0.1:9"  # nothing listens there
    with pytest.raises(refunds.RefundError, match="pending"):
        refunds.refund_payment(payment, 100_000, "Network trouble")
    refund = Refund.objects.get()
    assert refund.status == Refund.Status.PENDING and balance(card) == VND(200_000)
    settings.STRIPE_API_BASE = working
    refund = refunds.submit(refund)
    again = refunds.submit(refund)  # same idempotency key: Stripe replays, pays nothing more
    assert refund.status == again.status == Refund.Status.SUCCEEDED
    assert again.stripe_refund_id == refund.stripe_refund_id and len(sandbox.refunds) == 1
    books_are_balanced()


def test_refunding_a_pass_takes_it_from_pass_sales_and_can_revoke_it(client, sandbox, card):
    product = ProductFactory(
        code="dai-noi",
        name="Đại Nội",
        kind="single_site",
        sites=["dai-noi"],
        price=VND(200_000),
    )
    payment = checkout.start_purchase(card, product, urls, "vi")
    sandbox.pay(payment.stripe_session_id)
    deliver(client, sandbox)
    payment.refresh_from_db()
    refunds.refund_payment(payment, 200_000, "Site closed by storm", revoke_entitlement=True)
    payment.entitlement.refresh_from_db()
    assert payment.entitlement.is_revoked
    assert books.account(books.PASS_SALES).balance == VND(0)
    assert balance(card) == VND(0)
    books_are_balanced()


def test_a_cards_unused_balance_is_refunded_against_its_top_ups(client, sandbox, card):
    older = paid_top_up(client, sandbox, card, 200_000)
    Payment.objects.filter(pk=older.pk).update(paid_at=timezone.now() - timedelta(hours=1))
    newer = paid_top_up(client, sandbox, card, 100_000)
    made = refunds.refund_card_balance(card, 250_000, "Leaving Huế")
    assert [(r.payment_id, r.amount) for r in made] == [
        (newer.pk, VND(100_000)),
        (older.pk, VND(150_000)),
    ]
    assert balance(card) == VND(50_000)
    with pytest.raises(refunds.RefundError, match="balance"):
        refunds.refund_card_balance(card, 60_000, "More than is left")
    assert len(refunds.refund_card_balance(card, None, "The rest")) == 1
    assert balance(card) == VND(0)
    deliver(client, sandbox)
    books_are_balanced()
    assert Transfer.objects.filter(kind="refund").count() == 3
