"""Snippet rows reach only the staff who hold a permission on the snippet's model.

Two ways round the snippet listings were open to every admin user: wagtail-localize's snippet
API (card numbers, to a translator) and the choosers of the snippets that the ticket office,
operations and e-tickets registered with Wagtail's plain viewset (ticket codes, clerks)."""

import pytest
from django.urls import reverse

from heritage_cms.cards.factories import CardFactory
from heritage_cms.core import roles
from heritage_cms.core.factories import UserFactory
from heritage_cms.ticketoffice.models import Clerk

from .admin_world import build_admin_world

pytestmark = pytest.mark.django_db

CARD_NUMBER = "9704180299990042"


@pytest.mark.parametrize("group", [roles.TRANSLATORS, roles.CURATORS, roles.OPERATIONS])
def test_the_snippet_api_gives_no_card_number_to_who_may_not_see_cards(client, group):
    card = CardFactory(number=CARD_NUMBER)
    client.force_login(UserFactory(groups=[group]))
    listing = client.get(reverse("wagtail_localize:snippets_api_listing", args=["cards", "card"]))
    detail = client.get(
        reverse("wagtail_localize:snippets_api_detail", args=["cards", "card", card.pk])
    )
    for response in (listing, detail):
        assert response.status_code == 403
        assert CARD_NUMBER not in response.content.decode()


def test_finance_still_reads_cards_through_the_snippet_api(client):
    card = CardFactory(number=CARD_NUMBER)
    client.force_login(UserFactory(groups=[roles.FINANCE]))
    listing = client.get(reverse("wagtail_localize:snippets_api_listing", args=["cards", "card"]))
    assert listing.status_code == 200
    assert CARD_NUMBER in listing.content.decode()
    detail = client.get(
        reverse("wagtail_localize:snippets_api_detail", args=["cards", "card", card.pk])
    )
    assert detail.json()["id"] == card.pk


@pytest.mark.parametrize(
    "model", ["tickets/ticket", "ticketoffice/clerk", "operations/operatorscope"]
)
def test_a_translator_lists_no_ticket_code_or_staff_through_a_chooser(client, home, model):
    world = build_admin_world(home)
    client.force_login(UserFactory(groups=[roles.TRANSLATORS]))
    response = client.get(f"/admin/snippets/choose/{model}/")
    assert response.status_code in (302, 403)
    if response.status_code == 302:
        assert response["Location"].split("?")[0] == "/admin/"
    page = response.content.decode()
    assert world.ticket.code not in page
    assert Clerk.objects.get().user.get_username() not in page
