"""The sandbox's HTTP face: Stripe's API routes (with ``Idempotency-Key`` replay and Stripe's
``{"error": …}`` answers), the hosted checkout page, and the server that runs them in a thread."""

from __future__ import annotations

import base64
import hmac
import itertools
import json
import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from . import pages
from .objects import Sandbox, StripeError, new_id

logger = logging.getLogger(__name__)


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


class _Handler(BaseHTTPRequestHandler):
    """Stripe's API under /v1/, the hosted checkout page, and a dashboard at /."""

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
                session_id = url.path.rsplit("/", 1)[-1]
                self._send(*pages.hosted_checkout(self.server.sandbox, method, session_id, params))
            elif url.path == "/" and method == "GET":
                self._send(200, pages.dashboard(self.server.sandbox), pages.HTML)
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


@contextmanager
def serving(settings, **options: Any) -> Iterator[SandboxServer]:
    """A sandbox on a free loopback port that the platform's Stripe client talks to
    (``STRIPE_API_BASE``) until the block ends; ``options`` go to :class:`Sandbox`
    (``webhook_url``, ``deliver``). ``settings`` are Django's, as a test may change them."""
    sandbox = Sandbox(settings.STRIPE_SECRET_KEY, settings.STRIPE_WEBHOOK_SECRET, **options)
    server = SandboxServer(sandbox).start()
    settings.STRIPE_API_BASE = server.url
    try:
        yield server
    finally:
        server.stop()
