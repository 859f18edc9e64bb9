"""The sandbox's Stripe objects and their life: Checkout Sessions, payment intents, charges,
refunds, disputes, balance transactions, payouts and the events announcing each change.

State in memory, behind one lock; :mod:`.routing` puts Stripe's HTTP API in front of it.
"""

from __future__ import annotations

import json
import secrets
import threading
import time

from .webhooks import deliver, signature_header

API_VERSION = "2025-11-17.clover"


class StripeError(Exception):
    def __init__(self, status: int, type_: str, message: str, code: str | None = None, param=None):
        super().__init__(message)
        self.status, self.body = status, {"error": {"type": type_, "message": message}}
        if code:
            self.body["error"]["code"] = code
        if param:
            self.body["error"]["param"] = param


def new_id(prefix: str) -> str:
    return f"{prefix}_test_{secrets.token_hex(12)}"


class Sandbox:
    """The state and behaviour; :class:`.routing.SandboxServer` puts HTTP in front of it."""

    def __init__(
        self,
        api_key: str,
        webhook_secret: str,
        webhook_url: str | None = None,
        deliver: bool = True,
        fee_percent: float = 0.0,
    ):
        self.api_key = api_key
        self.webhook_secret = webhook_secret
        self.webhook_url = webhook_url
        self.deliver = deliver  # False: events wait in .outbox for the caller to deliver
        self.fee_percent = fee_percent
        self.base_url = ""
        self.lock = threading.RLock()
        self.sessions: dict[str, dict] = {}
        self.intents: dict[str, dict] = {}
        self.charges: dict[str, dict] = {}
        self.refunds: dict[str, dict] = {}
        self.balance_transactions: dict[str, dict] = {}
        self.payouts: dict[str, dict] = {}
        self.events: list[dict] = []
        self.outbox: list[tuple[bytes, str]] = []
        self.idempotent: dict[str, tuple[str, int, dict]] = {}
        self.requests: list[tuple[str, str, str | None]] = []  # (method, path, idempotency key)

    # --- API --------------------------------------------------------------------------------
    def create_session(self, params: dict) -> dict:
        if params.get("mode") != "payment":
            raise StripeError(400, "invalid_request_error", "Only mode=payment.", param="mode")
        for name in ("success_url", "line_items"):
            if not params.get(name):
                raise StripeError(
                    400, "invalid_request_error", f"Missing required param: {name}.", param=name
                )
        total, currency, names = 0, None, []
        for item in params["line_items"]:
            price = item.get("price_data") or {}
            try:
                unit = int(price["unit_amount"])
                quantity = int(item.get("quantity", 1))
            except (KeyError, ValueError):
                raise StripeError(
                    400, "invalid_request_error", "Invalid integer: unit_amount.", param="amount"
                ) from None
            if unit < 1 or unit > 99_999_999:
                raise StripeError(
                    400,
                    "invalid_request_error",
                    "Amount must be a positive integer no larger than 99999999.",
                    code="amount_too_large" if unit > 1 else "amount_too_small",
                )
            currency = (price.get("currency") or "").lower()
            if not currency:
                raise StripeError(400, "invalid_request_error", "Missing currency.")
            total += unit * quantity
            names.append((price.get("product_data") or {}).get("name", ""))
        now = int(time.time())
        session = {
            "id": new_id("cs"),
            "object": "checkout.session",
            "amount_subtotal": total,
            "amount_total": total,
            "cancel_url": params.get("cancel_url"),
            "client_reference_id": params.get("client_reference_id"),
            "created": now,
            "currency": currency,
            "expires_at": now + 24 * 3600,
            "livemode": False,
            "locale": params.get("locale"),
            "metadata": params.get("metadata") or {},
            "mode": "payment",
            "payment_intent": None,
            "payment_status": "unpaid",
            "status": "open",
            "success_url": params["success_url"],
            "url": None,
            "_description": ", ".join(names),
            "_intent_metadata": (params.get("payment_intent_data") or {}).get("metadata") or {},
        }
        session["url"] = f"{self.base_url}/checkout/pay/{session['id']}"
        self.sessions[session["id"]] = session
        return self.public(session)

    @staticmethod
    def public(obj: dict) -> dict:
        return {k: v for k, v in obj.items() if not k.startswith("_")}

    def get(self, table: dict, object_id: str, kind: str) -> dict:
        if object_id not in table:
            raise StripeError(
                404,
                "invalid_request_error",
                f"No such {kind}: '{object_id}'",
                code="resource_missing",
                param="id",
            )
        return table[object_id]

    def create_refund(self, params: dict, source: str = "api") -> dict:
        pi_id = params.get("payment_intent")
        charge_id = params.get("charge")
        if pi_id:
            charge_id = self.get(self.intents, pi_id, "payment_intent").get("latest_charge")
        if not charge_id:
            raise StripeError(
                400, "invalid_request_error", "One of charge or payment_intent is required."
            )
        charge = self.get(self.charges, charge_id, "charge")
        left = charge["amount"] - charge["amount_refunded"]
        amount = int(params.get("amount") or left)
        if left <= 0:
            raise StripeError(
                400,
                "invalid_request_error",
                f"Charge {charge_id} has already been refunded.",
                code="charge_already_refunded",
            )
        if amount < 1 or amount > left:
            raise StripeError(
                400,
                "invalid_request_error",
                f"Refund amount ({amount}) is greater than unrefunded amount on charge ({left})",
                param="amount",
            )
        refund = {
            "id": new_id("re"),
            "object": "refund",
            "amount": amount,
            "charge": charge_id,
            "created": int(time.time()),
            "currency": charge["currency"],
            "metadata": params.get("metadata") or {},
            "payment_intent": charge["payment_intent"],
            "reason": params.get("reason"),
            "status": "succeeded",
        }
        refund["balance_transaction"] = self._balance(
            "refund", -amount, refund["id"], charge["currency"]
        )
        self.refunds[refund["id"]] = refund
        charge["amount_refunded"] += amount
        charge["refunded"] = charge["amount_refunded"] == charge["amount"]
        self.emit("charge.refunded", dict(charge))
        return refund

    def create_payout(self, params: dict) -> dict:
        available = sum(bt["net"] for bt in self.balance_transactions.values())
        amount = int(params.get("amount") or available)
        if amount < 1 or amount > available:
            raise StripeError(
                400,
                "invalid_request_error",
                "You have insufficient funds in your Stripe account for this payout.",
                code="balance_insufficient",
            )
        payout = {
            "id": new_id("po"),
            "object": "payout",
            "amount": amount,
            "arrival_date": int(time.time()) + 2 * 86400,
            "created": int(time.time()),
            "currency": params.get("currency", "vnd"),
            "status": "paid",
        }
        payout["balance_transaction"] = self._balance(
            "payout", -amount, payout["id"], payout["currency"]
        )
        self.payouts[payout["id"]] = payout
        return payout

    def balance(self) -> dict:
        totals: dict[str, int] = {}
        for bt in self.balance_transactions.values():
            totals[bt["currency"]] = totals.get(bt["currency"], 0) + bt["net"]
        return {
            "object": "balance",
            "livemode": False,
            "available": [{"amount": v, "currency": c} for c, v in totals.items()],
            "pending": [],
        }

    def _balance(self, type_: str, amount: int, source: str, currency: str) -> str:
        fee = round(amount * self.fee_percent / 100) if type_ == "charge" else 0
        bt = {
            "id": new_id("txn"),
            "object": "balance_transaction",
            "amount": amount,
            "available_on": int(time.time()),
            "created": int(time.time()),
            "currency": currency,
            "description": None,
            "fee": fee,
            "net": amount - fee,
            "reporting_category": type_,
            "source": source,
            "status": "available",
            "type": type_,
        }
        self.balance_transactions[bt["id"]] = bt
        return bt["id"]

    def expand_source(self, bt: dict) -> dict:
        bt = dict(bt)
        for table in (self.charges, self.refunds, self.payouts):
            if bt["source"] in table:
                bt["source"] = self.public(table[bt["source"]])
                break
        return bt

    @staticmethod
    def page(items: list[dict], params: dict, url: str) -> dict:
        items = sorted(items, key=lambda o: (o.get("created", 0), o["id"]), reverse=True)
        if after := params.get("starting_after"):
            ids = [o["id"] for o in items]
            items = items[ids.index(after) + 1 :] if after in ids else []
        created = params.get("created")
        if isinstance(created, dict) and created.get("gte"):
            items = [o for o in items if o.get("created", 0) >= int(created["gte"])]
        limit = min(int(params.get("limit", 10)), 100)
        return {
            "object": "list",
            "data": items[:limit],
            "has_more": len(items) > limit,
            "url": url,
        }

    # --- the payer's side (hosted page) and Stripe's own background events -----------------
    def pay(self, session_id: str, method: str = "card") -> dict:
        """The visitor pays: ``card`` settles at once, ``bank_transfer`` later (async)."""
        session = self.get(self.sessions, session_id, "checkout.session")
        if session["status"] != "open":
            return session
        pi = {
            "id": new_id("pi"),
            "object": "payment_intent",
            "amount": session["amount_total"],
            "currency": session["currency"],
            "metadata": session["_intent_metadata"],
            "status": "processing" if method != "card" else "succeeded",
            "latest_charge": None,
            "created": int(time.time()),
        }
        self.intents[pi["id"]] = pi
        session["payment_intent"] = pi["id"]
        session["status"] = "complete"
        if method == "card":
            self._charge(pi)
            session["payment_status"] = "paid"
        self.emit("checkout.session.completed", self.public(session))
        return session

    def settle(self, session_id: str, succeeded: bool = True) -> dict:
        """An asynchronous payment method (bank transfer) clears, or fails, days later."""
        session = self.get(self.sessions, session_id, "checkout.session")
        pi = self.intents[session["payment_intent"]]
        if succeeded:
            self._charge(pi)
            pi["status"] = "succeeded"
            session["payment_status"] = "paid"
            self.emit("checkout.session.async_payment_succeeded", self.public(session))
        else:
            pi["status"] = "requires_payment_method"
            self.emit("checkout.session.async_payment_failed", self.public(session))
        return session

    def expire(self, session_id: str) -> dict:
        session = self.get(self.sessions, session_id, "checkout.session")
        if session["status"] != "open":
            raise StripeError(400, "invalid_request_error", "Only open sessions can be expired.")
        session["status"] = "expired"
        self.emit("checkout.session.expired", self.public(session))
        return self.public(session)

    def _charge(self, pi: dict) -> dict:
        charge = {
            "id": new_id("ch"),
            "object": "charge",
            "amount": pi["amount"],
            "amount_refunded": 0,
            "created": int(time.time()),
            "currency": pi["currency"],
            "metadata": pi["metadata"],
            "paid": True,
            "payment_intent": pi["id"],
            "refunded": False,
            "status": "succeeded",
        }
        charge["balance_transaction"] = self._balance(
            "charge", charge["amount"], charge["id"], charge["currency"]
        )
        self.charges[charge["id"]] = charge
        pi["latest_charge"] = charge["id"]
        return charge

    def dispute(self, payment_intent: str, reason: str = "fraudulent") -> dict:
        charge = self.charges[self.intents[payment_intent]["latest_charge"]]
        dispute = {
            "id": new_id("dp"),
            "object": "dispute",
            "amount": charge["amount"],
            "charge": charge["id"],
            "created": int(time.time()),
            "currency": charge["currency"],
            "payment_intent": payment_intent,
            "reason": reason,
            "status": "needs_response",
        }
        self.emit("charge.dispute.created", dispute)
        return dispute

    def fail_refund(self, refund_id: str, status: str = "failed") -> dict:
        """The bank sends a refund back (closed card account) or it is canceled: the money is
        Stripe's again, announced as ``charge.refund.updated`` and ``refund.failed``."""
        refund = self.get(self.refunds, refund_id, "refund")
        if refund["status"] in ("failed", "canceled"):
            return refund
        refund["status"] = status
        refund["failure_reason"] = "expired_or_canceled_card" if status == "failed" else None
        charge = self.charges[refund["charge"]]
        charge["amount_refunded"] -= refund["amount"]
        charge["refunded"] = False
        self._balance("refund_failure", refund["amount"], refund["id"], refund["currency"])
        self.emit("charge.refund.updated", dict(refund))
        self.emit("refund.failed" if status == "failed" else "refund.updated", dict(refund))
        return refund

    def close_dispute(self, dispute: dict, won: bool) -> dict:
        """The card network decides: a lost dispute keeps the money withdrawn."""
        closed = dict(dispute, status="won" if won else "lost")
        if not won:
            self._balance("dispute", -closed["amount"], closed["id"], closed["currency"])
        self.emit("charge.dispute.closed", closed)
        return closed

    # --- events -----------------------------------------------------------------------------
    def emit(self, type_: str, obj: dict) -> dict:
        event = {
            "id": new_id("evt"),
            "object": "event",
            "api_version": API_VERSION,
            "created": int(time.time()),
            "data": {"object": obj},
            "livemode": False,
            "pending_webhooks": 1,
            "request": {"id": None, "idempotency_key": None},
            "type": type_,
        }
        self.events.append(event)
        body = json.dumps(event).encode()
        signed = (body, signature_header(body, self.webhook_secret))
        if self.deliver and self.webhook_url:
            delivery = (self.webhook_url, body, self.webhook_secret, signed[1])
            threading.Thread(target=deliver, args=delivery, daemon=True).start()
        else:
            self.outbox.append(signed)
        return event
