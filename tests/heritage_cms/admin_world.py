"""One of every kind of object the admin lists, with real values (listing and permission tests)."""

import datetime as dt
import hashlib
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.utils import timezone
from wagtail.models import Page

from heritage_cms.cards.factories import CardFactory, ProductFactory
from heritage_cms.cards.models import Card, Entitlement, Gate, GateAnomaly, Product, Tap
from heritage_cms.collection.factories import RelicPageFactory
from heritage_cms.collection.models3d import Model3D
from heritage_cms.core.money import VND
from heritage_cms.guides.models import AudioGuide
from heritage_cms.payments.models import Payment, Refund
from heritage_cms.sites.factories import MonumentPageFactory, SiteFactory
from heritage_cms.sites.models import Site


@dataclass
class AdminWorld:
    home: Page
    monument: Page
    relic: Page
    site: Site
    gate: Gate
    card: Card
    product: Product
    entitlement: Entitlement
    tap: Tap
    anomaly: GateAnomaly
    payment: Payment
    refund: Refund
    model3d: Model3D
    guide: AudioGuide


def build_admin_world(home: Page) -> AdminWorld:
    site = SiteFactory(code="dai-noi", capacity=5000)
    monument = MonumentPageFactory(parent=home, title="Đại Nội", slug="dai-noi", site=site)
    relic = RelicPageFactory(parent=monument, title="Cửu Đỉnh", slug="cuu-dinh")
    gate = Gate.objects.create(
        name="Ngọ Môn 1",
        site=site,
        fare=VND(200_000),
        token_hash=hashlib.sha256(b"ngo-mon-1").hexdigest(),
        last_seen_at=timezone.now(),
    )
    card = CardFactory(number="9704180200000001")
    product = ProductFactory(code="dai-noi-1-ngay", name="Vé Đại Nội", price=VND(200_000))
    today = timezone.localdate()
    entitlement = Entitlement.objects.create(
        card=card, product=product, valid_from=today, valid_until=today + dt.timedelta(days=1)
    )
    tap = Tap.objects.create(
        gate=gate,
        sequence=7,
        card=card,
        card_number=card.number,
        occurred_at=timezone.now() - dt.timedelta(hours=3),
        decision=Tap.Decision.REFUSED,
        reason="passback",
    )
    anomaly = GateAnomaly.objects.create(
        gate=gate, tap=tap, kind=GateAnomaly.Kind.CLOCK_SKEW, detail={"skew_s": 400}
    )
    payment = Payment.objects.create(
        card=card,
        kind=Payment.Kind.PURCHASE,
        product=product,
        amount=VND(1_250_000),
        status=Payment.Status.PAID,
        paid_at=timezone.now(),
    )
    refund = Refund.objects.create(
        payment=payment, amount=VND(150_000), reason="Khách đổi lịch", status=Refund.Status.PENDING
    )
    model3d = Model3D(title="Cửu Đỉnh quét 3D")
    model3d.source.save("cuu-dinh.obj", ContentFile(b"v 0 0 0\nv 1 0 0\nv 0 1 0\nf 1 2 3\n"))
    guide, _created = AudioGuide.objects.get_or_create(page=relic.page_ptr)
    return AdminWorld(
        home=home,
        monument=monument,
        relic=relic,
        site=site,
        gate=gate,
        card=card,
        product=product,
        entitlement=entitlement,
        tap=tap,
        anomaly=anomaly,
        payment=payment,
        refund=refund,
        model3d=model3d,
        guide=guide,
    )
