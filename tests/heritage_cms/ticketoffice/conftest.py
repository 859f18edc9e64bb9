"""A monument's counter: two sites, a till each, a clerk of each site and a Finance user, each
only in their own group and reading the admin in English."""

import uuid

import pytest
from wagtail.users.models import UserProfile

from heritage_cms.cards.factories import ProductFactory
from heritage_cms.cards.issuing import issue_card
from heritage_cms.core.factories import UserFactory
from heritage_cms.core.money import VND
from heritage_cms.core.roles import FINANCE, TICKET_OFFICE
from heritage_cms.sites.factories import SiteFactory
from heritage_cms.ticketoffice import services
from heritage_cms.ticketoffice.models import Clerk, Till


def english_user(group: str):
    user = UserFactory(groups=[group])
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "en"
    profile.save()
    return user


@pytest.fixture
def site_a(db):
    return SiteFactory(code="dai-noi")


@pytest.fixture
def site_b(db):
    return SiteFactory(code="lang-tu-duc")


@pytest.fixture
def till_a(site_a):
    return Till.objects.create(site=site_a, name="Quầy 1")


@pytest.fixture
def till_b(site_b):
    return Till.objects.create(site=site_b, name="Quầy 1")


@pytest.fixture
def clerk_a(site_a):
    user = english_user(TICKET_OFFICE)
    Clerk.objects.create(user=user, site=site_a)
    return user


@pytest.fixture
def clerk_b(site_b):
    user = english_user(TICKET_OFFICE)
    Clerk.objects.create(user=user, site=site_b)
    return user


@pytest.fixture
def finance_user(db):
    return english_user(FINANCE)


@pytest.fixture
def shift_a(till_a, clerk_a):
    return services.open_shift(till_a, clerk_a, VND(500_000))


@pytest.fixture
def shift_b(till_b, clerk_b):
    return services.open_shift(till_b, clerk_b, VND(0))


@pytest.fixture
def day_pass(site_a):
    return ProductFactory(
        code="dai-noi-1-ngay", name="Vé Đại Nội 1 ngày", sites=["dai-noi"], price=VND(200_000)
    )


@pytest.fixture
def card(db):
    return issue_card("9704990000000101", "04EE0000000101")


def key() -> str:
    return uuid.uuid4().hex
