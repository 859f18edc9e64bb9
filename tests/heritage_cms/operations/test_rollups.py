"""Hourly tap counts kept by ingest: exact, never doubled by a resent batch, one upsert."""

from datetime import UTC, timedelta

import pytest
from django.db import connection
from django.db.models import Sum
from django.test.utils import CaptureQueriesContext

from heritage_cms.cards.ingest import ingest
from heritage_cms.cards.models import TapRollup

from .conftest import FARE, Journal, funded_card, make_gate, recently

pytestmark = pytest.mark.django_db


def test_ingest_counts_entries_exits_and_refusals_per_hour_and_reason():
    entry = Journal(make_gate("dai-noi", "Ngọ Môn 1"))
    exit_ = Journal(make_gate("dai-noi", "Hiển Nhơn", direction="exit"))
    card = funded_card()
    at = recently()
    entry.taps(card, 5, at=at)
    entry.taps(card, 2, at=at, decision="refused", reason="passback")
    entry.taps(card, 1, at=at, decision="refused", reason="forged_card")
    exit_.taps(card, 3, at=at)

    rows = {
        (r.gate.name, r.outcome, r.reason): (r.taps, r.revenue)
        for r in TapRollup.objects.select_related("gate")
    }
    assert rows == {
        ("Ngọ Môn 1", "entered", ""): (5, 5 * FARE),
        ("Ngọ Môn 1", "refused", "passback"): (2, 0),
        ("Ngọ Môn 1", "refused", "forged_card"): (1, 0),
        ("Hiển Nhơn", "exited", ""): (3, 0),
    }
    hour = TapRollup.objects.first().hour
    assert hour == at.astimezone(UTC).replace(minute=0, second=0, microsecond=0)


def test_a_resent_batch_changes_no_count_and_a_later_one_adds_to_the_same_row():
    journal = Journal(make_gate("dai-noi", "Ngọ Môn 1"))
    card = funded_card()
    at = recently()
    sent = journal.taps(card, 4, at=at)
    ingest(journal.gate, list(reversed(sent)))  # the acknowledgement was lost
    journal.taps(card, 2, at=at)
    assert TapRollup.objects.count() == 1
    assert TapRollup.objects.get().taps == 6
    assert TapRollup.objects.aggregate(r=Sum("revenue"))["r"] == 6 * FARE


def test_taps_in_different_hours_land_in_different_rows():
    journal = Journal(make_gate("dai-noi", "Ngọ Môn 1"))
    card = funded_card()
    at = recently()
    journal.taps(card, 1, at=at - timedelta(hours=2))
    journal.taps(card, 1, at=at - timedelta(days=7))
    journal.taps(card, 1, at=at)
    assert TapRollup.objects.count() == 3


def test_keeping_the_counts_costs_one_statement_per_batch():
    journal = Journal(make_gate("dai-noi", "Ngọ Môn 1"))
    card = funded_card()
    with CaptureQueriesContext(connection) as queries:
        journal.taps(card, 50, at=recently())
    rollup_statements = [q for q in queries if "cards_taprollup" in q["sql"]]
    assert len(rollup_statements) == 1
    assert "ON CONFLICT" in rollup_statements[0]["sql"]
