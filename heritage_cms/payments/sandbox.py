"""A local, TEST MODE stand-in for the parts of Stripe the platform uses.

It speaks Stripe's HTTP API (form-encoded requests, JSON objects and list envelopes,
``{"error": {...}}`` errors, ``Idempotency-Key`` replay) so the official ``stripe`` client is
simply pointed at it (``STRIPE_API_BASE``), and it signs webhooks with Stripe's real scheme
(``Stripe-Signature: t=…,v1=HMAC-SHA256(secret, "t.payload")``). It serves a hosted checkout
page where the visitor clicks "Pay (test mode)". Nothing here moves real money; the demo and the
tests run against it, production against api.stripe.com.

Standard library only, one process, state in memory.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import html
import itertools
import json
import logging
import secrets
import threading
import time
import urllib.error
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, urlsplit

logger = logging.getLogger(__name__)

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


def parse_form(pairs: list[tuple[str, str]]) -> dict[str, Any]:
    """Stripe's bracket encoding (``a[b][0][c]=v``, ``expand[]=x``) back into nested values."""
    root: dict[str, Any] = {}
    for key, value in pairs:
        parts = key.replace("]", "").split("[")
        node = root
        for here, after in itertools.pairwise(parts):
            node = node.setdefault(here, [] if after == "" else {})
            if isinstance(node, list):
                break
        if isinstance(node, list):
            node.append(value)
        else:
            node[parts[-1]] = value

    def lists(value):
        if isinstance(value, dict):
            if value and all(k.isdigit() for k in value):
                return [lists(value[k]) for k in sorted(value, key=int)]
            return {k: lists(v) for k, v in value.items()}
        return value

    return lists(root)


def signature_header(payload: bytes, secret: str, timestamp: int | None = None) -> str:
    timestamp = int(time.time()) if timestamp is None else timestamp
    signed = f"{timestamp}.".encode() + payload
    digest = hmac.new(secret.encode(), signed, hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={digest}"


class Sandbox:
    """The state and behaviour; :class:`SandboxServer` puts HTTP in front of it."""

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

    # --- webhooks ---------------------------------------------------------------------------
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
            threading.Thread(target=self._post, args=signed, daemon=True).start()
        else:
            self.outbox.append(signed)
        return event

    def _post(self, body: bytes, header: str, attempts: int = 5) -> None:
        """Like Stripe: retry with backoff until a 2xx (re-signed, so the timestamp is fresh)."""
        for attempt in range(attempts):
            request = urllib.request.Request(
                self.webhook_url,
                data=body,
                method="POST",
                headers={"Content-Type": "application/json", "Stripe-Signature": header},
            )
            try:
                with urllib.request.urlopen(request, timeout=10) as response:
                    if 200 <= response.status < 300:
                        return
            except (urllib.error.URLError, TimeoutError, ConnectionError) as error:
                logger.info("webhook delivery %s failed: %s", attempt + 1, error)
            time.sleep(0.5 * 2**attempt)
            header = signature_header(body, self.webhook_secret)
        logger.warning("webhook not delivered after %s attempts", attempts)


class _Handler(BaseHTTPRequestHandler):
    server: SandboxServer
    protocol_version = "HTTP/1.1"

    def log_message(self, format, *args):
        logger.debug("sandbox: " + format, *args)

    # --- plumbing ---------------------------------------------------------------------------
    def _send(self, status: int, body: bytes, content_type: str, headers=None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Request-Id", new_id("req"))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def _json(self, status: int, obj: dict, headers=None) -> None:
        self._send(status, json.dumps(obj).encode(), "application/json", headers)

    def _form(self) -> dict:
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length).decode() if length else ""
        return parse_form(parse_qsl(raw, keep_blank_values=True))

    def do_GET(self):
        self._route("GET")

    def do_POST(self):
        self._route("POST")

    def do_DELETE(self):
        self._route("DELETE")

    def _route(self, method: str) -> None:
        url = urlsplit(self.path)
        params = parse_form(parse_qsl(url.query, keep_blank_values=True))
        if method == "POST":
            params.update(self._form())
        try:
            if url.path.startswith("/v1/"):
                self._api(method, url.path, params)
            elif url.path.startswith("/checkout/pay/"):
                self._hosted(method, url.path.rsplit("/", 1)[-1], params)
            elif url.path == "/" and method == "GET":
                self._dashboard()
            else:
                raise StripeError(
                    404, "invalid_request_error", f"Unrecognized request URL ({url.path})."
                )
        except StripeError as error:
            self._json(error.status, error.body)
        except Exception as error:  # the sandbox must answer like Stripe, not hang the client
            logger.exception("sandbox error")
            self._json(500, {"error": {"type": "api_error", "message": str(error)}})

    # --- the API ----------------------------------------------------------------------------
    def _api(self, method: str, path: str, params: dict) -> None:
        sandbox = self.server.sandbox
        auth = self.headers.get("Authorization", "")
        if auth.startswith("Basic "):  # `curl -u sk_test_…:` as Stripe's docs show
            try:
                auth = base64.b64decode(auth[6:]).decode().split(":")[0]
            except ValueError:
                auth = ""
        key = auth.removeprefix("Bearer ").strip()
        if not key or not hmac.compare_digest(key, sandbox.api_key):
            raise StripeError(
                401,
                "invalid_request_error",
                f"Invalid API Key provided: {key[:8]}{'*' * max(len(key) - 8, 0)}",
            )
        idem = self.headers.get("Idempotency-Key")
        with sandbox.lock:
            sandbox.requests.append((method, path, idem))
            if method == "POST" and idem:
                fingerprint = json.dumps([path, params], sort_keys=True)
                if idem in sandbox.idempotent:
                    seen, status, body = sandbox.idempotent[idem]
                    if seen != fingerprint:
                        raise StripeError(
                            400,
                            "idempotency_error",
                            "Keys for idempotent requests can only be used with the same "
                            "parameters they were first used with. Try using a key other than "
                            f"'{idem}' if you meant to execute a different request.",
                        )
                    return self._json(
                        status, body, {"Idempotent-Replayed": "true", "Idempotency-Key": idem}
                    )
                try:
                    status, body = 200, self._dispatch(method, path, params)
                except StripeError as error:
                    if error.status >= 500:
                        raise
                    status, body = error.status, error.body
                sandbox.idempotent[idem] = (fingerprint, status, body)
                return self._json(status, body, {"Idempotency-Key": idem})
            return self._json(200, self._dispatch(method, path, params))

    def _dispatch(self, method: str, path: str, params: dict) -> dict:
        sandbox = self.server.sandbox
        parts = path.strip("/").split("/")[1:]  # without "v1"
        expand = params.get("expand") or []
        match (method, parts):
            case ("POST", ["checkout", "sessions"]):
                return sandbox.create_session(params)
            case ("GET", ["checkout", "sessions"]):
                items = [sandbox.public(found) for found in sandbox.sessions.values()]
                if pi := params.get("payment_intent"):
                    items = [found for found in items if found["payment_intent"] == pi]
                return sandbox.page(items, params, "/v1/checkout/sessions")
            case ("GET", ["checkout", "sessions", session_id]):
                found = sandbox.get(sandbox.sessions, session_id, "checkout.session")
                return sandbox.public(found)
            case ("POST", ["checkout", "sessions", session_id, "expire"]):
                return sandbox.expire(session_id)
            case ("POST", ["refunds"]):
                return sandbox.create_refund(params)
            case ("GET", ["refunds"]):
                items = list(sandbox.refunds.values())
                if pi := params.get("payment_intent"):
                    items = [r for r in items if r["payment_intent"] == pi]
                return sandbox.page(items, params, "/v1/refunds")
            case ("GET", ["refunds", refund_id]):
                return sandbox.get(sandbox.refunds, refund_id, "refund")
            case ("GET", ["charges", charge_id]):
                return sandbox.get(sandbox.charges, charge_id, "charge")
            case ("GET", ["payment_intents", pi_id]):
                return sandbox.get(sandbox.intents, pi_id, "payment_intent")
            case ("GET", ["balance_transactions"]):
                items = list(sandbox.balance_transactions.values())
                listed = sandbox.page(items, params, "/v1/balance_transactions")
                if "data.source" in expand:
                    listed["data"] = [sandbox.expand_source(bt) for bt in listed["data"]]
                return listed
            case ("GET", ["balance"]):
                return sandbox.balance()
            case ("GET", ["payouts"]):
                return sandbox.page(list(sandbox.payouts.values()), params, "/v1/payouts")
            case ("POST", ["payouts"]):
                return sandbox.create_payout(params)
        raise StripeError(
            404, "invalid_request_error", f"Unrecognized request URL ({method}: {path})."
        )

    # --- the hosted checkout page -----------------------------------------------------------
    def _hosted(self, method: str, session_id: str, params: dict) -> None:
        sandbox = self.server.sandbox
        with sandbox.lock:
            session = sandbox.get(sandbox.sessions, session_id, "checkout.session")
            if method == "POST":
                action = params.get("action")
                if action == "cancel":
                    target = session["cancel_url"] or session["success_url"]
                else:
                    sandbox.pay(session_id, "card" if action == "pay" else "bank_transfer")
                    target = session["success_url"].replace("{CHECKOUT_SESSION_ID}", session_id)
                return self._send(303, b"", "text/plain", {"Location": target})
        amount = f"{session['amount_total']:,}".replace(",", ".")
        state = html.escape(session["status"])
        body = f"""<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>TEST MODE checkout</title>
<style>body{{font-family:system-ui,sans-serif;max-width:28rem;margin:2rem auto;padding:0 1rem}}
.banner{{background:#ffb020;padding:.5rem 1rem;font-weight:bold;border-radius:.3rem}}
button{{display:block;width:100%;margin:.6rem 0;padding:.9rem;font-size:1.1rem}}</style></head>
<body><p class="banner">TEST MODE — Stripe sandbox. No real money moves.</p>
<h1>{html.escape(session["_description"])}</h1>
<p class="amount">{amount} {html.escape(session["currency"].upper())}</p>
<p>Session status: {state}</p>
<form method="post">
<button name="action" value="pay">Pay (test mode)</button>
<button name="action" value="pay_async">Pay by bank transfer (test mode, settles later)</button>
<button name="action" value="cancel">Cancel and go back</button>
</form></body></html>"""
        self._send(200, body.encode(), "text/html; charset=utf-8")

    def _dashboard(self) -> None:
        sandbox = self.server.sandbox
        rows = "".join(
            f"<li>{html.escape(s['id'])}: {s['amount_total']} {s['currency']} "
            f"{html.escape(s['status'])}/{html.escape(s['payment_status'])}</li>"
            for s in list(sandbox.sessions.values())[-50:]
        )
        body = (
            "<!doctype html><meta charset='utf-8'><title>Stripe sandbox</title>"
            "<p><b>TEST MODE</b> — Stripe sandbox for the Huế heritage platform.</p>"
            f"<p>Webhooks go to {html.escape(sandbox.webhook_url or '(held for the caller)')}</p>"
            f"<ul>{rows}</ul>"
        )
        self._send(200, body.encode(), "text/html; charset=utf-8")


class SandboxServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, sandbox: Sandbox, host: str = "127.0.0.1", port: int = 0):
        super().__init__((host, port), _Handler)
        self.sandbox = sandbox
        sandbox.base_url = f"http://{host}:{self.server_address[1]}"

    @property
    def url(self) -> str:
        return self.sandbox.base_url

    def start(self) -> SandboxServer:
        threading.Thread(target=self.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        self.shutdown()
        self.server_close()
