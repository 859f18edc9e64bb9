"""The real stripe client against the bundled sandbox on a free port, webhooks signed for real.

Webhooks are held in the sandbox's outbox and handed to the Django test client byte for byte
(the same body and Stripe-Signature header the sandbox would POST), so a test decides when they
arrive, how often and in which order. One test (test_payments_checkout) lets the sandbox POST
them over HTTP to a live server.
"""

from __future__ import annotations

import functools
import itertools
import threading
from collections.abc import Callable

import pytest
import requests
from django.core.signals import request_finished
from django.db import connection
from django.test import Client
from django.utils import translation
from wagtail.users.models import UserProfile

from heritage_cms.cards.issuing import issue_card
from heritage_cms.core.factories import UserFactory
from heritage_cms.core.roles import FINANCE
from heritage_cms.demo.stripe_sandbox import Sandbox, serving
from heritage_cms.payments import checkout
from heritage_cms.payments.models import Payment

WEBHOOK = "/payments/stripe/webhook/"
_numbers = itertools.count(1)


@pytest.fixture
def sandbox(settings):
    with serving(settings, deliver=False) as server:
        yield server.sandbox


def new_card(code: str = "ABC234"):
    n = next(_numbers)
    return issue_card(f"97049900{n:08d}", f"04EE{n:010X}", access_code=code)


@pytest.fixture
def card(db):
    return new_card()


@pytest.fixture
def finance_user(db):
    """Finance staff reading the admin in English (the staff default is Vietnamese)."""
    user = UserFactory(groups=[FINANCE])
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "en"
    profile.save()
    return user


@pytest.fixture(autouse=True)
def english():
    """Messages raised by the payment services are checked in English here. A request through
    the test client leaves its own language active in this thread, so English comes back after
    each one."""

    def back_to_english(**kwargs):
        translation.activate("en")

    request_finished.connect(back_to_english, dispatch_uid="payments-tests-english")
    try:
        with translation.override("en"):
            yield
    finally:
        request_finished.disconnect(dispatch_uid="payments-tests-english")


def urls(payment: Payment) -> checkout.ReturnUrls:
    return checkout.ReturnUrls(
        success=f"http://testserver/en/card/x/payments/{payment.reference}/",
        cancel="http://testserver/en/card/x/",
    )


def start_top_up(card, amount: int) -> Payment:
    return checkout.start_top_up(card, amount, urls, "en")


def pay_on_hosted_page(payment: Payment, action: str = "pay") -> str:
    """What the visitor does on the sandbox's checkout page; returns where it sends them."""
    page = requests.get(payment.checkout_url, timeout=5)
    assert page.status_code == 200 and "TEST MODE" in page.text
    answer = requests.post(
        payment.checkout_url, data={"action": action}, allow_redirects=False, timeout=5
    )
    assert answer.status_code == 303
    return answer.headers["Location"]


def deliver(client, sandbox: Sandbox, order=None) -> list:
    """POST the sandbox's pending signed webhooks to the platform (optionally reordered)."""
    pending, sandbox.outbox[:] = list(sandbox.outbox), []
    if order is not None:
        pending = [pending[i] for i in order]
    return [
        client.post(WEBHOOK, body, content_type="application/json", HTTP_STRIPE_SIGNATURE=sig)
        for body, sig in pending
    ]


def post_event(client, body: bytes, signature: str):
    return client.post(
        WEBHOOK, body, content_type="application/json", HTTP_STRIPE_SIGNATURE=signature
    )


def all_at_once(actions: list[Callable[[], None]]) -> None:
    """Runs each action in its own thread, all released together, as parallel requests arrive;
    each thread closes its own database connection."""
    barrier = threading.Barrier(len(actions))

    def run(action: Callable[[], None]) -> None:
        try:
            barrier.wait()
            action()
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(action,)) for action in actions]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


def deliver_at_once(events: list[tuple[bytes, str]]) -> list[int]:
    """POSTs every signed event at the same moment; the status codes, in arrival order."""
    answers: list[int] = []

    def deliver(body: bytes, signature: str) -> None:
        answers.append(post_event(Client(), body, signature).status_code)

    all_at_once([functools.partial(deliver, *event) for event in events])
    return answers
