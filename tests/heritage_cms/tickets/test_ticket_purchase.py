"""An anonymous visitor with no card buys a combo for two adults and a child and leaves with
three QR codes that a gate verifies offline."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from heritage_cms.payments.models import Payment
from heritage_cms.tickets import signing

from .conftest import ADULT, CHILD, decode_svgs, deliver, make_gate, pay_on_hosted_page
from .test_tickets import snapshot

pytestmark = pytest.mark.django_db


def test_a_visitor_without_a_card_buys_a_combo_for_two_adults_and_a_child(
    client, sandbox, combo, django_capture_on_commit_callbacks
):
    _gate, token = make_gate("lang-tu-duc")
    page = client.get("/vi/tickets/")
    assert (
        page.status_code == 200 and "Vé liên tuyến Đại Nội – Lăng Tự Đức" in page.content.decode()
    )
    visit = timezone.localdate() + timedelta(days=3)
    answer = client.post(
        f"/en/tickets/buy/{combo.code}/",
        {
            "visit_date": visit.isoformat(),
            "fare_adult": "2",
            "fare_child": "1",
            "email": "nguyen.thi.hoa@example.vn",
        },
    )
    assert answer.status_code == 303
    payment = Payment.objects.get()
    assert payment.card is None and payment.kind == Payment.Kind.TICKETS
    assert payment.amount.amount == 2 * ADULT + CHILD
    assert answer["Location"] == payment.checkout_url

    # Before Stripe's webhook the confirmation page waits; it never issues on its own.
    success = f"/en/tickets/orders/{payment.reference}/"
    waiting = client.get(success).content.decode()
    assert "Processing your payment" in waiting and 'class="ticket-qr"' not in waiting

    assert pay_on_hosted_page(payment).endswith(success)
    with django_capture_on_commit_callbacks(execute=True):  # the e-mail leaves after commit
        assert all(r.status_code == 200 for r in deliver(client, sandbox))

    html = client.get(success).content.decode()
    texts = decode_svgs(html)
    assert len(texts) == 3
    keys = snapshot(token)["ticket_keys"]
    claims = [signing.verify(text, keys) for text in texts]
    assert sorted(c.fare_type for c in claims) == ["adult", "adult", "child"]
    assert {(c.product, c.valid_from, c.valid_until) for c in claims} == {
        (combo.code, visit, visit + timedelta(days=1))
    }
    assert len({c.code for c in claims}) == 3
    for claim in claims:
        assert claim.code in html

    # The e-mail: one message, the codes in its text and a PDF with one page per visitor.
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["nguyen.thi.hoa@example.vn"]
    assert all(c.code in message.body for c in claims)
    ((_name, pdf, kind),) = message.attachments
    assert kind == "application/pdf" and pdf.startswith(b"%PDF")
    assert pdf.count(b"/Type /Page\n") == 3  # one page per visitor

    document = client.get(f"/en/tickets/orders/{payment.reference}/tickets.pdf")
    assert document.status_code == 200 and document["Content-Type"] == "application/pdf"


def test_the_shop_refuses_an_order_with_no_visitor_in_one_sentence(client, combo):
    answer = client.post(
        f"/vi/tickets/buy/{combo.code}/",
        {"visit_date": timezone.localdate().isoformat(), "fare_adult": "0", "fare_child": "0"},
    )
    assert answer.status_code == 400
    assert not Payment.objects.exists()
    assert "Traceback" not in answer.content.decode()
