"""The counter's business processes: open a shift, sell, refund, count and close.

Called by the admin views (and tests) alike. Each sale is one database transaction that locks
its shift first, so a sale and the cash-up of the same shift never interleave, and a closed
shift takes no sale. Each carries the form's idempotency key: a double click or a retried request
finds the sale already made and gets it back, never a second one.

Ledger accounts (all opened by ``cards.ledger.account``):

* ``office:drawer:<till>:<n>`` (cash): the drawer of one till's n-th shift; cash taken makes it
  negative (the platform holds that cash), cash paid out positive;
* ``office:terminal:<site>`` (card-terminal clearing): what the terminal's acquirer owes us;
* ``office:over-short:<site>``: the cash-up differences;
* ``office:safe:<site>`` (cash): where a counted drawer's takings go at the cash-up;
* ``sales:passes`` (revenue): passes, as for passes bought online.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from heritage_cms.cards import ledger
from heritage_cms.cards.issuing import issue_card
from heritage_cms.cards.models import Account, Card, Entitlement, Product, Transfer
from heritage_cms.core.money import VND

from . import audit
from .models import Clerk, Sale, Shift, Till

PASS_SALES = "sales:passes"  # the revenue account online pass sales credit too


class OfficeError(Exception):
    """A sale or cash-up refused; the message says what the clerk should do next."""

    status = 400


class ShiftClosed(OfficeError):
    status = 409


class IdempotencyConflict(OfficeError):
    status = 409


def clerk_site_id(user) -> int | None:
    """The monument whose tills this user works, or None."""
    clerk = Clerk.objects.filter(user=user).only("site_id").first()
    return clerk.site_id if clerk else None


def drawer_name(till: Till, number: int) -> str:
    return f"office:drawer:{till.pk}:{number}"


@transaction.atomic
def open_shift(till: Till, user, opening_float: VND) -> Shift:
    if opening_float.amount < 0:
        raise OfficeError(_("The opening float cannot be negative."))
    till = Till.objects.select_for_update().get(pk=till.pk)
    if till.shifts.filter(closed_at__isnull=True).exists():
        raise OfficeError(_("This till already has an open shift: count and close it first."))
    number = till.shifts.count() + 1
    drawer = ledger.account(drawer_name(till, number), Account.Kind.CASH, site=till.site, new=True)
    shift = Shift.objects.create(
        till=till, opened_by=user, opening_float=opening_float, drawer=drawer
    )
    audit.record(
        shift, "heritage.office.shift_opened", user, till=till.pk, float=opening_float.amount
    )
    return shift


def pair_till(till: Till, user) -> str:
    """A new pairing token for the till's desk agent, shown once; the old one stops mattering."""
    token = till.new_agent_token()
    till.paired_at = timezone.now()
    till.save(update_fields=["agent_token_hash", "paired_at"])
    audit.record(till, "heritage.office.paired", user)
    return token


@dataclass(frozen=True)
class SaleRequest:
    """What the form asked for, as a retry must repeat it."""

    kind: str
    method: str
    idempotency_key: str
    language: str
    card_number: str = ""
    top_up: int = 0
    product_ids: tuple[int, ...] = ()

    def fingerprint(self) -> dict:
        return {
            "kind": self.kind,
            "method": self.method,
            "card_number": self.card_number,
            "top_up": self.top_up,
            "products": sorted(self.product_ids),
        }


def _counter_account(shift: Shift, method: str) -> Account:
    if method == Sale.Method.CASH:
        return shift.drawer
    site = shift.till.site
    return ledger.account(f"office:terminal:{site.code}", Account.Kind.TERMINAL, site=site)


def _locked_open_shift(shift: Shift) -> Shift:
    locked = (
        Shift.objects.select_for_update().select_related("till__site", "drawer").get(pk=shift.pk)
    )
    if not locked.is_open:
        raise ShiftClosed(_("This shift is closed: open a new shift to sell."))
    return locked


def _products(shift: Shift, ids: tuple[int, ...]) -> list[Product]:
    products = {
        p.pk: p
        for p in Product.objects.filter(
            pk__in=ids, is_active=True, sites=shift.till.site_id
        ).distinct()
    }
    missing = [pk for pk in ids if pk not in products]
    if missing:
        raise OfficeError(_("A chosen pass is not on sale at this monument: reload the page."))
    return [products[pk] for pk in ids]


def _replay(request: SaleRequest) -> Sale | None:
    sale = Sale.objects.filter(idempotency_key=request.idempotency_key).first()
    if sale is not None and sale.request != request.fingerprint():
        raise IdempotencyConflict(
            _("This form was already used for a different sale: reload the page for a new one.")
        )
    return sale


def _once(shift: Shift, request: SaleRequest, record: Callable[[Shift], Sale]) -> tuple[Sale, bool]:
    """``record`` the sale on the locked open shift once per form key; (sale, created).

    A replayed key gets its first sale back, as does the loser of a concurrent double submit
    (the unique key refuses its insert); the same key for a different sale is refused.
    """
    existing = _replay(request)
    if existing is not None:
        return existing, False
    try:
        with transaction.atomic():
            sale = record(_locked_open_shift(shift))
    except IntegrityError:
        # The same key committed by a concurrent request (a double submit): that sale stands.
        existing = _replay(request)
        if existing is None:
            raise
        return existing, False
    return sale, True


def _validate(request: SaleRequest) -> None:
    if not 8 <= len(request.idempotency_key) <= 80:
        raise OfficeError(_("The form has no valid sale key: reload the page."))
    if request.method not in Sale.Method.values:
        raise OfficeError(_("Choose cash or card terminal."))
    if request.top_up < 0 or request.top_up > settings.TICKET_OFFICE_MAX_TOP_UP:
        raise OfficeError(
            _("A top-up is between 0 and %(max)s đồng.")
            % {"max": settings.TICKET_OFFICE_MAX_TOP_UP}
        )
    if len(request.product_ids) > 20:
        raise OfficeError(_("At most 20 passes in one sale."))


def _sell_onto(sale: Sale, shift: Shift, card: Card, request: SaleRequest) -> None:
    """The top-up and passes of ``sale`` onto ``card``, posted against the counter account."""
    counter = _counter_account(shift, request.method)
    key = f"office:{request.idempotency_key}"
    if request.top_up:
        amount = VND(request.top_up)
        ledger.post(
            f"{key}:top-up",
            Transfer.Kind.TOP_UP,
            [(counter, -amount), (card.account, amount)],
            memo=f"{shift.till} · {card.number}",
        )
    products = _products(shift, request.product_ids)
    if products:
        price = VND(sum(p.price.amount for p in products))
        revenue = ledger.account(PASS_SALES, Account.Kind.REVENUE)
        ledger.post(
            f"{key}:passes",
            Transfer.Kind.PASS_SALE,
            [(counter, -price), (revenue, price)],
            memo=f"{shift.till} · {card.number} · " + ", ".join(p.code for p in products)[:300],
        )
        today = timezone.localdate()
        for product in products:
            Entitlement.objects.create(
                card=card,
                product=product,
                valid_from=today,
                valid_until=today + timedelta(days=max(product.valid_days, 1) - 1),
            )
    sale.passes = [{"product": p.pk, "name": p.name, "price": p.price.amount} for p in products]
    sale.top_up = VND(request.top_up)
    sale.total = VND(request.top_up + sum(p.price.amount for p in products))


def sell(shift: Shift, user, request: SaleRequest) -> tuple[Sale, bool]:
    """A top-up, passes or a refund of the whole balance on an existing card; (sale, created)."""
    _validate(request)
    if request.kind not in (Sale.Kind.TOP_UP, Sale.Kind.PASSES, Sale.Kind.REFUND):
        raise OfficeError(_("Unknown operation."))

    def record(shift: Shift) -> Sale:
        card = Card.objects.select_related("account").filter(number=request.card_number).first()
        if card is None:
            raise OfficeError(_("No card has this number: check the digits on the card."))
        if card.status != Card.Status.ACTIVE:
            raise OfficeError(_("This card is blocked or replaced: see Finance."))
        sale = Sale(
            shift=shift,
            idempotency_key=request.idempotency_key,
            kind=request.kind,
            method=request.method,
            status=Sale.Status.DONE,
            card=card,
            card_number=card.number,
            language=request.language,
            request=request.fingerprint(),
            sold_by=user,
        )
        if request.kind == Sale.Kind.REFUND:
            _refund(sale, shift, card, request)
        else:
            if not request.top_up and not request.product_ids:
                raise OfficeError(_("Enter a top-up amount or choose a pass."))
            _sell_onto(sale, shift, card, request)
        sale.save()
        return sale

    sale, created = _once(shift, request, record)
    if created:
        action = (
            "heritage.office.refund" if sale.kind == Sale.Kind.REFUND else "heritage.office.sale"
        )
        audit.record(
            sale.card, action, user, sale=sale.pk, total=sale.total.amount, method=sale.method
        )
    return sale, created


def _refund(sale: Sale, shift: Shift, card: Card, request: SaleRequest) -> None:
    account = Account.objects.select_for_update().get(pk=card.account_id)
    balance = account.balance
    if balance.amount <= 0:
        raise OfficeError(_("This card holds no balance to refund."))
    counter = _counter_account(shift, request.method)
    ledger.post(
        f"office:{request.idempotency_key}:refund",
        Transfer.Kind.REFUND,
        [(account, -balance), (counter, balance)],
        memo=f"{shift.till} · {card.number}",
    )
    sale.total = VND(-balance.amount)


def start_card_sale(shift: Shift, user, request: SaleRequest) -> tuple[Sale, bool]:
    """Reserve the card number the desk agent will write onto the blank card."""
    _validate(request)
    if request.top_up == 0 and not request.product_ids and not settings.TICKET_OFFICE_EMPTY_CARDS:
        raise OfficeError(_("Sell a card with a starting balance or a pass."))

    def record(shift: Shift) -> Sale:
        _products(shift, request.product_ids)  # refuse before a card is written
        sale = Sale.objects.create(
            shift=shift,
            idempotency_key=request.idempotency_key,
            kind=Sale.Kind.NEW_CARD,
            method=request.method,
            status=Sale.Status.PENDING,
            language=request.language,
            request=request.fingerprint(),
            sold_by=user,
        )
        sale.card_number = f"{settings.TICKET_OFFICE_CARD_PREFIX}{sale.pk:08d}"
        sale.save(update_fields=["card_number"])
        return sale

    return _once(shift, request, record)


def complete_card_sale(sale: Sale, user, uid: str, key_version: int) -> tuple[Sale, str | None]:
    """Register the card the desk agent wrote, and post the sale; (sale, access code or None).

    The access code is returned once, with the first completion; a retry gets the sale back
    without it (a new one is made on the card's page, never silently here).
    """
    with transaction.atomic():
        sale = Sale.objects.select_for_update().get(pk=sale.pk)
        if sale.status == Sale.Status.DONE:
            if sale.card is None or sale.card.uid != uid.upper():
                raise IdempotencyConflict(_("This sale was completed with another card."))
            return sale, None
        shift = _locked_open_shift(sale.shift)
        if Card.objects.filter(uid=uid.upper()).exists():
            raise OfficeError(
                _("This chip is already registered as a card: take a new blank card.")
            )
        card = issue_card(sale.card_number, uid, key_version)
        request = SaleRequest(
            kind=sale.kind,
            method=sale.method,
            idempotency_key=sale.idempotency_key,
            language=sale.language,
            top_up=int(sale.request.get("top_up", 0)),
            product_ids=tuple(sale.request.get("products", ())),
        )
        _sell_onto(sale, shift, card, request)
        sale.card = card
        sale.status = Sale.Status.DONE
        sale.save()
    audit.record(card, "heritage.office.card_sold", user, sale=sale.pk, total=sale.total.amount)
    return sale, card.access_code


def expected_cash(shift: Shift) -> VND:
    """The float plus the cash taken minus the cash paid out, from the drawer's ledger account."""
    shift.drawer.refresh_from_db(fields=["balance"])
    return VND(shift.opening_float.amount - shift.drawer.balance.amount)


def close_shift(shift: Shift, user, counted: VND) -> Shift:
    """Count the drawer: post the difference to over/short, take the takings to the safe, close."""
    if counted.amount < 0:
        raise OfficeError(_("The counted cash cannot be negative."))
    with transaction.atomic():
        shift = _locked_open_shift(shift)
        site = shift.till.site
        expected = expected_cash(shift)
        difference = VND(counted.amount - expected.amount)
        if difference.amount:
            over_short = ledger.account(
                f"office:over-short:{site.code}", Account.Kind.OVER_SHORT, site=site
            )
            ledger.post(
                f"office:shift:{shift.pk}:over-short",
                Transfer.Kind.CASH_UP,
                [(shift.drawer, -difference), (over_short, difference)],
                memo=f"{shift.till} · over/short",
            )
        takings = VND(counted.amount - shift.opening_float.amount)
        if takings.amount:
            safe = ledger.account(f"office:safe:{site.code}", Account.Kind.CASH, site=site)
            ledger.post(
                f"office:shift:{shift.pk}:to-safe",
                Transfer.Kind.CASH_UP,
                [(shift.drawer, takings), (safe, -takings)],
                memo=f"{shift.till} · takings to the safe",
            )
        shift.expected, shift.counted, shift.difference = expected, counted, difference
        shift.closed_at, shift.closed_by = timezone.now(), user
        shift.save()
    audit.record(
        shift,
        "heritage.office.cash_up",
        user,
        expected=expected.amount,
        counted=counted.amount,
        difference=difference.amount,
    )
    return shift


def shift_totals(shift: Shift) -> dict:
    """Sales of the shift by kind and method, for the desk and the Z-report."""
    rows: dict[tuple[str, str], dict] = {}
    for sale in shift.sales.filter(status=Sale.Status.DONE):
        row = rows.setdefault(
            (sale.kind, sale.method),
            {
                "kind": sale.get_kind_display(),
                "method": sale.get_method_display(),
                "count": 0,
                "total": 0,
            },
        )
        row["count"] += 1
        row["total"] += sale.total.amount
    cash = sum(r["total"] for (_k, m), r in rows.items() if m == Sale.Method.CASH)
    terminal = sum(r["total"] for (_k, m), r in rows.items() if m == Sale.Method.TERMINAL)
    return {"rows": list(rows.values()), "cash": cash, "terminal": terminal}
