"""What came in through Stripe and what went back out, kept beside the ledger that it moves.

A :class:`Payment` exists before its Checkout Session does, so a webhook racing the session's
creation still finds it (by ``reference``, sent as ``client_reference_id``). The ledger transfer
it causes is linked here and keyed by the payment, so it is posted once whatever Stripe repeats.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from heritage_cms.cards.models import Card, Entitlement, Product, Transfer
from heritage_cms.core.money import VNDField


class Payment(models.Model):
    """A tourist paying by Stripe Checkout: to top up a card, to buy a product onto it, or to buy
    e-tickets with no card at all (``card`` empty; the ``tickets`` app holds the order)."""

    class Kind(models.TextChoices):
        TOP_UP = "top_up", _("Top-up")
        PURCHASE = "purchase", _("Ticket or pass")
        TICKETS = "tickets", _("E-tickets")

    class Status(models.TextChoices):
        CREATED = "created", _("Created")
        OPEN = "open", _("Waiting for the payer")
        PROCESSING = "processing", _("Payment processing")
        PAID = "paid", _("Paid")
        FAILED = "failed", _("Failed")
        EXPIRED = "expired", _("Expired")

    FINAL = (Status.PAID, Status.FAILED, Status.EXPIRED)

    reference = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    card = models.ForeignKey(
        Card, null=True, blank=True, on_delete=models.PROTECT, related_name="payments"
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    amount = VNDField(_("amount"))
    product = models.ForeignKey(
        Product, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.CREATED
    )
    stripe_session_id = models.CharField(max_length=255, unique=True, null=True, blank=True)
    stripe_payment_intent_id = models.CharField(max_length=255, blank=True, db_index=True)
    checkout_url = models.URLField(max_length=2000, blank=True)
    transfer = models.OneToOneField(
        Transfer, null=True, blank=True, on_delete=models.PROTECT, related_name="payment"
    )
    entitlement = models.OneToOneField(
        Entitlement, null=True, blank=True, on_delete=models.PROTECT, related_name="payment"
    )
    amount_refunded = VNDField(_("refunded"), default=0)
    dispute_id = models.CharField(_("dispute"), max_length=255, blank=True)
    dispute_status = models.CharField(_("dispute status"), max_length=32, blank=True)
    dispute_transfer = models.OneToOneField(
        Transfer, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    over_cap = VNDField(
        _("over the card's maximum"),
        default=0,
        help_text=_("Credited beyond the card's maximum balance: Finance refunds it."),
    )
    language = models.CharField(max_length=16, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    paid_at = models.DateTimeField(_("paid at"), null=True, blank=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("payment")
        ordering = ["-created_at"]
        permissions = [
            ("refund_payment", _("Can refund payments and card balances")),
            ("move_card_value", _("Can block cards and move value to a replacement card")),
            ("view_finance", _("Can see finance reports")),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.amount} · {self.card or self.reference}"

    @property
    def idempotency_key(self) -> str:
        return f"payment:{self.reference}"

    @property
    def audit_subject(self):
        """Where the audit log files this payment: its card, or itself when it has none."""
        return self.card if self.card_id else self

    @property
    def refundable(self):
        return self.amount - self.amount_refunded


class WebhookEvent(models.Model):
    """Every verified Stripe event, once: its id is unique, so a redelivery changes nothing."""

    event_id = models.CharField(max_length=255, unique=True)
    type = models.CharField(max_length=100, db_index=True)
    payload = models.JSONField()
    received_at = models.DateTimeField(auto_now_add=True, db_index=True)
    processed_at = models.DateTimeField(null=True, blank=True)
    outcome = models.CharField(max_length=200, blank=True)
    payment = models.ForeignKey(
        Payment, null=True, blank=True, on_delete=models.PROTECT, related_name="events"
    )

    class Meta:
        verbose_name = _("Stripe event")

    def __str__(self) -> str:
        return f"{self.type} {self.event_id}"


class Refund(models.Model):
    """Money returned to a payer. The card (or the pass sale) is debited before Stripe is asked,
    so value cannot be spent and refunded at once; a refused refund is reversed by a new
    transfer."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        SUCCEEDED = "succeeded", _("Succeeded")
        FAILED = "failed", _("Failed")
        REVIEW = "review", _("Needs review")

    reference = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    payment = models.ForeignKey(Payment, on_delete=models.PROTECT, related_name="refunds")
    amount = VNDField(_("amount"))
    reason = models.CharField(_("reason"), max_length=300)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.PENDING
    )
    stripe_refund_id = models.CharField(max_length=255, unique=True, null=True, blank=True)
    revoke_entitlement = models.BooleanField(_("revoke the pass"), default=False)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    transfer = models.OneToOneField(
        Transfer, null=True, blank=True, on_delete=models.PROTECT, related_name="refund"
    )
    reversal = models.OneToOneField(
        Transfer, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    error = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("refund")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.amount} · {self.payment}"
