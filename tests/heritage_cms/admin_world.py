"""One of every kind of object the admin lists, with real values (listing and permission tests)."""

import datetime as dt
import hashlib
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone
from wagtail.models import Page

from heritage_cms.cards.factories import CardFactory, ProductFactory
from heritage_cms.cards.models import Card, Entitlement, Gate, GateAnomaly, Product, Tap
from heritage_cms.collection.factories import RelicPageFactory
from heritage_cms.collection.models3d import Model3D
from heritage_cms.core.factories import UserFactory
from heritage_cms.core.money import VND
from heritage_cms.core.roles import OPERATIONS, TICKET_OFFICE
from heritage_cms.engagement.models import EngagementKind, StopEngagement
from heritage_cms.fieldreports import services as fieldreports
from heritage_cms.fieldreports.models import Category, VisitorReport
from heritage_cms.fieldreports.photos import clean_photo
from heritage_cms.guides.models import AudioGuide
from heritage_cms.operations.models import Alert, OperatorScope, SiteAlertSettings
from heritage_cms.payments.models import Payment, Refund
from heritage_cms.sites.factories import MonumentPageFactory, SiteFactory
from heritage_cms.sites.models import Site
from heritage_cms.ticketoffice import services as office
from heritage_cms.ticketoffice.models import Clerk, Sale, Shift, Till
from heritage_cms.tickets import services as tickets
from heritage_cms.tickets.models import Ticket, TicketFare, TicketOrder

from .photo_fixtures import phone_jpeg


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
    till: Till
    open_shift: Shift  # at the till now: its page is the desk for a clerk of the monument
    closed_shift: Shift  # counted: its Z-report can be downloaded
    sale: Sale
    clerk: Clerk
    alert: Alert
    thresholds: SiteAlertSettings
    operator_scope: OperatorScope
    report: VisitorReport  # with a photo in the private storage
    ticket_fare: TicketFare
    ticket_order: TicketOrder
    ticket: Ticket
    engagement: StopEngagement

    def instances(self) -> list:
        """The objects whose pages the admin URLs name (one per model)."""
        return [
            value
            for name, value in vars(self).items()
            if name not in ("home", "monument", "relic", "open_shift", "closed_shift")
        ] + [self.open_shift]


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
    office_world = _ticket_office(site, product, card)
    report = _visitor_report(relic)
    ticket_fare, ticket_order, ticket = _e_tickets(product)
    engagement = StopEngagement.objects.create(
        page=relic.page_ptr,
        language="ja",
        kind=EngagementKind.AUDIO_PLAY,
        hour=timezone.now().replace(minute=0, second=0, microsecond=0),
        count=12,
    )
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
        **office_world,
        alert=Alert.objects.create(
            rule=Alert.Rule.GATE_SILENT,
            subject=f"gate:{gate.pk}",
            site=site,
            message="Ngọ Môn 1 im lặng 7 phút",
            opened_at=timezone.now() - dt.timedelta(minutes=2),
            last_seen_at=timezone.now(),
        ),
        thresholds=SiteAlertSettings.objects.create(site=site, silent_minutes=7),
        operator_scope=_operator_scope(site),
        report=report,
        ticket_fare=ticket_fare,
        ticket_order=ticket_order,
        ticket=ticket,
        engagement=engagement,
    )


def _ticket_office(site: Site, product: Product, card: Card) -> dict:
    """A till of the monument with a counted shift and one open now, sold at by its clerk."""
    seller = UserFactory(groups=[TICKET_OFFICE])
    clerk = Clerk.objects.create(user=seller, site=site)
    till = Till.objects.create(site=site, name="Quầy Ngọ Môn")
    closed_shift = office.open_shift(till, seller, VND(500_000))
    office.close_shift(closed_shift, seller, VND(500_000))
    open_shift = office.open_shift(till, seller, VND(300_000))
    sale, _created = office.sell(
        open_shift,
        seller,
        office.SaleRequest(
            kind=Sale.Kind.TOP_UP,
            method=Sale.Method.CASH,
            idempotency_key="matrix-top-up-1",
            language="ko",
            card_number=card.number,
            top_up=100_000,
            product_ids=(),
        ),
    )
    return {
        "till": till,
        "open_shift": open_shift,
        "closed_shift": closed_shift,
        "sale": sale,
        "clerk": clerk,
    }


def _operator_scope(site: Site) -> OperatorScope:
    scope = OperatorScope.objects.create(user=UserFactory(groups=[OPERATIONS]))
    scope.sites.add(site)
    return scope


def _visitor_report(relic: Page) -> VisitorReport:
    """As a visitor sends it: the phone's photo re-encoded into the private storage."""
    upload = SimpleUploadedFile("IMG_0412.JPG", phone_jpeg(), content_type="image/jpeg")
    return fieldreports.submit(
        category=Category.RELIC_DAMAGE,
        text="Vạc thứ ba có vết nứt mới ở chân. 三番目の鼎にひびがあります。",
        contact="",
        language="ja",
        page=relic.page_ptr,
        photo=clean_photo(upload, keep_place=False),
    )


def _e_tickets(product: Product) -> tuple[TicketFare, TicketOrder, Ticket]:
    """An order of two adults paid by Stripe, with its signed tickets issued."""
    fare = TicketFare.objects.create(
        product=product, fare_type="adult", name="Người lớn", price=VND(200_000)
    )
    payment = Payment.objects.create(
        kind=Payment.Kind.TICKETS,
        product=product,
        amount=VND(400_000),
        status=Payment.Status.PAID,
        paid_at=timezone.now(),
    )
    order = TicketOrder.objects.create(
        payment=payment,
        product=product,
        visit_date=timezone.localdate(),
        lines=[{"fare_type": "adult", "name": "Người lớn", "price": 200_000, "count": 2}],
        language="ko",
    )
    with transaction.atomic():  # as the payment webhook issues them
        tickets.issue_for_payment(payment)
    return fare, order, order.tickets.first()


def take_up_posting(user, site: Site) -> None:
    """What a member's group calls for at the monument: a ticket-office clerk works its tills, an
    operator (not Finance, who sees every monument) watches it on the board."""
    if user.has_perm("ticketoffice.sell"):
        Clerk.objects.create(user=user, site=site)
    if user.has_perm("operations.view_board") and not user.has_perm("payments.view_finance"):
        OperatorScope.objects.create(user=user).sites.add(site)
