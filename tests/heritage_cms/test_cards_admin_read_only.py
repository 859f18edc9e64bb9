"""Taps and entitlements are made by gates and by payments, never typed into the admin."""

import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone

from heritage_cms.cards.factories import CardFactory, ProductFactory
from heritage_cms.cards.models import Entitlement, Gate, Tap
from heritage_cms.core.factories import UserFactory
from heritage_cms.core.roles import FINANCE

pytestmark = pytest.mark.django_db

TAPS = "/admin/snippets/cards/tap/"
ENTITLEMENTS = "/admin/snippets/cards/entitlement/"


@pytest.fixture
def records():
    call_command("gate_token", "Ngọ Môn 1", "--site", "dai-noi")
    card = CardFactory()
    tap = Tap.objects.create(
        gate=Gate.objects.get(),
        sequence=1,
        card=card,
        card_number=card.number,
        occurred_at=timezone.now(),
        decision="refused",
        reason="passback",
    )
    today = datetime.date.today()
    entitlement = Entitlement.objects.create(
        card=card, product=ProductFactory(), valid_from=today, valid_until=today
    )
    return tap, entitlement


def refused(response) -> bool:
    """Wagtail refuses either with 403 or by sending the user back with its 'Sorry' message."""
    return response.status_code == 403 or (
        response.status_code == 302 and "/add/" not in response["Location"]
    )


@pytest.mark.parametrize("who", ["superuser", "finance"])
def test_nobody_adds_edits_or_deletes_a_tap_or_adds_or_deletes_an_entitlement(
    client, superuser, records, who
):
    tap, entitlement = records
    user = superuser if who == "superuser" else UserFactory(groups=[FINANCE])
    client.force_login(user)
    for listing in (TAPS, ENTITLEMENTS):
        page = client.get(listing)
        assert page.status_code == 200
        assert f"{listing}add/" not in page.content.decode(), f"no Add button on {listing}"
        assert refused(client.get(f"{listing}add/")), listing
    assert refused(client.post(f"{TAPS}add/", {}))
    assert refused(client.get(f"{TAPS}edit/{tap.pk}/"))
    assert refused(client.post(f"{TAPS}edit/{tap.pk}/", {}))
    assert refused(client.post(f"{TAPS}delete/{tap.pk}/"))
    assert refused(client.post(f"{ENTITLEMENTS}delete/{entitlement.pk}/"))
    assert Tap.objects.count() == 1 and Entitlement.objects.count() == 1
    # What stays: reading both, in the inspect view.
    assert client.get(f"{TAPS}inspect/{tap.pk}/").status_code == 200
    assert client.get(f"{ENTITLEMENTS}inspect/{entitlement.pk}/").status_code == 200


def test_staff_may_still_revoke_an_entitlement(client, superuser, records):
    _tap, entitlement = records
    client.force_login(superuser)
    response = client.post(f"{ENTITLEMENTS}edit/{entitlement.pk}/", {"is_revoked": "on"})
    assert response.status_code == 302, response.content.decode()[:2000]
    entitlement.refresh_from_db()
    assert entitlement.is_revoked
