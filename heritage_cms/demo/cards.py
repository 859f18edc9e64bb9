"""Demo tickets, gates and two cards, so `make demo` can show a top-up and a gate end to end.

Idempotent: what exists (found by code, name or number) is left as it is. Prices are the Huế
Monuments Conservation Centre's published adult fares for 2025–26, approximately: about
200.000 ₫ for the Imperial City, 150.000 ₫ per royal tomb, combo tickets about 420.000–580.000 ₫
(Thiên Mụ Pagoda is free to enter). Check the Centre's current list before relying on them.
"""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from heritage_cms.cards import ledger
from heritage_cms.cards.access import check_access_code
from heritage_cms.cards.issuing import issue_card
from heritage_cms.cards.models import Card, Entitlement, Gate, Product, Transfer
from heritage_cms.core.money import VND
from heritage_cms.payments import books
from heritage_cms.sites.models import Site
from heritage_cms.ticketoffice.models import Till

TOMBS = ["lang-minh-mang", "lang-tu-duc", "lang-khai-dinh"]
DEMO_TILL = "Quầy Ngọ Môn 1"  # the demo admin is its clerk (seed.ensure_demo_admin)

PRODUCTS = [
    # code, name (Vietnamese, the source language), kind, sites, entries per site, days, price
    ("dai-noi", "Vé tham quan Đại Nội", "single_site", ["dai-noi"], 1, 1, 200_000),
    (
        "lang-minh-mang",
        "Vé tham quan Lăng Minh Mạng",
        "single_site",
        ["lang-minh-mang"],
        1,
        1,
        150_000,
    ),
    ("lang-tu-duc", "Vé tham quan Lăng Tự Đức", "single_site", ["lang-tu-duc"], 1, 1, 150_000),
    (
        "lang-khai-dinh",
        "Vé tham quan Lăng Khải Định",
        "single_site",
        ["lang-khai-dinh"],
        1,
        1,
        150_000,
    ),
    (
        "combo-3",
        "Vé liên tuyến 3 điểm: Đại Nội – Lăng Minh Mạng – Lăng Khải Định",
        "combo",
        ["dai-noi", "lang-minh-mang", "lang-khai-dinh"],
        1,
        2,
        420_000,
    ),
    (
        "combo-4",
        "Vé liên tuyến 4 điểm: Đại Nội và ba lăng",
        "combo",
        ["dai-noi", *TOMBS],
        1,
        2,
        530_000,
    ),
    (
        "pass-3-ngay",
        "Thẻ 3 ngày: Đại Nội và ba lăng, 2 lượt mỗi điểm",
        "multi_day",
        ["dai-noi", *TOMBS],
        2,
        3,
        580_000,
    ),
]

GATES = [  # name, site, fare charged from stored value when the card holds no ticket
    ("Ngọ Môn", "dai-noi", 200_000),
    ("Cổng Chùa Thiên Mụ", "chua-thien-mu", 0),
    ("Cổng Lăng Minh Mạng", "lang-minh-mang", 150_000),
    ("Cổng Lăng Tự Đức", "lang-tu-duc", 150_000),
    ("Cổng Lăng Khải Định", "lang-khai-dinh", 150_000),
]

# Printed by seed_demo and run_platform; only for the embedded demo.
DEMO_CARDS = [
    # number, chip UID, access code, complimentary balance, complimentary product
    ("9704180200000001", "04DE5A00000001", "HUE234", 0, None),
    ("9704180200000002", "04DE5A00000002", "HUE567", 300_000, "combo-3"),
]


def seed_cards(report) -> None:
    for code, name, kind, sites, entries, days, price in PRODUCTS:
        product, created = Product.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "kind": kind,
                "entries_per_site": entries,
                "valid_days": days,
                "price": VND(price),
            },
        )
        if created:
            product.sites.set([Site.objects.get_or_create(code=site)[0] for site in sites])
            report.created.append(f"product {name}")
    for name, site, fare in GATES:
        if not Gate.objects.filter(name=name, site__code=site).exists():
            gate = Gate(name=name, site=Site.objects.get_or_create(code=site)[0], fare=VND(fare))
            gate.issue_token()  # a real gate gets its own with `manage.py gate_token`
            gate.save()
            report.created.append(f"gate {name}")
    site = Site.objects.get_or_create(code="dai-noi")[0]
    if not Till.objects.filter(site=site, name=DEMO_TILL).exists():
        Till.objects.create(site=site, name=DEMO_TILL)
        report.created.append(f"ticket-office till {DEMO_TILL}")
    for number, uid, code, balance, product_code in DEMO_CARDS:
        if Card.objects.filter(number=number).exists():
            continue
        card = issue_card(number, uid, access_code=code)
        if balance:
            ledger.post(
                f"demo:opening:{number}",
                Transfer.Kind.ADJUSTMENT,
                [(books.account(books.ADJUSTMENTS), VND(-balance)), (card.account, VND(balance))],
                memo="Demo: complimentary balance",
            )
        if product_code:
            product = Product.objects.get(code=product_code)
            today = timezone.localdate()
            Entitlement.objects.create(
                card=card,
                product=product,
                valid_from=today,
                valid_until=today + timedelta(days=product.valid_days + 29),
            )
        report.created.append(f"demo card {number} · access code {code}")


def demo_cards_in_use() -> list[tuple[str, str]]:
    """The demo cards whose printed code still opens them (nobody is told a stale code)."""
    cards = {c.number: c for c in Card.objects.filter(number__in=[d[0] for d in DEMO_CARDS])}
    return [
        (number, code)
        for number, _uid, code, _balance, _product in DEMO_CARDS
        if number in cards and check_access_code(cards[number], code)
    ]
