"""The sandbox's HTML: the hosted checkout page the visitor is sent to, where "Pay (test mode)"
completes the session, and a dashboard listing the latest sessions."""

from __future__ import annotations

import html

from .objects import Sandbox

HTML = "text/html; charset=utf-8"


def hosted_checkout(
    sandbox: Sandbox, method: str, session_id: str, params: dict
) -> tuple[int, bytes, str, dict[str, str]]:
    """GET shows the session; POST pays (card or bank transfer) or cancels, then redirects back
    to the platform as Stripe does. Returns (status, body, content type, headers)."""
    with sandbox.lock:
        session = sandbox.get(sandbox.sessions, session_id, "checkout.session")
        if method == "POST":
            action = params.get("action")
            if action == "cancel":
                target = session["cancel_url"] or session["success_url"]
            else:
                sandbox.pay(session_id, "card" if action == "pay" else "bank_transfer")
                target = session["success_url"].replace("{CHECKOUT_SESSION_ID}", session_id)
            return 303, b"", "text/plain", {"Location": target}
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
    return 200, body.encode(), HTML, {}


def dashboard(sandbox: Sandbox) -> bytes:
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
    return body.encode()
