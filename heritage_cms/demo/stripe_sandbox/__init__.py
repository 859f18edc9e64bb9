"""A local, TEST MODE stand-in for the parts of Stripe the platform uses.

It speaks Stripe's HTTP API (form-encoded requests, JSON objects and list envelopes,
``{"error": {...}}`` errors, ``Idempotency-Key`` replay) so the official ``stripe`` client is
simply pointed at it (``STRIPE_API_BASE``), and it signs webhooks with Stripe's real scheme
(``Stripe-Signature: t=…,v1=HMAC-SHA256(secret, "t.payload")``). It serves a hosted checkout
page where the visitor clicks "Pay (test mode)". Nothing here moves real money; the demo and the
tests run against it, production against api.stripe.com.

Standard library only, one process, state in memory: :mod:`.objects` (the state machine),
:mod:`.routing` (the HTTP API and server), :mod:`.pages` (hosted checkout), :mod:`.webhooks`
(signed delivery). Part of the demo app, so production never installs it.
"""

from .objects import API_VERSION, Sandbox, StripeError
from .routing import SandboxServer, serving
from .webhooks import signature_header

__all__ = [
    "API_VERSION",
    "Sandbox",
    "SandboxServer",
    "StripeError",
    "serving",
    "signature_header",
]
