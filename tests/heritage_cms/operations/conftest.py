"""Gates, cards and the three kinds of staff the operations board serves."""

from datetime import datetime, timedelta

import pytest
from django.utils import timezone

from heritage_cms.cards import ledger
from heritage_cms.cards.factories import AccountFactory, CardFactory
from heritage_cms.cards.ingest import TapReport, ingest
from heritage_cms.cards.models import Account, Card, Gate
from heritage_cms.core.factories import UserFactory
from heritage_cms.core.money import VND
from heritage_cms.core.roles import FINANCE, OPERATIONS
from heritage_cms.operations.models import OperatorScope
from heritage_cms.sites.factories import SiteFactory

FARE = 60_000


def make_gate(site_code: str, name: str, direction: str = "entry", capacity=None) -> Gate:
    site = SiteFactory(code=site_code)
    if capacity is not None:
        site.capacity = capacity
        site.save()
    gate = Gate(name=name, site=site, fare=VND(FARE), direction=direction)
    gate.issue_token()
    gate.save()
    return gate


def funded_card(amount: int = 1_000_000) -> Card:
    card = CardFactory(account__floor=VND(-Card.OFFLINE_SPENDING_LIMIT))
    payments = AccountFactory(kind=Account.Kind.PAYMENTS)
    ledger.post(
        f"top:{card.number}", "top_up", [(payments, -VND(amount)), (card.account, VND(amount))]
    )
    return card


class Journal:
    """A gate's journal: numbered taps delivered through ingest, as the gate API does."""

    def __init__(self, gate: Gate):
        self.gate = gate
        self.sequence = 0

    def taps(self, card: Card, count: int, *, at: datetime, decision="entered", reason=""):
        reports = []
        for index in range(count):
            self.sequence += 1
            reports.append(
                TapReport(
                    sequence=self.sequence,
                    card_number=card.number,
                    occurred_at=at + timedelta(seconds=index),
                    decision=decision,
                    reason=reason,
                    fare=FARE if decision == "entered" and self.gate.direction == "entry" else 0,
                    journal_id="j1",
                )
            )
        ingest(self.gate, reports)
        return reports


def recently() -> datetime:
    """A moment a little while ago, in this very hour (local time): today even just after
    midnight, and in the hour the refusal-rate rule compares even just after the hour strikes."""
    now = timezone.now()
    this_hour = timezone.localtime(now).replace(minute=0, second=0, microsecond=0)
    return max(now - timedelta(minutes=3), this_hour + timedelta(seconds=1))


@pytest.fixture
def operator(db):
    """An Operations member who watches every monument."""
    user = UserFactory(groups=[OPERATIONS], first_name="Trần", last_name="Thị Hoa")
    OperatorScope.objects.create(user=user, all_sites=True)
    return user


@pytest.fixture
def finance_user(db):
    return UserFactory(groups=[FINANCE])
