"""E-tickets bought online without a card: the order (one Stripe payment) and one ticket per
visitor, each with its own signed QR code (see signing.py and docs/tickets.md)."""

import secrets

from django.db import models
from django.utils.translation import gettext_lazy as _

from heritage_cms.core.money import VNDField

# No 0/O or 1/I: the code is printed under the QR and may be read out at a counter.
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 12


def new_ticket_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _i in range(CODE_LENGTH))


class TicketFare(models.Model):
    """What one visitor of a fare type pays for a product bought as e-tickets (adult, child…).

    The monument pages publish their fares as text for people (``MonumentFare``); this is the
    price list the shop charges, per product."""

    product = models.ForeignKey(
        "cards.Product",
        on_delete=models.CASCADE,
        related_name="ticket_fares",
        verbose_name=_("product"),
    )
    fare_type = models.SlugField(
        _("fare type code"), max_length=32, help_text=_("For example adult, child.")
    )
    name = models.CharField(_("name shown to visitors"), max_length=120)
    price = VNDField(_("price"))
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("ticket fare")
        ordering = ["product", "sort_order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["product", "fare_type"], name="one_fare_per_type"),
            models.CheckConstraint(
                condition=models.Q(price__gte=0), name="ticket_fare_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.product} · {self.name}"


class TicketOrder(models.Model):
    """One purchase: a product, a first day, N visitors per fare type, paid by one payment."""

    payment = models.OneToOneField(
        "payments.Payment", on_delete=models.PROTECT, related_name="ticket_order"
    )
    product = models.ForeignKey("cards.Product", on_delete=models.PROTECT, related_name="+")
    visit_date = models.DateField(_("first day of the visit"))
    # [{"fare_type": "adult", "name": "Adult", "price": 200000, "count": 2}, …] as sold.
    lines = models.JSONField(_("visitors"), default=list)
    email = models.EmailField(_("e-mail"), blank=True)
    language = models.CharField(max_length=16, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("ticket order")

    def __str__(self) -> str:
        return f"{self.product} · {self.visit_date}"

    @property
    def visitors(self) -> int:
        return sum(int(line["count"]) for line in self.lines)


class Ticket(models.Model):
    """One visitor's entry: the QR text is signed once at issue and never changes."""

    class Status(models.TextChoices):
        VALID = "valid", _("Valid")
        REFUNDED = "refunded", _("Refunded")
        ON_CARD = "on_card", _("Moved to a heritage card")
        REVOKED = "revoked", _("Revoked by staff")

    order = models.ForeignKey(TicketOrder, on_delete=models.PROTECT, related_name="tickets")
    code = models.CharField(_("ticket code"), max_length=32, unique=True)
    product = models.ForeignKey("cards.Product", on_delete=models.PROTECT, related_name="+")
    fare_type = models.SlugField(_("fare type"), max_length=32)
    fare_name = models.CharField(_("fare"), max_length=120)
    price = VNDField(_("price"))
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("valid until"))
    key_id = models.CharField(_("signing key"), max_length=16)
    qr_text = models.CharField(max_length=512, editable=False)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.VALID
    )
    revoked_reason = models.CharField(_("why revoked"), max_length=300, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    # Set when the refund that revoked it is known, so a refund Stripe later fails restores it.
    revoked_by_refund = models.ForeignKey(
        "payments.Refund", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    entitlement = models.OneToOneField(
        "cards.Entitlement",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="from_ticket",
        verbose_name=_("pass on a card"),
    )
    updated_at = models.DateTimeField(auto_now=True, db_index=True)

    class Meta:
        verbose_name = _("e-ticket")
        ordering = ["pk"]
        indexes = [models.Index(fields=["status", "valid_until"], name="ticket_status_until")]

    def __str__(self) -> str:
        return self.code
