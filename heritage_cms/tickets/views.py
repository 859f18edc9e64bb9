"""The visitor's e-ticket pages: the shop, the confirmation (one QR per visitor), each ticket's
self-contained page to keep on the phone, and the PDF. No account: the order's unguessable
payment reference in the address is the key, as Stripe's success page receives it."""

from __future__ import annotations

from django import forms
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language, gettext_lazy
from django.views.decorators.cache import never_cache

from heritage_cms.cards.models import Product
from heritage_cms.payments.checkout import CheckoutError, ReturnUrls, payment_state
from heritage_cms.payments.models import Payment

from . import services
from .documents import order_pdf, qr_svg
from .models import Ticket, TicketOrder


def _products():
    return (
        Product.objects.filter(is_active=True, ticket_fares__isnull=False)
        .distinct()
        .prefetch_related("ticket_fares")
        .order_by("kind", "name")
    )


class OrderForm(forms.Form):
    visit_date = forms.DateField(
        label=gettext_lazy("First day of your visit"),
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    email = forms.EmailField(
        label=gettext_lazy("E-mail for the tickets (optional)"), required=False
    )

    def __init__(self, product: Product, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fares = list(product.ticket_fares.all())
        self.fields["visit_date"].initial = timezone.localdate()
        for fare in self.fares:
            self.fields[f"fare_{fare.fare_type}"] = forms.IntegerField(
                label=f"{fare.name} · {fare.price}",
                min_value=0,
                max_value=services.MAX_VISITORS,
                initial=0,
                required=False,
            )

    def counts(self) -> dict[str, int]:
        return {
            fare.fare_type: self.cleaned_data.get(f"fare_{fare.fare_type}") or 0
            for fare in self.fares
        }


def shop(request):
    return render(request, "tickets/shop.html", {"products": _products()})


def _return_urls(request):
    def build(payment: Payment) -> ReturnUrls:
        done = reverse("tickets:order", kwargs={"reference": payment.reference})
        back = reverse("tickets:shop")
        return ReturnUrls(
            success=request.build_absolute_uri(done),
            cancel=request.build_absolute_uri(f"{back}?cancelled=1"),
        )

    return build


@never_cache
def buy(request, code: str):
    product = get_object_or_404(_products(), code=code)
    form = OrderForm(product, request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                payment = services.start_order(
                    product,
                    form.cleaned_data["visit_date"],
                    form.counts(),
                    form.cleaned_data["email"],
                    get_language(),
                    _return_urls(request),
                )
            except CheckoutError as error:
                form.add_error(None, str(error))
            else:
                return HttpResponseRedirect(payment.checkout_url, status=303)
        status = 400
    return render(request, "tickets/buy.html", {"product": product, "form": form}, status=status)


def _order_or_404(reference) -> TicketOrder:
    return get_object_or_404(
        TicketOrder.objects.select_related("payment", "product"), payment__reference=reference
    )


def _shown(tickets) -> list[dict]:
    return [
        {"ticket": t, "svg": qr_svg(t.qr_text, t.code) if t.status == Ticket.Status.VALID else ""}
        for t in tickets
    ]


@never_cache
def order(request, reference):
    """Stripe's success page: waits for the webhook, then shows one QR per visitor."""
    found = _order_or_404(reference)
    context = {
        "order": found,
        "payment": found.payment,
        "status": payment_state(found.payment),
        "tickets": _shown(found.tickets.select_related("product")),
    }
    return render(request, "tickets/order.html", context)


def ticket_page(request, reference, code: str):
    """One ticket, everything inline (styles, the QR as SVG): saved to the home screen or kept by
    the browser, it opens with no network at the gate."""
    found = _order_or_404(reference)
    ticket = get_object_or_404(found.tickets, code=code)
    response = render(request, "tickets/ticket.html", {"order": found, "item": _shown([ticket])[0]})
    response["Cache-Control"] = "private, max-age=86400"
    return response


def order_pdf_view(request, reference):
    found = _order_or_404(reference)
    if not found.tickets.exists():
        raise Http404
    response = HttpResponse(order_pdf(found), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="tickets-{found.payment.reference}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response
