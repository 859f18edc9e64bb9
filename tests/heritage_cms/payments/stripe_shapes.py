"""Stripe event bodies built from Stripe's published fixtures (stripe_fixtures/, MIT), signed
like Stripe signs them, so the webhook sees every field Stripe sends rather than a minimal dict.

Only ids, amounts and statuses come from the sandbox's own objects; everything else is
Stripe's fixture as published.
"""

from __future__ import annotations

import copy
import itertools
import json
import time
from pathlib import Path

from django.conf import settings

from heritage_cms.demo.stripe_sandbox import API_VERSION, Sandbox, signature_header

from .conftest import post_event

FIXTURES = json.loads((Path(__file__).parent / "stripe_fixtures" / "fixtures3.json").read_text())[
    "resources"
]
_events = itertools.count(1)


def resource(name: str, **fields) -> dict:
    shaped = copy.deepcopy(FIXTURES[name])
    shaped.update(fields)
    return shaped


def event(type_: str, obj: dict, event_id: str | None = None) -> dict:
    return resource(
        "event",
        id=event_id or f"evt_fx_{next(_events)}_{int(time.time() * 1000)}",
        type=type_,
        api_version=API_VERSION,
        created=int(time.time()),
        data={"object": obj},
        pending_webhooks=1,
    )


def signed(body: dict | bytes) -> tuple[bytes, str]:
    raw = body if isinstance(body, bytes) else json.dumps(body).encode()
    return raw, signature_header(raw, settings.STRIPE_WEBHOOK_SECRET)


def send(client, type_: str, obj: dict, event_id: str | None = None):
    return post_event(client, *signed(event(type_, obj, event_id)))


# --- objects as Stripe shapes them, filled from the sandbox's state ---------------------------
def session(sandbox: Sandbox, session_id: str) -> dict:
    return resource("checkout.session", **sandbox.public(sandbox.sessions[session_id]))


def charge(sandbox: Sandbox, payment_intent: str) -> dict:
    found = sandbox.charges[sandbox.intents[payment_intent]["latest_charge"]]
    return resource("charge", **found)


def refund(sandbox: Sandbox, refund_id: str) -> dict:
    return resource("refund", **sandbox.refunds[refund_id])


def dispute(sandbox: Sandbox, payment_intent: str, status: str, dispute_id: str) -> dict:
    paid = sandbox.charges[sandbox.intents[payment_intent]["latest_charge"]]
    return resource(
        "dispute",
        id=dispute_id,
        amount=paid["amount"],
        charge=paid["id"],
        currency=paid["currency"],
        payment_intent=payment_intent,
        status=status,
        reason="fraudulent",
    )
