"""Selling, issuing, revoking and moving e-tickets: called by views, by the payment webhook
(through ``payments.fulfilment``) and by the card page (through ``cards.ticket_port``)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.db.models import Count
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from heritage_cms.cards.models import Card, Entitlement, Gate, Product, Tap
from heritage_cms.cards.ticket_port import TicketRefused
from heritage_cms.core.money import VND
from heritage_cms.payments import checkout
from heritage_cms.payments.models import Payment, Refund

from . import signing
from .models import Ticket, TicketFare, TicketOrder, new_ticket_code

logger = logging.getLogger(__name__)

MAX_VISITORS = 30  # one order is a family or a small group; a tour operator buys at the office
MAX_DAYS_AHEAD = 180


class OrderRefused(checkout.CheckoutError):
    """A sentence the visitor can act on."""


@dataclass(frozen=True)
class Line:
    fare: TicketFare
    count: int


def validity(product: Product, first_day: date) -> tuple[date, date]:
    return first_day, first_day + timedelta(days=max(product.valid_days, 1) - 1)


def start_order(
    product: Product,
    visit_date: date,
    counts: dict[str, int],
    email: str,
    language: str,
    urls: Callable[[Payment], checkout.ReturnUrls],
) -> Payment:
    """Record the order and open Stripe Checkout for it; nothing is issued until the webhook."""
    if not product.is_active:
        raise OrderRefused(_("This ticket is no longer on sale."))
    today = timezone.localdate()
    if not today <= visit_date <= today + timedelta(days=MAX_DAYS_AHEAD):
        raise OrderRefused(
            _("Choose a visit day from today to %(days)d days ahead.") % {"days": MAX_DAYS_AHEAD}
        )
    fares = {fare.fare_type: fare for fare in product.ticket_fares.all()}
    lines = [Line(fares[code], n) for code, n in counts.items() if n > 0 and code in fares]
    visitors = sum(line.count for line in lines)
    if visitors == 0:
        raise OrderRefused(_("Choose at least one visitor."))
    if visitors > MAX_VISITORS:
        raise OrderRefused(
            _("At most %(max)d visitors per order; a group can buy at a ticket office.")
            % {"max": MAX_VISITORS}
        )
    amount = sum(line.fare.price.amount * line.count for line in lines)

    def prepare(payment: Payment) -> None:
        TicketOrder.objects.create(
            payment=payment,
            product=product,
            visit_date=visit_date,
            email=email,
            language=language,
            lines=[
                {
                    "fare_type": line.fare.fare_type,
                    "name": line.fare.name,
                    "price": line.fare.price.amount,
                    "count": line.count,
                }
                for line in lines
            ],
        )

    name = _("%(product)s, %(visitors)d visitor(s), %(day)s") % {
        "product": product.name,
        "visitors": visitors,
        "day": visit_date.strftime("%d/%m/%Y"),
    }
    return checkout.start_order(amount, name, urls, language, prepare)


def issue_for_payment(payment: Payment) -> None:
    """The webhook's fulfilment, inside its transaction: one signed ticket per visitor, once."""
    order = TicketOrder.objects.select_for_update().get(payment=payment)
    if order.tickets.exists():
        return
    valid_from, valid_until = validity(order.product, order.visit_date)
    for line in order.lines:
        for _n in range(int(line["count"])):
            _issue_one(order, line, valid_from, valid_until)
    if order.email:
        transaction.on_commit(lambda: send_confirmation(order.pk))


def _issue_one(order: TicketOrder, line: dict, valid_from: date, valid_until: date) -> Ticket:
    for _attempt in range(5):  # 32^12 codes: a collision is a curiosity, not a failure
        code = new_ticket_code()
        try:
            with transaction.atomic():
                return Ticket.objects.create(
                    order=order,
                    code=code,
                    product=order.product,
                    fare_type=line["fare_type"],
                    fare_name=line["name"],
                    price=VND(int(line["price"])),
                    valid_from=valid_from,
                    valid_until=valid_until,
                    key_id=signing.current_key_id(),
                    qr_text=signing.sign(
                        code, order.product.code, line["fare_type"], valid_from, valid_until
                    ),
                )
        except IntegrityError:
            continue
    raise RuntimeError("could not draw a unique ticket code")


def send_confirmation(order_id: int) -> None:
    """The e-mail with the tickets (the same links and QR codes as the confirmation page)."""
    from .documents import order_pdf  # Pillow is only needed when a mail goes out

    order = TicketOrder.objects.select_related("payment", "product").get(pk=order_id)
    if not order.email or order.emailed_at:
        return
    with translation.override(order.language or None):
        context = {"order": order, "tickets": list(order.tickets.all())}
        subject = _("Your tickets: %(product)s") % {"product": order.product.name}
        text = render_to_string("tickets/email.txt", context)
        html = render_to_string("tickets/email.html", context)
    message = EmailMultiAlternatives(subject, text, to=[order.email])
    message.attach_alternative(html, "text/html")
    message.attach(f"tickets-{order.payment.reference}.pdf", order_pdf(order), "application/pdf")
    try:
        message.send()
    except OSError:
        logger.warning("ticket order %s: the confirmation e-mail could not be sent", order.pk)
        return
    TicketOrder.objects.filter(pk=order.pk).update(emailed_at=timezone.now())


def _revoke(tickets, status: str, reason: str, refund: Refund | None = None) -> int:
    return tickets.filter(status=Ticket.Status.VALID).update(
        status=status,
        revoked_reason=reason[:300],
        revoked_at=timezone.now(),
        revoked_by_refund=refund,
        updated_at=timezone.now(),
    )


def refunded(payment: Payment, refund: Refund | None) -> None:
    """A refund (or a lost dispute, ``refund`` None) of an order: its tickets are revoked when
    Finance asks to, or when nothing of the order remains paid."""
    order = TicketOrder.objects.filter(payment=payment).first()
    if order is None:
        return
    whole = payment.amount_refunded >= payment.amount
    if refund is not None and not (refund.revoke_entitlement or whole):
        return
    reason = refund.reason if refund is not None else _("Payment disputed and lost")
    _revoke(order.tickets.all(), Ticket.Status.REFUNDED, reason, refund)


def refund_reversed(payment: Payment, refund: Refund) -> None:
    """The refund did not go through: the tickets it revoked are valid again."""
    Ticket.objects.filter(
        order__payment=payment, revoked_by_refund=refund, status=Ticket.Status.REFUNDED
    ).update(
        status=Ticket.Status.VALID,
        revoked_reason="",
        revoked_at=None,
        revoked_by_refund=None,
        updated_at=timezone.now(),
    )


def attach_to_card(card: Card, code: str) -> Entitlement:
    """Move a ticket onto a heritage card: it becomes a pass on the card, the QR is revoked
    (in the next snapshot), and entries already made with the QR count against the pass."""
    code = "".join(code.split()).upper()
    if card.status != Card.Status.ACTIVE:
        raise TicketRefused(_("This card is blocked: a ticket cannot be added to it."))
    with transaction.atomic():
        ticket = Ticket.objects.select_for_update().filter(code=code).first()
        if ticket is None:
            raise TicketRefused(_("No ticket has this code. Check the code under the QR."))
        if ticket.status == Ticket.Status.ON_CARD:
            raise TicketRefused(_("This ticket is already on a heritage card."))
        if ticket.status != Ticket.Status.VALID:
            raise TicketRefused(_("This ticket was refunded or revoked and cannot be used."))
        if ticket.valid_until < timezone.localdate():
            raise TicketRefused(_("This ticket has expired."))
        used = used_entries(ticket.code)
        entitlement = Entitlement.objects.create(
            card=card,
            product=ticket.product,
            valid_from=ticket.valid_from,
            valid_until=ticket.valid_until,
            entries_used=used,
        )
        ticket.entitlement = entitlement
        ticket.status = Ticket.Status.ON_CARD
        ticket.revoked_reason = _("Moved to heritage card %(number)s") % {"number": card.number}
        ticket.revoked_at = timezone.now()
        ticket.save()
    return entitlement


def used_entries(code: str) -> dict[str, int]:
    """Entries made with a ticket's QR per site code, from the stored taps."""
    rows = (
        Tap.objects.filter(
            ticket=code, decision=Tap.Decision.ENTERED, gate__direction=Gate.Direction.ENTRY
        )
        .values("gate__site__code")
        .annotate(entries=Count("pk"))
    )
    return {row["gate__site__code"]: row["entries"] for row in rows}
