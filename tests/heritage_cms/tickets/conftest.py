"""An e-ticket shop as the visitor finds it: a combo over two monuments with adult and child
fares, paid through the real stripe client against the bundled sandbox."""

from __future__ import annotations

import re
import subprocess
import tempfile
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from PIL import Image

from heritage_cms.cards.factories import ProductFactory
from heritage_cms.cards.models import Gate, Product
from heritage_cms.core.money import VND
from heritage_cms.payments.checkout import ReturnUrls
from heritage_cms.sites.factories import SiteFactory
from heritage_cms.tickets import services
from heritage_cms.tickets.models import TicketFare
from tests.heritage_cms.payments.conftest import (  # noqa: F401 - fixtures used by the tests
    deliver,
    english,
    finance_user,
    pay_on_hosted_page,
    sandbox,
)

ADULT, CHILD = 200_000, 40_000


@pytest.fixture
def combo(db) -> Product:
    product = ProductFactory(
        code="combo-dai-noi-tu-duc",
        name="Vé liên tuyến Đại Nội – Lăng Tự Đức",
        kind=Product.Kind.COMBO,
        sites=["dai-noi", "lang-tu-duc"],
        entries_per_site=1,
        valid_days=2,
        price=VND(ADULT),
    )
    TicketFare.objects.create(
        product=product, fare_type="adult", name="Người lớn / Adult", price=VND(ADULT)
    )
    TicketFare.objects.create(
        product=product,
        fare_type="child",
        name="Trẻ em 7–12 / Child",
        price=VND(CHILD),
        sort_order=1,
    )
    return product


def make_gate(code: str = "dai-noi", direction: str = Gate.Direction.ENTRY) -> tuple[Gate, str]:
    gate = Gate(
        name=f"Cổng {code}", site=SiteFactory(code=code), fare=VND(200_000), direction=direction
    )
    token = gate.issue_token()
    gate.save()
    return gate, token


def urls(payment) -> ReturnUrls:
    return ReturnUrls(
        success=f"http://testserver/en/tickets/orders/{payment.reference}/",
        cancel="http://testserver/en/tickets/",
    )


def buy_and_pay(client, box, product, adults=2, children=1, email=""):
    """Order, pay on the sandbox's hosted page, deliver Stripe's signed webhooks."""
    payment = services.start_order(
        product,
        timezone.localdate() + timedelta(days=1),
        {"adult": adults, "child": children},
        email,
        "en",
        urls,
    )
    pay_on_hosted_page(payment)
    assert all(r.status_code == 200 for r in deliver(client, box))
    payment.refresh_from_db()
    return payment


_MODULE = re.compile(r"M(\d+),(\d+)h1v1h-1z")


def decode_svgs(html: str) -> list[str]:
    """Read every QR on a page the way a scanner would: rasterise the SVG we rendered (one square
    per dark module) and hand the picture to zbarimg (zbar-tools)."""
    texts = []
    for svg in re.findall(r"<svg[^>]*class=\"ticket-qr\".*?</svg>", html, flags=re.S):
        size = int(re.search(r'viewBox="0 0 (\d+) \d+"', svg).group(1))
        path = re.search(r'<path fill="#000" d="([^"]*)"', svg).group(1)
        image = Image.new("L", (size, size), 255)
        for x, y in _MODULE.findall(path):
            image.putpixel((int(x), int(y)), 0)
        image = image.resize((size * 8, size * 8), Image.Resampling.NEAREST)
        with tempfile.TemporaryDirectory() as folder:
            picture = Path(folder) / "qr.png"
            image.save(picture)
            result = subprocess.run(
                ["zbarimg", "--quiet", "--raw", str(picture)],
                capture_output=True,
                text=True,
                check=True,
                timeout=30,
            )
        texts.append(result.stdout.strip())
    return texts
