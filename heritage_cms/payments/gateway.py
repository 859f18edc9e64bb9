"""The one place that talks to Stripe, through the official client.

The client's base address comes from ``STRIPE_API_BASE``: the bundled TEST MODE sandbox by
default, ``https://api.stripe.com`` in production. VND is a zero-decimal currency, so the amounts
sent are whole đồng, exactly the ledger's amounts. Every create call carries an idempotency key
derived from our own record, so a retry after a timeout can never charge or refund twice.
"""

from __future__ import annotations

from functools import lru_cache

import stripe
from django.conf import settings

CURRENCY = "vnd"


@lru_cache(maxsize=4)
def _client(api_key: str, api_base: str) -> stripe.StripeClient:
    return stripe.StripeClient(
        api_key,
        base_addresses={"api": api_base},
        max_network_retries=2,  # safe: every create below sends an idempotency key
    )


def client() -> stripe.StripeClient:
    return _client(settings.STRIPE_SECRET_KEY, settings.STRIPE_API_BASE)


def create_checkout_session(
    *,
    idempotency_key: str,
    reference: str,
    amount: int,
    name: str,
    success_url: str,
    cancel_url: str,
    locale: str,
    metadata: dict[str, str],
) -> stripe.checkout.Session:
    return client().v1.checkout.sessions.create(
        {
            "mode": "payment",
            "client_reference_id": reference,
            "line_items": [
                {
                    "quantity": 1,
                    "price_data": {
                        "currency": CURRENCY,
                        "unit_amount": amount,  # zero-decimal: whole đồng, never times 100
                        "product_data": {"name": name},
                    },
                }
            ],
            "success_url": success_url,
            "cancel_url": cancel_url,
            "locale": locale,
            "metadata": metadata,
            "payment_intent_data": {"metadata": metadata},
        },
        {"idempotency_key": idempotency_key},
    )


def retrieve_checkout_session(session_id: str) -> stripe.checkout.Session:
    return client().v1.checkout.sessions.retrieve(session_id)


def create_refund(
    *, idempotency_key: str, payment_intent: str, amount: int, metadata: dict[str, str]
) -> stripe.Refund:
    return client().v1.refunds.create(
        {"payment_intent": payment_intent, "amount": amount, "metadata": metadata},
        {"idempotency_key": idempotency_key},
    )


def refunds_of(payment_intent: str) -> list[dict]:
    listed = client().v1.refunds.list({"payment_intent": payment_intent, "limit": 100})
    return [refund.to_dict() for refund in listed.auto_paging_iter()]


def balance_transactions(created_gte: int | None = None) -> list[dict]:
    params: dict = {"limit": 100, "expand": ["data.source"]}
    if created_gte is not None:
        params["created"] = {"gte": created_gte}
    listed = client().v1.balance_transactions.list(params)
    return [bt.to_dict() for bt in listed.auto_paging_iter()]


def payouts() -> list[dict]:
    return [p.to_dict() for p in client().v1.payouts.list({"limit": 100}).auto_paging_iter()]


def construct_event(payload: bytes, signature: str | None) -> stripe.Event:
    """Verify ``Stripe-Signature`` (HMAC-SHA256, 300 s tolerance) with the library's own code."""
    return stripe.Webhook.construct_event(
        payload, signature, settings.STRIPE_WEBHOOK_SECRET, tolerance=300
    )


def verify_signature(payload: bytes, signature: str | None) -> None:
    """Only the signature (the library's own check); the body's shape is the caller's to judge,
    so a signed ``[]`` or ``null`` is a clear refusal rather than a crash while building an
    Event from it. Raises ``stripe.SignatureVerificationError``, or ``UnicodeDecodeError``
    for a body that is not UTF-8 (Stripe only sends UTF-8)."""
    stripe.WebhookSignature.verify_header(
        payload.decode("utf-8"),
        signature or "",
        settings.STRIPE_WEBHOOK_SECRET,
        tolerance=300,
    )


def payment_intent_of_charge(charge_id: str) -> str | None:
    return client().v1.charges.retrieve(charge_id).to_dict().get("payment_intent")


def sessions_of(payment_intent: str) -> list[dict]:
    """The Checkout Session(s) that created a payment intent: how a refund or dispute that
    arrives first is traced back to our payment (by ``client_reference_id``)."""
    listed = client().v1.checkout.sessions.list({"payment_intent": payment_intent, "limit": 10})
    return [session.to_dict() for session in listed.data]
