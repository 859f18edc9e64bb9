"""The tourist's card page (no account, no app: card number + printed code, then a signed link)
and the page Stripe Checkout returns to, which waits for the webhook to credit the card."""

from __future__ import annotations

import math
import re
import uuid

from django import forms
from django.contrib import messages
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import get_language, gettext_lazy, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from heritage_cms.core.money import format_vnd
from heritage_cms.sites.models import MonumentPage

from . import access, payment_port, replacement, sales, ticket_port
from .models import Card, Product, Tap

# One per rendered purchase form: the same form submitted twice sells once (see sales.py).
PURCHASE_KEY = re.compile(r"^[0-9a-f]{32}$")


class LookupForm(forms.Form):
    number = forms.CharField(label=gettext_lazy("Card number"), max_length=40)
    code = forms.CharField(label=gettext_lazy("Access code (printed on the card)"), max_length=20)


class TopUpForm(forms.Form):
    preset = forms.TypedChoiceField(
        label=gettext_lazy("Amount"),
        coerce=int,
        required=False,
        choices=[("", gettext_lazy("Other amount"))]
        + [(str(a), format_vnd(a)) for a in payment_port.TOP_UP_PRESETS],
    )
    custom = forms.IntegerField(
        label=gettext_lazy("Other amount (đồng)"),
        required=False,
        min_value=payment_port.TOP_UP_MIN,
        max_value=payment_port.TOP_UP_MAX,
    )

    def clean(self):
        data = super().clean()
        data["amount"] = data.get("preset") or data.get("custom")
        if not data["amount"]:
            raise forms.ValidationError(_("Choose an amount or type one."))
        return data


@never_cache
def card_lookup(request):
    form = LookupForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            card = access.lookup(request, form.cleaned_data["number"], form.cleaned_data["code"])
        except access.TooManyAttempts as refused:
            minutes = math.ceil(refused.retry_after / 60)
            wait = ngettext("%(minutes)d minute", "%(minutes)d minutes", minutes) % {
                "minutes": minutes
            }
            form.add_error(
                None,
                _(
                    "Too many attempts. Please wait %(wait)s and try again, or ask at a ticket "
                    "office. A card page link you already have keeps working."
                )
                % {"wait": wait},
            )
            response = render(request, "cards/card_lookup.html", {"form": form}, status=429)
            response["Retry-After"] = str(refused.retry_after)
            return response
        else:
            if card is not None:
                return redirect("card:detail", token=access.make_link_token(card))
            form.add_error(None, _("This card number and access code do not match."))
            status = 400
    return render(request, "cards/card_lookup.html", {"form": form}, status=status)


def _card_or_404(token: str) -> Card:
    card = access.card_from_token(token)
    if card is None:
        raise Http404(_("This link has expired: look your card up again."))
    return card


def _urls(request, token: str, then_buy: Product | None = None):
    def build(payment: payment_port.PendingPayment) -> payment_port.ReturnUrls:
        done = reverse("card:payment", kwargs={"token": token, "reference": payment.reference})
        if then_buy is not None:  # a top-up of the difference: offer the pass on return
            done = f"{done}?buy={then_buy.pk}"
        back = reverse("card:detail", kwargs={"token": token})
        return payment_port.ReturnUrls(
            success=request.build_absolute_uri(done),
            cancel=request.build_absolute_uri(f"{back}?cancelled={payment.reference}"),
        )

    return build


def _site_names(codes) -> dict[str, str]:
    names = {}
    pages = MonumentPage.objects.filter(site__code__in=set(codes)).select_related("locale", "site")
    for page in pages:
        if page.site.code not in names or page.locale.language_code == get_language():
            names[page.site.code] = page.title
    return names


def _products_for_sale(card: Card) -> list[dict]:
    products = list(Product.objects.filter(is_active=True).prefetch_related("sites"))
    products.sort(key=lambda product: (product.price.amount, product.pk))
    names = _site_names(code for product in products for code in product.site_codes())
    balance = card.account.balance.amount
    return [
        {
            "product": product,
            "label": sales.product_label(product, names),
            "price": format_vnd(product.price.amount),
            "covered": balance >= product.price.amount,
            "missing": format_vnd(max(product.price.amount - balance, 0)),
            "key": uuid.uuid4().hex,
        }
        for product in products
    ]


def _buy_with_balance(request, card: Card, product: Product) -> None:
    key = request.POST.get("purchase_key", "")
    if not PURCHASE_KEY.match(key):
        raise sales.SaleRefused(_("This form is out of date: reload the page and try again."))
    sale = sales.buy_with_balance(card, product, f"{key}:{product.pk}")
    card.account.refresh_from_db(fields=["balance"])
    names = _site_names(product.site_codes())
    text = {
        "product": sales.product_label(product, names),
        "price": format_vnd(product.price.amount),
        "balance": format_vnd(card.account.balance.amount),
    }
    if sale.created:
        messages.success(
            request,
            _(
                "%(product)s is on your card. %(price)s was paid from your card's balance; "
                "nothing was charged to a bank card. Balance now: %(balance)s."
            )
            % text,
        )
    else:
        messages.info(
            request,
            _("%(product)s was already bought with this form: it was sold once.") % text,
        )


def _top_up_difference(request, card: Card, token: str, product: Product):
    missing = product.price.amount - card.account.balance.amount
    if missing <= 0:
        raise payment_port.PaymentRefused(
            _("Your card already holds enough: pay from its balance.")
        )
    amount = max(missing, payment_port.TOP_UP_MIN)
    return payment_port.provider().start_top_up(
        card, amount, _urls(request, token, then_buy=product), get_language()
    )


@never_cache
def card_detail(request, token: str):
    card = _card_or_404(token)
    topup_form = TopUpForm()
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "top_up":
                topup_form = TopUpForm(request.POST)
                if topup_form.is_valid():
                    payment = payment_port.provider().start_top_up(
                        card,
                        topup_form.cleaned_data["amount"],
                        _urls(request, token),
                        get_language(),
                    )
                    return HttpResponseRedirect(payment.checkout_url, status=303)
            elif action in ("buy", "buy_balance", "top_up_difference"):
                product = get_object_or_404(
                    Product, pk=_number(request.POST.get("product")), is_active=True
                )
                if action == "buy_balance":
                    _buy_with_balance(request, card, product)
                    return redirect("card:detail", token=token)
                if action == "top_up_difference":
                    payment = _top_up_difference(request, card, token, product)
                else:  # the visitor's choice: the whole price by bank card
                    payment = payment_port.provider().start_purchase(
                        card, product, _urls(request, token), get_language()
                    )
                return HttpResponseRedirect(payment.checkout_url, status=303)
            elif action == "attach_ticket":
                entitlement = ticket_port.registry().attach_to_card(
                    card, request.POST.get("ticket_code", "")[:64]
                )
                messages.success(
                    request,
                    _("%(product)s is now on your card; its QR code no longer opens the gate.")
                    % {"product": entitlement.product.name},
                )
                return redirect("card:detail", token=token)
            elif action == "block" and request.POST.get("confirm"):
                replacement.block_card(card, _("Reported lost or stolen by the holder"))
                messages.success(
                    request,
                    _(
                        "Your card is blocked. Bring your passport to a ticket office to move its "
                        "balance and passes to a new card."
                    ),
                )
                return redirect("card:detail", token=token)
        except (
            payment_port.PaymentRefused,
            replacement.ReplacementError,
            ticket_port.TicketRefused,
            sales.SaleRefused,
        ) as error:
            messages.error(request, str(error))
    card.refresh_from_db()
    entitlements = list(
        card.entitlements.filter(is_revoked=False)
        .select_related("product")
        .prefetch_related("product__sites")
        .order_by("-valid_until")
    )
    names = _site_names(code for e in entitlements for code in e.product.site_codes())
    passes = [
        {
            "entitlement": e,
            "label": sales.product_label(e.product, names),
            "remaining": [(names.get(code, code), left) for code, left in e.remaining().items()],
        }
        for e in entitlements
    ]
    taps = Tap.objects.filter(card=card).select_related("gate").order_by("-occurred_at")[:10]
    context = {
        "card": card,
        "token": token,
        "balance": format_vnd(card.account.balance.amount),
        "passes": passes,
        "taps": taps,
        "payments": card.payments.order_by("-created_at")[:5],
        "refunds": payment_port.provider().recent_refunds(card, 5),
        "products": _products_for_sale(card) if card.status == Card.Status.ACTIVE else [],
        "topup_form": topup_form,
        "limits": {
            "min": format_vnd(payment_port.TOP_UP_MIN),
            "max": format_vnd(payment_port.TOP_UP_MAX),
        },
        "cancelled": request.GET.get("cancelled"),
    }
    return render(request, "cards/card_detail.html", context)


@never_cache
def payment_done(request, token: str, reference):
    """Stripe's success_url. It only reads: the webhook, not this page, credits the card."""
    card = _card_or_404(token)
    payments = payment_port.provider()
    payment = payments.find(reference)
    if payment is None:
        raise Http404
    if payment.card_id != card.pk and replacement.current_card(payment.card).pk != card.pk:
        raise Http404
    product = getattr(payment, "product", None)
    then_buy = Product.objects.filter(pk=_number(request.GET.get("buy")), is_active=True).first()
    names = _site_names(
        code for item in (product, then_buy) if item is not None for code in item.site_codes()
    )
    context = {
        "card": card,
        "token": token,
        "payment": payment,
        # A ticket or pass bought by bank card: the card's stored value is not what changed.
        "is_pass": product is not None,
        "product_label": sales.product_label(product, names) if product is not None else "",
        "status": payments.state(payment),
        "balance": format_vnd(card.account.balance.amount),
    }
    if then_buy is not None and card.status == Card.Status.ACTIVE:
        context["then_buy"] = {
            "product": then_buy,
            "label": sales.product_label(then_buy, names),
            "price": format_vnd(then_buy.price.amount),
            "covered": sales.covers(card, then_buy),
            "key": uuid.uuid4().hex,
        }
    return render(request, "cards/payment_done.html", context)


def _number(value) -> int | None:
    """A primary key from a form or query string, or None (never a server error)."""
    return int(value) if isinstance(value, str) and value.isdigit() and len(value) < 12 else None
